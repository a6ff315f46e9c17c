"""Tasks 5, 7 and 9: one update step of momentum, RMSProp and Adam in numpy."""
from __future__ import annotations

import numpy as np


def update_variables_momentum(alpha, beta1, var, grad, v):
    """Return the variable after one step of gradient descent with momentum, and the new moment."""
    v = beta1 * v + (1 - beta1) * grad
    return var - alpha * v, v


def update_variables_RMSProp(alpha, beta2, epsilon, var, grad, s):
    """Return the variable after one RMSProp step, and the new second moment."""
    s = beta2 * s + (1 - beta2) * grad ** 2
    return var - alpha * grad / (np.sqrt(s) + epsilon), s


def update_variables_Adam(alpha, beta1, beta2, epsilon, var, grad, v, s, t):
    """Return the variable after Adam step t, and the new (uncorrected) first and second moments."""
    v = beta1 * v + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * grad ** 2
    v_corrected = v / (1 - beta1 ** t)
    s_corrected = s / (1 - beta2 ** t)
    return var - alpha * v_corrected / (np.sqrt(s_corrected) + epsilon), v, s
