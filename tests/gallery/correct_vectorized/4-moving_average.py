#!/usr/bin/env python3
"""Weighted moving average with bias correction"""
import numpy as np


def moving_average(data, beta):
    """
    Calculates the weighted moving average of a data set

    data: list of data to calculate the moving average of
    beta: weight used for the moving average
    Returns: a list containing the moving averages of data
    """
    x = np.asarray(data, dtype=float)
    n = x.shape[0]
    t = np.arange(1, n + 1)
    # weights[i, j] = beta ** (i - j) for j <= i, 0 otherwise
    exponents = t[:, np.newaxis] - t[np.newaxis, :]
    weights = np.tril(np.power(beta, np.maximum(exponents, 0)))
    v = (1 - beta) * np.matmul(weights, x)
    corrected = v / (1 - np.power(beta, t))
    return corrected.tolist()
