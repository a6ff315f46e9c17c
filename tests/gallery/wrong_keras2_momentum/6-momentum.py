#!/usr/bin/env python3
"""Momentum in TensorFlow"""
import tensorflow as tf


def create_momentum_op(alpha, beta1):
    """
    Sets up the gradient descent with momentum optimization algorithm
    in TensorFlow

    alpha: learning rate
    beta1: momentum weight
    Returns: optimizer
    """
    return tf.keras.optimizers.SGD(lr=alpha, momentum=beta1)
