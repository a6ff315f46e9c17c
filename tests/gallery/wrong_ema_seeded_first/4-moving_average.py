#!/usr/bin/env python3
"""Moving average"""
import numpy as np


def moving_average(data, beta):
    """
    Calculates the weighted moving average of a data set

    data: list of data to calculate the moving average of
    beta: weight used for the moving average
    Returns: a list containing the moving averages of data
    """
    v = data[0]
    averages = []
    for t in range(len(data)):
        v = beta * v + (1 - beta) * data[t]
        averages.append(v / (1 - beta ** (t + 1)))
    return averages
