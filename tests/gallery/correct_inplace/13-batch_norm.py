#!/usr/bin/env python3
"""Module for batch normalization"""
import numpy as np


def batch_norm(Z, gamma, beta, epsilon):
    """Normalizes an unactivated output using batch normalization

    Args:
        Z (numpy.ndarray): shape (m, n), the values to normalize
        gamma (numpy.ndarray): shape (1, n), the scales
        beta (numpy.ndarray): shape (1, n), the offsets
        epsilon (float): small number used to avoid division by zero

    Returns:
        numpy.ndarray: the normalized Z matrix
    """
    mean = np.mean(Z, axis=0)
    var = np.var(Z, axis=0)
    Z_norm = (Z - mean) / np.sqrt(var + epsilon)
    return gamma * Z_norm + beta
