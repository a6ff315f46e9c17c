"""Reference implementations of tasks 0 to 14, one function per task, as the spec defines them.

Only the trusted side imports this package: it computes the expected outputs stored
under data/ (``grader data build``) and never enters the sandbox.
"""
from __future__ import annotations

from reference.averages import moving_average
from reference.batch_norm import batch_norm, create_batch_norm_layer
from reference.decay import learning_rate_decay, learning_rate_decay_schedule
from reference.normalization import normalization_constants, normalize
from reference.numpy_optimizers import (update_variables_Adam, update_variables_momentum,
                                        update_variables_RMSProp)
from reference.shuffling import create_mini_batches, shuffle_data
from reference.tf_optimizers import create_Adam_op, create_momentum_op, create_RMSProp_op

#: Task id -> the reference function for that task.
FUNCTIONS = {
    0: normalization_constants,
    1: normalize,
    2: shuffle_data,
    3: create_mini_batches,
    4: moving_average,
    5: update_variables_momentum,
    6: create_momentum_op,
    7: update_variables_RMSProp,
    8: create_RMSProp_op,
    9: update_variables_Adam,
    10: create_Adam_op,
    11: learning_rate_decay,
    12: learning_rate_decay_schedule,
    13: batch_norm,
    14: create_batch_norm_layer,
}
