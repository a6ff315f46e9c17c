#!/usr/bin/env python3
"""Shuffles two matrices"""
import numpy as np


def shuffle_data(X, Y):
    """
    Shuffles the data points in two matrices

    X: numpy.ndarray of shape (m, nx) to shuffle
    Y: numpy.ndarray of shape (m, ny) to shuffle
    Returns: the shuffled X and Y matrices
    """
    X_shuffled = X[np.random.permutation(X.shape[0])]
    Y_shuffled = Y[np.random.permutation(Y.shape[0])]
    return X_shuffled, Y_shuffled
