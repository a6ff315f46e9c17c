#!/usr/bin/env python3
"""Normalizes (standardizes) a matrix"""
import numpy as np


def normalize(X, m, s):
    """
    Normalizes (standardizes) a matrix

    X: numpy.ndarray of shape (d, nx) to normalize
    m: numpy.ndarray of shape (nx,) with the mean of every feature of X
    s: numpy.ndarray of shape (nx,) with the std of every feature of X
    Returns: the normalized X matrix
    """
    mean = np.mean(X, axis=0)
    std = np.std(X, axis=0)
    return (X - mean) / std
