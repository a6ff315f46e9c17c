#!/usr/bin/env python3
"""Creates mini-batches for mini-batch gradient descent"""
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
    mini_batches = []
    start = 0
    while start < X.shape[0]:
        end = start + batch_size
        mini_batches.append((X[start:end], Y[start:end]))
        start = end
    return mini_batches
