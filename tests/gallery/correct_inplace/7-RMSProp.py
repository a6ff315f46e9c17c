#!/usr/bin/env python3
"""Module for RMSProp"""
import numpy as np


def update_variables_RMSProp(alpha, beta2, epsilon, var, grad, s):
    """Updates a variable using the RMSProp optimization algorithm

    Args:
        alpha (float): learning rate
        beta2 (float): RMSProp weight
        epsilon (float): small number to avoid division by zero
        var (numpy.ndarray): variable to be updated
        grad (numpy.ndarray): gradient of var
        s: previous second moment of var

    Returns:
        tuple: the updated variable and the new moment
    """
    s *= beta2
    s += (1 - beta2) * grad ** 2
    var -= alpha * grad / (np.sqrt(s) + epsilon)
    return var, s
