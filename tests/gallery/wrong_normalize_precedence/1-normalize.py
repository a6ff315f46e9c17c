#!/usr/bin/env python3
"""Normalizes a matrix"""
import numpy as np


def normalize(X, m, s):
    """
    Normalizes (standardizes) a matrix

    X: numpy.ndarray of shape (d, nx) to normalize
    m: numpy.ndarray of shape (nx,) with the mean of all features of X
    s: numpy.ndarray of shape (nx,) with the standard deviation of all
    features of X
    Returns: the normalized X matrix
    """
    return X - m / s
