"""Tasks 6, 8 and 10: momentum, RMSProp and Adam as Keras optimizers."""
from __future__ import annotations

import tensorflow as tf


def create_momentum_op(alpha, beta1):
    """Return an SGD optimizer with momentum beta1 and learning rate alpha."""
    return tf.keras.optimizers.SGD(learning_rate=alpha, momentum=beta1)


def create_RMSProp_op(alpha, beta2, epsilon):
    """Return an RMSprop optimizer with discounting factor beta2."""
    return tf.keras.optimizers.RMSprop(learning_rate=alpha, rho=beta2, epsilon=epsilon)


def create_Adam_op(alpha, beta1, beta2, epsilon):
    """Return an Adam optimizer with the given moments' weights."""
    return tf.keras.optimizers.Adam(learning_rate=alpha, beta_1=beta1, beta_2=beta2,
                                    epsilon=epsilon)
