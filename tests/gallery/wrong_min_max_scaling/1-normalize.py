#!/usr/bin/env python3
"""Normalize"""
import numpy as np


def normalize(X, m, s):
    """
    Normalizes (standardizes) a matrix

    X: numpy.ndarray of shape (d, nx) to normalize
    m: numpy.ndarray of shape (nx,) that contains the mean of all features
    s: numpy.ndarray of shape (nx,) that contains the standard deviation
    Returns: The normalized X matrix
    """
    minimum = X.min(axis=0)
    return (X - minimum) / (X.max(axis=0) - minimum)
