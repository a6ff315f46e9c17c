#!/usr/bin/env python3
"""This module has the shuffle_data function"""
import numpy as np


def shuffle_data(X, Y):
    """
    shuffles the data points in two matrices the same way

    X is the first numpy.ndarray of shape (m, nx) to shuffle
    Y is the second numpy.ndarray of shape (m, ny) to shuffle
    returns the shuffled X and Y matrices
    """
    m = X.shape[0]
    order = np.random.permutation(m)
    X_list = []
    Y_list = []
    for i in order:
        X_list.append(X[i])
        Y_list.append(Y[i])
    return [np.array(X_list), np.array(Y_list)]
