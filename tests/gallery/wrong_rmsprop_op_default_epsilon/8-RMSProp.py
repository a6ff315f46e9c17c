#!/usr/bin/env python3
"""RMSProp optimizer in TensorFlow"""
import tensorflow as tf


def create_RMSProp_op(alpha, beta2, epsilon):
    """
    Sets up the RMSProp optimization algorithm in TensorFlow

    alpha: learning rate
    beta2: RMSProp weight (discounting factor)
    epsilon: small number to avoid division by zero
    Returns: optimizer
    """
    return tf.keras.optimizers.RMSprop(alpha, beta2)
