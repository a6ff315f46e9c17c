#!/usr/bin/env python3
"""Module for stepwise inverse time decay"""
import numpy as np


def learning_rate_decay(alpha, decay_rate, global_step, decay_step):
    """Updates the learning rate using stepwise inverse time decay

    Args:
        alpha (float): original learning rate
        decay_rate (float): weight that sets how fast alpha decays
        global_step (int): passes of gradient descent that have elapsed
        decay_step (int): passes of gradient descent before alpha is
            decayed further

    Returns:
        float: the updated value for alpha
    """
    n_decays = int(global_step / decay_step)
    return alpha / (1 + decay_rate * n_decays)
