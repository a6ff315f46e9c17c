"""The task table: for each task 0 to 14, its file, function, driver, tolerance and checks.

A check looks at one case's output and returns None (passed) or a message.  Every check
runs on every case of its task unless its ``when`` says otherwise.  Each task is worth
``TASK_POINTS``, split across its checks by weight.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from checks import tolerance as tol
from checks.cases import CheckCase, cases_for
from checks.compare import compare_arrays, compare_values, plural, to_array, type_name, unpack
from checks.results import Note
from checks.shuffle import check_batches, check_shuffle
from harness.drivers import TF_DRIVERS

TASK_POINTS = 4.0


IN_PLACE = "in-place"  # the tag of the case that only asks whether arguments change in place


def _on_values(case: CheckCase) -> bool:
    """Every case but the in-place probe, whose output says nothing of the values."""
    return IN_PLACE not in case.tags


@dataclass(frozen=True)
class Check:
    """A named judgement of one case's output: evaluate(actual, expected, case, tol, reveal)."""

    name: str
    evaluate: Callable
    weight: float = 1.0
    when: Callable[[CheckCase], bool] = _on_values


@dataclass(frozen=True)
class Task:
    """One graded task of the assignment."""

    id: int
    file: str
    function: str
    driver: str
    tolerance: tol.Tolerance
    checks: tuple[Check, ...]

    @property
    def uses_tf(self) -> bool:
        return self.driver in TF_DRIVERS

    def cases(self) -> list[CheckCase]:
        return cases_for(self.id)

    def driver_for(self, case: CheckCase) -> str:
        return case.driver or self.driver


# ---------------------------------------------------------------- generic checks


def _values(returns: tuple[str, ...]):
    """A check comparing the returned values (or the training costs) with the expected ones."""

    def check(actual, expected, case, tolerance, reveal):
        if "training" in case.tags:
            return compare_values(actual, expected, tolerance,
                                  "the training (the cost at every iteration)", reveal)
        return compare_values(actual, expected, tolerance, "the result", reveal, returns)

    return check


def _exact_order(names: tuple[str, ...], batches: bool = False):
    """Exactly the reference's values under the same np.random.seed (tasks 2 and 3)."""
    what = "the order under np.random.seed"

    def check(actual, expected, case, tolerance, reveal):
        if not batches:
            return compare_values(actual, expected, tol.EXACT, what, reveal, names)
        if not isinstance(actual, (list, tuple)) or len(actual) != len(expected):
            got = (plural(len(actual), "batch", "batches") if isinstance(actual, (list, tuple))
                   else type_name(actual))
            return f"{what}: expected {plural(len(expected), 'batch', 'batches')}, got {got}"
        for i, (a, e) in enumerate(zip(actual, expected)):
            problem = compare_values(a, e, tol.EXACT, f"{what}, batch {i + 1}", reveal, names)
            if problem:
                return problem
        return None

    return check


def is_shuffle(actual, expected, case, tolerance, reveal):
    return check_shuffle(actual, *case.inputs["args"])


def are_batches(actual, expected, case, tolerance, reveal):
    return check_batches(actual, *case.inputs["args"])


OWN_SHUFFLE_NOTE = ("right given your own shuffle_data: these batches are exactly what slicing "
                    "its output gives, so this check is not charged for it; but shuffle_data "
                    "(task 2, 2-shuffle_data.py) does not give the spec's order: task 2 is where "
                    "the bug is")


def _cut(shuffled, batch_size: int) -> list | None:
    """The batches that slicing a (X, Y) pair gives, or None if it is not a pair of arrays."""
    pair, problem = unpack(shuffled, 2)
    arrays = None if problem else [to_array(part) for part in pair]
    if arrays is None or any(a is None or a.ndim == 0 for a in arrays):
        return None
    X, Y = arrays
    return [(X[i:i + batch_size], Y[i:i + batch_size]) for i in range(0, len(X), batch_size)]


def on_own_shuffle(check: Callable) -> Callable:
    """Task 3's check, given the driver's {"batches", "own_shuffle"}: the batches are judged by
    check; wrong ones that are exactly the slicing of the student's own shuffle_data output
    (recorded in the sandbox under the same seed), where that output is not the spec's, pass
    with a note: the bug is in task 2, and it is charged there only."""

    def evaluate(actual, expected, case, tolerance, reveal):
        problem = check(actual["batches"], expected["batches"], case, tolerance, reveal)
        own = actual.get("own_shuffle")
        if problem is None or own is None:
            return problem
        if compare_values(own, expected["own_shuffle"], tol.EXACT, "") is None:
            return problem  # task 2 is right: the batches are task 3's own mistake
        cut = _cut(own, case.inputs["args"][2])
        if cut is not None and compare_values(actual["batches"], cut, tol.EXACT, "") is None:
            return Note(OWN_SHUFFLE_NOTE, problem)
        return problem

    return evaluate


