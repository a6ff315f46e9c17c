#!/usr/bin/env python3
"""Module for building mini-batches"""
import numpy as np
shuffle_data = __import__('2-shuffle_data').shuffle_data


def create_mini_batches(X, Y, batch_size):
    """Creates mini-batches for mini-batch gradient descent

    Args:
        X (numpy.ndarray): input data of shape (m, nx)
        Y (numpy.ndarray): labels of shape (m, ny)
        batch_size (int): number of data points in a batch

    Returns:
        list: mini-batches as tuples (X_batch, Y_batch)
    """
    X, Y = shuffle_data(X, Y)
    m = X.shape[0]
    n_full = m // batch_size
    batches = []
    for k in range(n_full):
        sl = slice(k * batch_size, (k + 1) * batch_size)
        batches.append((X[sl], Y[sl]))
    if m % batch_size != 0:
        batches.append((X[n_full * batch_size:], Y[n_full * batch_size:]))
    return batches
