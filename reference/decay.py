"""Tasks 11 and 12: stepwise inverse time decay of the learning rate."""
from __future__ import annotations

import numpy as np


def learning_rate_decay(alpha, decay_rate, global_step, decay_step):
    """Return alpha / (1 + decay_rate * floor(global_step / decay_step)) (task 11, numpy)."""
    return alpha / (1 + decay_rate * np.floor(global_step / decay_step))


def learning_rate_decay_schedule(alpha, decay_rate, decay_step):
    """Return the same stepwise decay as a Keras learning-rate schedule (task 12)."""
    import tensorflow as tf  # only task 12 needs it; task 11 stays numpy-only

    return tf.keras.optimizers.schedules.InverseTimeDecay(
        initial_learning_rate=alpha, decay_steps=decay_step, decay_rate=decay_rate,
        staircase=True)
