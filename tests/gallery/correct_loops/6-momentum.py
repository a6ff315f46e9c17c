#!/usr/bin/env python3
"""This module has the create_momentum_op function"""
import tensorflow as tf


def create_momentum_op(alpha, beta1):
    """
    sets up the gradient descent with momentum optimization
    algorithm in TensorFlow

    alpha is the learning rate
    beta1 is the momentum weight
    returns the optimizer
    """
    op = tf.keras.optimizers.SGD(momentum=beta1, learning_rate=alpha)
    return op
