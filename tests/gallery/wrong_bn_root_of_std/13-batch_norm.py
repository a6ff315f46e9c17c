#!/usr/bin/env python3
"""Batch normalization"""
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
    mean = np.mean(Z, axis=0)
    std = np.std(Z, axis=0)
    Z_norm = (Z - mean) / np.sqrt(std + epsilon)
    return gamma * Z_norm + beta
