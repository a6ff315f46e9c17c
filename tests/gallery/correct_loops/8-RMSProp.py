#!/usr/bin/env python3
"""This module has the create_RMSProp_op function"""
import tensorflow as tf


def create_RMSProp_op(alpha, beta2, epsilon):
    """
    sets up the RMSProp optimization algorithm in TensorFlow

    alpha is the learning rate
    beta2 is the RMSProp weight (Discounting factor)
    epsilon is a small number to avoid division by zero
    returns the optimizer
    """
    op = tf.keras.optimizers.RMSprop(epsilon=epsilon, rho=beta2,
                                     learning_rate=alpha)
    return op
