"""Tasks 2 and 3: shuffling two matrices the same way, and mini-batches."""
from __future__ import annotations

import numpy as np


def shuffle_data(X, Y):
    """Shuffle the rows of X and Y with one permutation drawn from np.random.permutation."""
    permutation = np.random.permutation(X.shape[0])
    return X[permutation], Y[permutation]


def create_mini_batches(X, Y, batch_size):
    """Shuffle X and Y, then cut them into (X_batch, Y_batch) tuples; the last may be smaller."""
    X, Y = shuffle_data(X, Y)
    return [(X[i:i + batch_size], Y[i:i + batch_size])
            for i in range(0, X.shape[0], batch_size)]
