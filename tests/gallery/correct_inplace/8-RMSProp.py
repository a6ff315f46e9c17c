#!/usr/bin/env python3
"""Module for the TensorFlow RMSProp optimizer"""
import tensorflow as tf


def create_RMSProp_op(alpha, beta2, epsilon):
    """Sets up the RMSProp optimization algorithm in TensorFlow

    Args:
        alpha (float): learning rate
        beta2 (float): RMSProp weight (discounting factor)
        epsilon (float): small number to avoid division by zero

    Returns:
        the optimizer
    """
    return tf.keras.optimizers.RMSprop(alpha, beta2, 0.0, epsilon)
