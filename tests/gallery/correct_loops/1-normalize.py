#!/usr/bin/env python3
"""This module has the normalize function"""
import numpy as np


def normalize(X, m, s):
    """
    normalizes (standardizes) a matrix

    X is the numpy.ndarray of shape (d, nx) to normalize
    m is the mean of all features of X, shape (nx,)
    s is the standard deviation of all features of X, shape (nx,)
    returns the normalized X matrix
    """
    d, nx = X.shape
    X_norm = np.zeros((d, nx))
    for j in range(nx):
        X_norm[:, j] = (X[:, j] - m[j]) / s[j]
    return X_norm
