#!/usr/bin/env python3
"""This module has the learning_rate_decay function"""
import tensorflow as tf


def learning_rate_decay(alpha, decay_rate, decay_step):
    """
    creates a learning rate decay operation in tensorflow using
    inverse time decay

    alpha is the original learning rate
    decay_rate is the weight used to determine the rate at which
    alpha will decay
    decay_step is the number of passes of gradient descent that should
    occur before alpha is decayed further
    returns the learning rate decay operation
    """
    op = tf.keras.optimizers.schedules.InverseTimeDecay(alpha, decay_step,
                                                        decay_rate, True)
    return op
