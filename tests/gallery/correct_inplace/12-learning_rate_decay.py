#!/usr/bin/env python3
"""Module for stepwise inverse time decay in TensorFlow"""
import tensorflow as tf


def learning_rate_decay(alpha, decay_rate, decay_step):
    """Creates a learning rate decay operation using inverse time decay

    Args:
        alpha (float): original learning rate
        decay_rate (float): weight that sets how fast alpha decays
        decay_step (int): passes of gradient descent before alpha is
            decayed further

    Returns:
        the learning rate decay operation
    """
    schedule = tf.keras.optimizers.schedules.InverseTimeDecay(
        alpha, decay_step, decay_rate, staircase=True
    )
    return schedule
