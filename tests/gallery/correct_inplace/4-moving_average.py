#!/usr/bin/env python3
"""Module for the bias-corrected exponentially weighted average"""
import numpy as np


def moving_average(data, beta):
    """Calculates the weighted moving average of a data set

    Args:
        data (list): data to calculate the moving average of
        beta (float): weight used for the moving average

    Returns:
        list: the bias-corrected moving averages of data
    """
    data = np.array(data, dtype=float)
    v = np.zeros(data.shape)
    prev = 0.0
    for i, x in enumerate(data):
        prev = beta * prev + (1 - beta) * x
        v[i] = prev
    steps = np.arange(1, data.shape[0] + 1)
    v /= 1 - beta ** steps
    return v.tolist()