def changes_in_place(actual, expected, case, tolerance, reveal):
    """A note (never a deduction) when the function changed its caller's arrays: the spec
    allows it, but the caller's own arrays then change under it."""
    names = case.inputs.get("names", ())
    changed = [names[i] if isinstance(i, int) and 0 <= i < len(names) else f"argument {i}"
               for i in actual["changed"]]
    if not changed:
        return None
    return Note(f"the function changes its caller's {', '.join(changed)} in place; the spec "
                "allows it, but a caller that keeps using them sees them changed (compute new "
                "arrays instead, e.g. var = var - alpha * v rather than var -= alpha * v)")


IN_PLACE_CHECK = Check("arguments left as they were", changes_in_place, weight=0.0,
                       when=lambda case: IN_PLACE in case.tags)


def _returning(*names: str) -> tuple[Check, ...]:
    return (Check("values", _values(names)), IN_PLACE_CHECK)


VALUES = _returning()


# ---------------------------------------------------------------- TensorFlow checks


def _hyperparameters(task_params: tuple[str, ...]):
    """A check that the optimizer is the expected Keras class with the expected settings."""

    def check(actual, expected, case, tolerance, reveal):
        got, want = actual["optimizer"], expected["optimizer"]
        if got["class"] != want["class"]:
            return f"the optimizer is a {got['class']}, expected a Keras {want['class']}"
        config = got.get("config", {})
        for name in task_params:
            if name not in config:
                return f"the optimizer's config has no {name}"
            g, w = config[name], want["config"][name]
            same = (g == w) if isinstance(w, bool) else (
                not isinstance(g, (bool, str, type(None))) and bool(tolerance.close(g, w)))
            if not same:
                return f"{name} is {g}, expected {w}" if reveal else f"{name} is {g}, not as asked"
        return None

    return check


def optimizer_training(actual, expected, case, tolerance, reveal):
    return compare_values({k: actual[k] for k in ("losses", "weights")},
                          {k: expected[k] for k in ("losses", "weights")}, tolerance,
                          f"a Keras model after {case.inputs['steps']} apply_gradients steps", reveal)


def schedule(actual, expected, case, tolerance, reveal):
    return (compare_arrays(actual["values"], expected["values"], tolerance,
                           "the learning rate at each step", reveal)
            or compare_arrays(actual["variable_after_sgd"], expected["variable_after_sgd"],
                              tolerance, "a variable after 3 SGD steps using the schedule", reveal))


def layer_output(actual, expected, case, tolerance, reveal):
    return compare_arrays(actual["output"], expected["output"], tolerance,
                          "the layer's output (same seeds as the reference)", reveal)


def _trainable(variables, n: int, fill: float, skip_bias: bool) -> bool:
    for v in variables:
        initial = to_array(v["initial"])
        if (v["trainable"] and initial is not None and initial.size == n
                and np.all(initial == fill) and not (skip_bias and "bias" in v["name"])):
            return True
    return False


def gamma_beta(actual, expected, case, tolerance, reveal):
    n, variables = case.inputs["n"], actual["variables"]
    if not _trainable(variables, n, 1.0, False):
        return f"no trainable gamma of {n} ones was created"
    if not _trainable(variables, n, 0.0, True):
        return f"no trainable beta of {n} zeros was created (besides the Dense layer's bias)"
    return None


def kernel_initializer(actual, expected, case, tolerance, reveal):
    shape = (case.inputs["prev"].shape[1], case.inputs["n"])
    want = next(to_array(v["initial"]) for v in expected["variables"]
                if to_array(v["initial"]).shape == shape)
    kernels = [to_array(v["initial"]) for v in actual["variables"]]
    kernels = [k for k in kernels if k is not None and k.shape == shape]
    if not kernels:
        return f"no Dense kernel of shape {shape} was created"
    if not tolerance.close(kernels[0], want).all():
        return ("the Dense kernel's initial weights differ from "
                "tf.keras.initializers.VarianceScaling(mode='fan_avg') under the same seeds")
    return None


