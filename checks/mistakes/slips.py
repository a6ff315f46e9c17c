"""The right numpy formulas of the tasks, written once with their slip points marked.

Each formula takes a ``Slips`` first: at every marked point it says what belongs there and
what a slip of some family writes instead.  Run with no slip active it computes the right
answer (and records its points); run with one point active it computes that one slip, as a
student's function with that single mistake would.  ``checks.mistakes.families`` turns the
points into variants tried on a failed case.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Point:
    """A place in a formula where a family's slip happens: what is written instead of what."""

    family: str
    right: str          # what belongs there, in code
    written: str        # what the slip writes, in code
    why: str = ""       # what that does, when the code alone does not say it
    named: str = ""     # the catalogued mistake that already names this slip, if one does


class Slips:
    """The slip points met while a formula runs, and the one point (if any) to slip at."""

    def __init__(self, active: Point | None = None):
        self.active, self.points = active, []

    def at(self, point: Point, right, slipped):
        """right, or slipped where this is the active point."""
        if self.active is None and point not in self.points:
            self.points.append(point)
        return slipped if point == self.active else right

    def out(self, names: tuple[str, ...], values: tuple):
        """The returned values, in another order where a reordering is the active point."""
        for order in itertools.permutations(range(len(values))):
            if list(order) == sorted(order):
                continue
            point = Point("values-in-another-order", ", then ".join(names),
                          ", then ".join(names[i] for i in order))
            if self.at(point, False, True):
                return tuple(values[i] for i in order)
        return tuple(values)


def _weights(k: Slips, beta: str, beta_value, old: str, new: str) -> tuple:
    """beta for the old average and (1 - beta) for the new term, each slip on its own."""
    keep = k.at(Point("one-minus-mixed-up", f"{beta} * {old}", f"(1 - {beta}) * {old}"),
                beta_value, 1 - beta_value)
    add = k.at(Point("one-minus-mixed-up", f"(1 - {beta}) * {new}", f"{beta} * {new}"),
               1 - beta_value, beta_value)
    return keep, add


def _subtract_step(k: Slips, var, step, what: str):
    return k.at(Point("sign-flipped", f"var - {what}", f"var + {what}",
                      "the step goes up the gradient instead of down"), var - step, var + step)


def normalization_constants(k: Slips, X):
    """Task 0."""
    k.at(Point("root-or-square-missing", "np.std(X, axis=0)", "np.var(X, axis=0)",
               named="constants-variance"), None, None)
    return k.out(("the mean", "the standard deviation"), (np.mean(X, axis=0), np.std(X, axis=0)))


def normalize(k: Slips, X, m, s):
    """Task 1."""
    centred = k.at(Point("sign-flipped", "X - m", "m - X"), X - m, m - X)
    return k.at(Point("operator-precedence", "(X - m) / s", "X - m / s",
                      named="normalize-precedence"), centred / s, X - m / s)


def moving_average(k: Slips, data, beta):
    """Task 4."""
    v, averages = 0.0, []
    for t, x in enumerate(data, start=1):
        keep, add = _weights(k, "beta", beta, "v", "data[t]")
        v = keep * v + add * x
        correction = k.at(Point("one-minus-mixed-up", "1 - beta ** t", "beta ** t"),
                          1 - beta ** t, beta ** t)
        correction = k.at(Point("sign-flipped", "1 - beta ** t", "1 + beta ** t"),
                          correction, 1 + beta ** t)
        averages.append(v / correction)
    return averages


def momentum(k: Slips, alpha, beta1, var, grad, v):
    """Task 5."""
    keep, add = _weights(k, "beta1", beta1, "v", "grad")
    new_v = keep * v + add * grad
    used = k.at(Point("steps-in-another-order", "v updated first, then var with the new v",
                      "var updated first with the v given, then v",
                      "the variable moves with the previous step's moment"), new_v, v)
    return k.out(("the updated variable", "the new moment"),
                 (_subtract_step(k, var, alpha * used, "alpha * v"), new_v))


def rmsprop(k: Slips, alpha, beta2, epsilon, var, grad, s):
    """Task 7."""
    squared = k.at(Point("root-or-square-missing", "grad ** 2", "grad"), grad ** 2, grad)
    keep, add = _weights(k, "beta2", beta2, "s", "grad ** 2")
    new_s = keep * s + add * squared
    used = k.at(Point("steps-in-another-order", "s updated first, then var with the new s",
                      "var updated first with the s given, then s"), new_s, s)
    root = k.at(Point("root-or-square-missing", "np.sqrt(s)", "s"), np.sqrt(used), used)
    k.at(Point("constant-in-root", "np.sqrt(s) + epsilon", "np.sqrt(s + epsilon)",
               named="rmsprop-eps-inside-sqrt"), None, None)
    updated = _subtract_step(k, var, alpha * grad / (root + epsilon),
                             "alpha * grad / (np.sqrt(s) + epsilon)")
    updated = k.at(Point("operator-precedence", "var - alpha * grad / (np.sqrt(s) + epsilon)",
                         "var - alpha * grad / np.sqrt(s) + epsilon",
                         "epsilon is added to the variable instead of to the root"),
                   updated, var - alpha * grad / root + epsilon)
    return k.out(("the updated variable", "the new second moment"), (updated, new_s))


