#!/usr/bin/env python3
"""Module for shuffling two data sets the same way"""
import numpy as np


def shuffle_data(X, Y):
    """Shuffles the data points in two matrices the same way

    Args:
        X (numpy.ndarray): first matrix of shape (m, nx) to shuffle
        Y (numpy.ndarray): second matrix of shape (m, ny) to shuffle

    Returns:
        tuple: the shuffled X and Y matrices
    """
    idx = np.random.permutation(len(X))
    X_shuffled = np.take(X, idx, axis=0)
    Y_shuffled = np.take(Y, idx, axis=0)
    return X_shuffled, Y_shuffled
