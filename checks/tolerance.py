"""The one tolerance rule used for every numeric comparison: scalars, arrays and tensors alike.

A received value ``a`` matches the expected value ``e`` when

    |a - e| <= atol + rtol * |e|

which is numpy's ``isclose`` with the expected value as the reference (it is not symmetric).
NaN and infinities never match a finite expected value; the expected values never contain NaN.

Why these numbers: correct float64 code written another way (loops, ``np.sqrt(np.var())``,
another order of operations) drifts by about 1e-9 relative after 1000 training iterations, and
correct float32 code by about 1e-6; the mistakes students make move the values by far more
than 1e-4 on the cases the checks use (the hidden cases pick hyperparameters that make small
mistakes, such as epsilon inside the square root, visible).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Tolerance:
    """rtol and atol of the rule in this module's docstring."""

    rtol: float
    atol: float

    def close(self, actual, expected) -> np.ndarray:
        """Elementwise: does actual match expected? (Both already of one shape.)"""
        actual = np.asarray(actual, dtype=np.float64)
        expected = np.asarray(expected, dtype=np.float64)
        with np.errstate(invalid="ignore", over="ignore"):
            return np.abs(actual - expected) <= self.atol + self.rtol * np.abs(expected)

    def __str__(self) -> str:
        if self.rtol == 0 and self.atol == 0:
            return "exact"
        return f"rtol={self.rtol:g}, atol={self.atol:g}"


EXACT = Tolerance(0.0, 0.0)
FLOAT64 = Tolerance(rtol=1e-6, atol=1e-9)
FLOAT32_INPUT = Tolerance(rtol=1e-5, atol=1e-6)   # numpy tasks given float32 inputs
# Training cases compare the cost at every iteration.  Near the optimum RMSProp and Adam with a
# tiny epsilon take sign-like steps of size alpha, so the weights wander chaotically (1e-2
# apart between correct implementations) while the cost, flat there, stays within 1e-7.
TRAINING = Tolerance(rtol=1e-5, atol=1e-9)
TF_FLOAT32 = Tolerance(rtol=1e-5, atol=1e-6)      # optimizers and schedules, float32 throughout
TF_LAYER = Tolerance(rtol=1e-4, atol=1e-5)        # batch-norm layer: moments computed many ways
