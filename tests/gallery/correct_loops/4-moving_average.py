#!/usr/bin/env python3
"""This module has the moving_average function"""
import numpy as np


def moving_average(data, beta):
    """
    calculates the weighted moving average of a data set

    data is the list of data to calculate the moving average of
    beta is the weight used for the moving average
    returns a list containing the moving averages of data
    """
    averages = []
    v = 0
    for i in range(len(data)):
        v = beta * v + (1 - beta) * data[i]
        bias_correction = 1 - beta ** (i + 1)
        averages.append(v / bias_correction)
    return averages
