#!/usr/bin/env python3
"""Inverse time decay in TensorFlow"""
import tensorflow as tf


def learning_rate_decay(alpha, decay_rate, decay_step):
    """
    Creates a learning rate decay operation using inverse time decay

    alpha: original learning rate
    decay_rate: weight used to determine the rate at which alpha decays
    decay_step: number of passes of gradient descent that should occur
    before alpha is decayed further
    Returns: the learning rate decay operation
    """
    global_step = tf.compat.v1.train.get_or_create_global_step()
    return tf.compat.v1.train.inverse_time_decay(alpha, global_step,
                                                 decay_step, decay_rate,
                                                 staircase=True)
