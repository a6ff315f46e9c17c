"""Task 4: the exponentially weighted moving average with bias correction."""
from __future__ import annotations


def moving_average(data, beta):
    """Return the bias-corrected moving averages of data, as a list of floats."""
    averages = []
    v = 0.0
    for t, x in enumerate(data, start=1):
        v = beta * v + (1 - beta) * x
        averages.append(v / (1 - beta ** t))
    return averages
