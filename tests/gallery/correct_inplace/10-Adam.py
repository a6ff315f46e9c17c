#!/usr/bin/env python3
"""Module for the TensorFlow Adam optimizer"""
import tensorflow as tf


def create_Adam_op(alpha, beta1, beta2, epsilon):
    """Sets up the Adam optimization algorithm in TensorFlow

    Args:
        alpha (float): learning rate
        beta1 (float): weight used for the first moment
        beta2 (float): weight used for the second moment
        epsilon (float): small number to avoid division by zero

    Returns:
        the optimizer
    """
    return tf.keras.optimizers.Adam(alpha, beta1, beta2, epsilon)
