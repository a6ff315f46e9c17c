#!/usr/bin/env python3
"""Batch normalization layer in TensorFlow"""
import tensorflow as tf


def create_batch_norm_layer(prev, n, activation):
    """
    Creates a batch normalization layer for a neural network

    prev: activated output of the previous layer
    n: number of nodes in the layer to be created
    activation: activation function used on the output of the layer
    Returns: a tensor of the activated output for the layer
    """
    init = tf.keras.initializers.VarianceScaling(mode='fan_avg')
    Z = tf.keras.layers.Dense(n, kernel_initializer=init)(prev)
    Z_norm = tf.keras.layers.BatchNormalization()(Z, training=True)
    return activation(Z_norm)