def normalized(actual, expected, case, tolerance, reveal):
    output = to_array(actual["output"])
    shape = (case.inputs["prev"].shape[0], case.inputs["n"])
    if output is None or output.shape != shape:
        return f"expected a tensor of shape {shape}, got {type_name(actual['output'])}"
    mean, std = output.mean(axis=0), output.std(axis=0)
    if not (np.abs(mean) < 1e-4).all() or not (np.abs(std - 1) < 1e-3).all():
        return ("without an activation, every column should have mean 0 and standard deviation 1 "
                f"(gamma = 1, beta = 0); got means up to {np.abs(mean).max():.3g} and standard "
                f"deviations from {std.min():.4g} to {std.max():.4g}")
    return None


def _tagged(tag: str) -> Callable[[CheckCase], bool]:
    return lambda case: tag in case.tags


def _optimizer_checks(params: tuple[str, ...]) -> tuple[Check, ...]:
    return (Check("optimizer", _hyperparameters(params), weight=0.5),
            Check("training", optimizer_training))


# ---------------------------------------------------------------- the table

_SHUFFLE = (Check("same order as np.random.permutation",
                  _exact_order(("the shuffled X", "the shuffled Y"))),
            Check("a shuffle keeping X and Y aligned", is_shuffle), IN_PLACE_CHECK)
_BATCHES = (Check("same batches as shuffle_data then slicing",
                  on_own_shuffle(_exact_order(("X_batch", "Y_batch"), batches=True))),
            Check("batches: sizes, every data point once, X and Y aligned",
                  on_own_shuffle(are_batches)), IN_PLACE_CHECK)

TASKS: dict[int, Task] = {t.id: t for t in [
    Task(0, "0-norm_constants.py", "normalization_constants", "call", tol.FLOAT64,
         _returning("the mean", "the standard deviation")),
    Task(1, "1-normalize.py", "normalize", "call", tol.FLOAT64, VALUES),
    Task(2, "2-shuffle_data.py", "shuffle_data", "call", tol.EXACT, _SHUFFLE),
    Task(3, "3-mini_batch.py", "create_mini_batches", "batches", tol.EXACT, _BATCHES),
    Task(4, "4-moving_average.py", "moving_average", "call", tol.FLOAT64, VALUES),
    Task(5, "5-momentum.py", "update_variables_momentum", "call", tol.FLOAT64,
         _returning("the updated variable", "the new moment")),
    Task(6, "6-momentum.py", "create_momentum_op", "tf_optimizer", tol.TF_FLOAT32,
         _optimizer_checks(("learning_rate", "momentum", "nesterov"))),
    Task(7, "7-RMSProp.py", "update_variables_RMSProp", "call", tol.FLOAT64,
         _returning("the updated variable", "the new second moment")),
    Task(8, "8-RMSProp.py", "create_RMSProp_op", "tf_optimizer", tol.TF_FLOAT32,
         _optimizer_checks(("learning_rate", "rho", "epsilon", "momentum", "centered"))),
    Task(9, "9-Adam.py", "update_variables_Adam", "call", tol.FLOAT64,
         _returning("the updated variable", "the new first moment", "the new second moment")),
    Task(10, "10-Adam.py", "create_Adam_op", "tf_optimizer", tol.TF_FLOAT32,
         _optimizer_checks(("learning_rate", "beta_1", "beta_2", "epsilon", "amsgrad"))),
    Task(11, "11-learning_rate_decay.py", "learning_rate_decay", "calls", tol.FLOAT64, VALUES),
    Task(12, "12-learning_rate_decay.py", "learning_rate_decay", "tf_schedule", tol.TF_FLOAT32,
         (Check("schedule", schedule),)),
    Task(13, "13-batch_norm.py", "batch_norm", "call", tol.FLOAT64, VALUES),
    Task(14, "14-batch_norm.py", "create_batch_norm_layer", "tf_layer", tol.TF_LAYER,
         (Check("output", layer_output),
          Check("kernel initializer", kernel_initializer, weight=0.5),
          Check("gamma and beta", gamma_beta, weight=0.5, when=_tagged("parameters")),
          Check("normalization", normalized, weight=0.5, when=_tagged("normalization")))),
]}

#: task -> the earlier task whose function it calls (judged against the student's own output)
CALLS_EARLIER = {3: 2}

#: Task 15 is a blog post: graded by hand, its URLs reported.
MANUAL_TASK = 15
