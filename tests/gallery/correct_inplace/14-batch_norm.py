#!/usr/bin/env python3
"""Module for a batch normalization layer in TensorFlow"""
import tensorflow as tf


def create_batch_norm_layer(prev, n, activation):
    """Creates a batch normalization layer for a neural network

    Args:
        prev: activated output of the previous layer
        n (int): number of nodes in the layer to be created
        activation: activation function used on the output of the layer

    Returns:
        a tensor of the activated output for the layer
    """
    init = tf.keras.initializers.VarianceScaling(mode='fan_avg')
    Z = tf.keras.layers.Dense(n, kernel_initializer=init)(prev)
    gamma = tf.Variable(initial_value=tf.ones((1, n)), name='gamma')
    beta = tf.Variable(initial_value=tf.zeros((1, n)), name='beta')
    mean = tf.reduce_mean(Z, axis=0, keepdims=True)
    var = tf.math.reduce_variance(Z, axis=0, keepdims=True)
    Z_norm = (Z - mean) / tf.sqrt(var + 1e-7)
    return activation(gamma * Z_norm + beta)
