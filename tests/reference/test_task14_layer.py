"""Task 14: the reference create_batch_norm_layer on a small seeded input."""
from __future__ import annotations

import random

import numpy as np
import tensorflow as tf

from reference import FUNCTIONS


def run_layer(activation) -> np.ndarray:
    """Seed everything, then apply create_batch_norm_layer(n=16) to a seeded float32 (64, 20) input."""
    random.seed(0)
    np.random.seed(0)
    tf.random.set_seed(0)
    tf.keras.utils.set_random_seed(0)
    prev = np.random.normal(0, 1, size=(64, 20)).astype(np.float32)
    return FUNCTIONS[14](prev, 16, activation)


def test_task_14_shape():
    """With tf.nn.tanh the layer returns a tensor of shape (64, 16)."""
    assert tuple(run_layer(tf.nn.tanh).shape) == (64, 16)


def test_task_14_normalized_columns():
    """With tf.identity every column has mean ~0 and population std ~1."""
    out = np.asarray(run_layer(tf.identity), dtype=np.float64)
    np.testing.assert_allclose(out.mean(axis=0), 0, rtol=0, atol=1e-5)
    np.testing.assert_allclose(out.std(axis=0), 1, rtol=0, atol=1e-3)


def test_task_14_deterministic():
    """Two calls under the same seeds give identical outputs."""
    np.testing.assert_array_equal(np.asarray(run_layer(tf.nn.tanh)), np.asarray(run_layer(tf.nn.tanh)))
