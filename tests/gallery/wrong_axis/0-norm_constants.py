#!/usr/bin/env python3
"""Normalization constants of a data matrix"""
import numpy as np


def normalization_constants(X):
    """
    Calculates the normalization (standardization) constants of a matrix

    X: numpy.ndarray of shape (m, nx) to normalize
    Returns: the mean and standard deviation of each feature, respectively
    """
    mean = np.mean(X, axis=1)
    std = np.std(X, axis=1)
    return mean, std
