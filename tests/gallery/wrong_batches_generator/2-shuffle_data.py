#!/usr/bin/env python3
"""Shuffle data"""
import numpy as np


def shuffle_data(X, Y):
    """
    Shuffles the data points in two matrices the same way

    X: first numpy.ndarray of shape (m, nx) to shuffle
    Y: second numpy.ndarray of shape (m, ny) to shuffle
    Returns: the shuffled X and Y matrices
    """
    permutation = np.random.permutation(X.shape[0])
    return X[permutation], Y[permutation]
