#!/usr/bin/env python3
"""Module for gradient descent with momentum"""
import numpy as np


def update_variables_momentum(alpha, beta1, var, grad, v):
    """Updates a variable using gradient descent with momentum

    Args:
        alpha (float): learning rate
        beta1 (float): momentum weight
        var (numpy.ndarray): variable to be updated
        grad (numpy.ndarray): gradient of var
        v: previous first moment of var

    Returns:
        tuple: the updated variable and the new moment
    """
    v *= beta1
    v += (1 - beta1) * grad
    var -= alpha * v
    return var, v
