#!/usr/bin/env python3
"""Normalization constants"""
import numpy as np


def normalization_constants(X):
    """
    Calculates the normalization (standardization) constants of a matrix

    X: numpy.ndarray of shape (m, nx) to normalize
    Returns: the mean and standard deviation of each feature, respectively
    """
    minimum = np.min(X, axis=0)
    return minimum, np.max(X, axis=0) - minimum
