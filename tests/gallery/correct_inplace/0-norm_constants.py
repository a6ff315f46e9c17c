#!/usr/bin/env python3
"""Module for computing standardization constants"""
import numpy as np


def normalization_constants(X):
    """Calculates the normalization (standardization) constants of X

    Args:
        X (numpy.ndarray): matrix of shape (m, nx) to normalize

    Returns:
        tuple: the mean and standard deviation of each feature
    """
    m = X.shape[0]
    mean = X.sum(axis=0) / m
    std = np.sqrt(((X - mean) ** 2).sum(axis=0) / m)
    return mean, std
