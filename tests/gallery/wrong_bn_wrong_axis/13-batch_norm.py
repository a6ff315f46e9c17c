#!/usr/bin/env python3
"""Batch normalization in numpy"""
import numpy as np


def batch_norm(Z, gamma, beta, epsilon):
    """
    Normalizes an unactivated output of a neural network using batch
    normalization

    Z: numpy.ndarray of shape (m, n) that should be normalized
    gamma: numpy.ndarray of shape (1, n) containing the scales
    beta: numpy.ndarray of shape (1, n) containing the offsets
    epsilon: small number used to avoid division by zero
    Returns: the normalized Z matrix
    """
    mean = np.mean(Z, axis=1, keepdims=True)
    variance = np.var(Z, axis=1, keepdims=True)
    Z_norm = (Z - mean) / np.sqrt(variance + epsilon)
    return gamma * Z_norm + beta
