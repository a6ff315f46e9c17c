#!/usr/bin/env python3
"""This module has the update_variables_RMSProp function"""
import numpy as np


def update_variables_RMSProp(alpha, beta2, epsilon, var, grad, s):
    """
    updates a variable using the RMSProp optimization algorithm

    alpha is the learning rate
    beta2 is the RMSProp weight
    epsilon is a small number to avoid division by zero
    var is a numpy.ndarray containing the variable to be updated
    grad is a numpy.ndarray containing the gradient of var
    s is the previous second moment of var
    returns the updated variable and the new moment
    """
    sdW = beta2 * s + (1 - beta2) * (grad * grad)
    W = var - alpha * (grad / (sdW ** 0.5 + epsilon))
    return W, sdW
