#!/usr/bin/env python3
"""This module has the normalization_constants function"""
import numpy as np


def normalization_constants(X):
    """
    calculates the normalization (standardization) constants of a matrix

    X is the numpy.ndarray of shape (m, nx) to normalize
    returns the mean and standard deviation of each feature
    """
    nx = X.shape[1]
    means = []
    stds = []
    for j in range(nx):
        column = X[:, j]
        means.append(np.mean(column))
        stds.append(np.sqrt(np.var(column)))
    m = np.array(means)
    s = np.array(stds)
    return [m, s]