def adam(k: Slips, alpha, beta1, beta2, epsilon, var, grad, v, s, t):
    """Task 9."""
    squared = k.at(Point("root-or-square-missing", "grad ** 2", "grad"), grad ** 2, grad)
    keep, add = _weights(k, "beta1", beta1, "v", "grad")
    new_v = keep * v + add * grad
    keep, add = _weights(k, "beta2", beta2, "s", "grad ** 2")
    new_s = keep * s + add * squared
    old = Point("steps-in-another-order", "v and s updated first, then corrected",
                "v_hat and s_hat computed from the v and s given, before their update",
                "the bias correction uses the previous step's moments")
    v_used, s_used = k.at(old, new_v, v), k.at(old, new_s, s)
    both = Point("one-minus-mixed-up", "1 - beta1 ** t and 1 - beta2 ** t",
                 "beta1 ** t and beta2 ** t")
    c1 = k.at(both, k.at(Point("one-minus-mixed-up", "1 - beta1 ** t", "beta1 ** t"),
                         1 - beta1 ** t, beta1 ** t), beta1 ** t)
    c2 = k.at(both, k.at(Point("one-minus-mixed-up", "1 - beta2 ** t", "beta2 ** t"),
                         1 - beta2 ** t, beta2 ** t), beta2 ** t)
    v_hat, s_hat = v_used / c1, s_used / c2
    root = k.at(Point("root-or-square-missing", "np.sqrt(s_hat)", "s_hat"), np.sqrt(s_hat), s_hat)
    k.at(Point("constant-in-root", "np.sqrt(s_hat) + epsilon", "np.sqrt(s_hat + epsilon)",
               named="adam-eps-inside-sqrt"), None, None)
    updated = _subtract_step(k, var, alpha * v_hat / (root + epsilon),
                             "alpha * v_hat / (np.sqrt(s_hat) + epsilon)")
    updated = k.at(Point("operator-precedence", "var - alpha * v_hat / (np.sqrt(s_hat) + epsilon)",
                         "var - alpha * v_hat / np.sqrt(s_hat) + epsilon",
                         "epsilon is added to the variable instead of to the root"),
                   updated, var - alpha * v_hat / root + epsilon)
    return k.out(("the updated variable", "the new first moment", "the new second moment"),
                 (updated, new_v, new_s))


def learning_rate_decay(k: Slips, alpha, decay_rate, global_step, decay_step):
    """Task 11."""
    decays = k.at(Point("operator-precedence", "decay_rate * (global_step // decay_step)",
                        "decay_rate * global_step // decay_step",
                        "Python computes (decay_rate * global_step) // decay_step"),
                  decay_rate * np.floor(global_step / decay_step),
                  np.floor(decay_rate * global_step / decay_step))
    denominator = k.at(Point("sign-flipped", "1 + decay_rate * ...", "1 - decay_rate * ..."),
                       1 + decays, 1 - decays)
    return k.at(Point("operator-precedence", "alpha / (1 + decay_rate * ...)",
                      "alpha / 1 + decay_rate * ...", "alpha is divided by 1 only"),
                alpha / denominator, alpha / 1 + decays)


def batch_norm(k: Slips, Z, gamma, beta, epsilon):
    """Task 13."""
    mean, variance = np.mean(Z, axis=0), np.var(Z, axis=0)
    k.at(Point("constant-in-root", "np.sqrt(variance + epsilon)", "np.sqrt(variance) + epsilon",
               named="bn-eps-outside-sqrt"), None, None)
    root = k.at(Point("root-or-square-missing", "np.sqrt(variance + epsilon)",
                      "variance + epsilon"), np.sqrt(variance + epsilon), variance + epsilon)
    centred = k.at(Point("sign-flipped", "Z - mean", "mean - Z"), Z - mean, mean - Z)
    normalized = k.at(Point("operator-precedence", "(Z - mean) / np.sqrt(variance + epsilon)",
                            "Z - mean / np.sqrt(variance + epsilon)"),
                      centred / root, Z - mean / root)
    return gamma * normalized + beta


#: task -> its right formula with slip points
FORMULAS = {0: normalization_constants, 1: normalize, 4: moving_average, 5: momentum,
            7: rmsprop, 9: adam, 11: learning_rate_decay, 13: batch_norm}

#: (task, argument, argument) -> the catalogued mistake that the swap of the two is: momentum
#: with grad and v swapped is beta1 * grad + (1 - beta1) * v, the swapped weights
NAMED_SWAPS = {(5, "grad", "v"): "momentum-swapped-weights"}
