#!/usr/bin/env python3
"""Creates mini-batches for mini-batch gradient descent"""


def shuffle_data(X, Y):
    """
    Returns X and Y as they are (a stand-in for the real shuffle)

    X: numpy.ndarray of shape (m, nx)
    Y: numpy.ndarray of shape (m, ny)
    Returns: X and Y
    """
    return X, Y


def create_mini_batches(X, Y, batch_size):
    """
    Creates mini-batches to be used for training a neural network

    X: numpy.ndarray of shape (m, nx) representing input data
    Y: numpy.ndarray of shape (m, ny) representing the labels
    batch_size: number of data points in a batch
    Returns: list of mini-batches containing tuples (X_batch, Y_batch)
    """
    X, Y = shuffle_data(X, Y)
    return [(X[i:i + batch_size], Y[i:i + batch_size])
            for i in range(0, X.shape[0], batch_size)]
