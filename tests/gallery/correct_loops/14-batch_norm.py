#!/usr/bin/env python3
"""This module has the create_batch_norm_layer function"""
import tensorflow as tf


def create_batch_norm_layer(prev, n, activation):
    """
    creates a batch normalization layer for a neural network in tensorflow

    prev is the activated output of the previous layer
    n is the number of nodes in the layer to be created
    activation is the activation function that should be used on the
    output of the layer
    returns a tensor of the activated output for the layer
    """
    initializer = tf.keras.initializers.VarianceScaling(mode='fan_avg')
    layer = tf.keras.layers.Dense(n, kernel_initializer=initializer)
    Z = layer(prev)
    bn_layer = tf.keras.layers.BatchNormalization(epsilon=1e-7)
    Z_norm = bn_layer(Z, training=True)
    A = activation(Z_norm)
    return A
