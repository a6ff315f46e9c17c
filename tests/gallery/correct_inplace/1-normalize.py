#!/usr/bin/env python3
"""Module for standardizing a matrix"""
import numpy as np


def normalize(X, m, s):
    """Normalizes (standardizes) a matrix

    Args:
        X (numpy.ndarray): matrix of shape (d, nx) to normalize
        m (numpy.ndarray): shape (nx,), mean of all features of X
        s (numpy.ndarray): shape (nx,), standard deviation of all features

    Returns:
        numpy.ndarray: the normalized X matrix
    """
    X_norm = np.array(X, dtype=float)
    X_norm -= m
    X_norm /= s
    return X_norm
