#!/usr/bin/env python3
"""Module for the TensorFlow momentum optimizer"""
import tensorflow as tf


def create_momentum_op(alpha, beta1):
    """Sets up gradient descent with momentum in TensorFlow

    Args:
        alpha (float): learning rate
        beta1 (float): momentum weight

    Returns:
        the optimizer
    """
    return tf.keras.optimizers.SGD(alpha, beta1)
