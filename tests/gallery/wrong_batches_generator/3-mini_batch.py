#!/usr/bin/env python3
"""Mini-batch"""
import numpy as np
shuffle_data = __import__('2-shuffle_data').shuffle_data


def create_mini_batches(X, Y, batch_size):
    """
    Creates mini-batches to be used for training a neural network

    X: numpy.ndarray of shape (m, nx) representing input data
    Y: numpy.ndarray of shape (m, ny) representing the labels
    batch_size: number of data points in a batch
    Returns: list of mini-batches containing tuples (X_batch, Y_batch)
    """
    X, Y = shuffle_data(X, Y)
    for i in range(0, X.shape[0], batch_size):
        yield X[i:i + batch_size], Y[i:i + batch_size]
