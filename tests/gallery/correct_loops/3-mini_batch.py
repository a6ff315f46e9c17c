#!/usr/bin/env python3
"""This module has the create_mini_batches function"""
import numpy as np
shuffle_data = __import__('2-shuffle_data').shuffle_data


def create_mini_batches(X, Y, batch_size):
    """
    creates mini-batches to be used for training a neural network
    using mini-batch gradient descent

    X is a numpy.ndarray of shape (m, nx) representing input data
    Y is a numpy.ndarray of shape (m, ny) representing the labels
    batch_size is the number of data points in a batch
    returns a list of mini-batches containing tuples (X_batch, Y_batch)
    """
    X_shuffled, Y_shuffled = shuffle_data(X, Y)
    m = X.shape[0]
    mini_batches = []
    start = 0
    while start < m:
        end = start + batch_size
        if end > m:
            end = m
        X_batch = X_shuffled[start:end]
        Y_batch = Y_shuffled[start:end]
        mini_batches.append((X_batch, Y_batch))
        start = end
    return mini_batches
