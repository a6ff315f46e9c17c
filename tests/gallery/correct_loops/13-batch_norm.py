#!/usr/bin/env python3
"""This module has the batch_norm function"""
import numpy as np


def batch_norm(Z, gamma, beta, epsilon):
    """
    normalizes an unactivated output of a neural network using
    batch normalization

    Z is a numpy.ndarray of shape (m, n) that should be normalized
    gamma is a numpy.ndarray of shape (1, n) containing the scales
    beta is a numpy.ndarray of shape (1, n) containing the offsets
    epsilon is a small number used to avoid division by zero
    returns the normalized Z matrix
    """
    m, n = Z.shape
    Z_out = np.zeros((m, n))
    for j in range(n):
        column = Z[:, j]
        mu = np.sum(column) / m
        var = np.sum((column - mu) ** 2) / m
        Z_norm = (column - mu) / np.sqrt(var + epsilon)
        Z_out[:, j] = gamma[0, j] * Z_norm + beta[0, j]
    return Z_out
