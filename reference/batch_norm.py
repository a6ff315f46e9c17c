"""Tasks 13 and 14: batch normalization in numpy, and as a TensorFlow layer."""
from __future__ import annotations

import numpy as np


def batch_norm(Z, gamma, beta, epsilon):
    """Normalize each column of Z with its batch mean and population variance, then scale and shift."""
    mean = np.mean(Z, axis=0)
    variance = np.var(Z, axis=0)
    return gamma * (Z - mean) / np.sqrt(variance + epsilon) + beta


def create_batch_norm_layer(prev, n, activation):
    """Dense(n) without activation, batch-normalized with trainable gamma=1 and beta=0, then activated."""
    import tensorflow as tf

    dense = tf.keras.layers.Dense(
        units=n, kernel_initializer=tf.keras.initializers.VarianceScaling(mode='fan_avg'))
    Z = dense(prev)
    mean, variance = tf.nn.moments(Z, axes=[0])
    gamma = tf.Variable(tf.ones([n]), trainable=True, name='gamma')
    beta = tf.Variable(tf.zeros([n]), trainable=True, name='beta')
    return activation(tf.nn.batch_normalization(Z, mean, variance, beta, gamma, 1e-7))
