"""The seeded cases of every task: the public ones here, the hidden ones in hidden_cases.py.

Each case is the input a driver feeds the student's function.  Inputs are built from fixed
seeds, so the trusted side can rebuild them at any time; only their expected outputs are
stored (under data/).  A case's ``kind`` is what a student is told about a hidden case that
failed, since its inputs are not shown.

The hidden cases live in their own module so that the students' kit (``grader kit build``)
can leave them out entirely: without ``checks.hidden_cases``, ``cases_for`` returns the public
cases alone.  With it, it returns every case in grading order, the public ones unchanged.
"""
from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass, field
from types import ModuleType

import numpy as np

from checks.tolerance import TRAINING, Tolerance


@dataclass(frozen=True)
class CheckCase:
    """One input to one task's function, with a seed set right before the call."""

    id: str
    kind: str
    inputs: dict = field(repr=False)
    seed: int = 0
    public: bool = False
    tolerance: Tolerance | None = None  # overrides the task's, e.g. for float32 inputs
    tags: frozenset = frozenset()
    driver: str | None = None  # overrides the task's, e.g. a training loop among single steps


def generator(seed: int) -> np.random.Generator:
    """The generator a task's inputs are drawn from."""
    return np.random.default_rng(seed)


def _spec_matrix() -> np.ndarray:
    """The 100x3 matrix that 0-main.py, 1-main.py and 13-main.py build."""
    rs = np.random.RandomState(0)
    a = rs.normal(0, 2, size=(100, 1))
    b = rs.normal(2, 1, size=(100, 1))
    c = rs.normal(-3, 10, size=(100, 1))
    return np.concatenate((a, b, c), axis=1)


def unique_rows(rng: np.random.Generator, m: int, n: int, dtype=np.float64) -> np.ndarray:
    """A matrix whose rows are all different, so a shuffle can be traced row by row."""
    rows = np.arange(m * n).reshape(m, n) + rng.integers(0, 5, size=(m, n)) * (m * n)
    return rows.astype(dtype) if dtype != np.int64 else rows


# ---------------------------------------------------------------- public cases, task by task
# Some builders take the generator the hidden cases go on drawing from, so that splitting
# the cases in two modules left every input (and so every stored digest) as it was.


def task0() -> list[CheckCase]:
    return [CheckCase("spec-example", "the spec's example (0-main.py)", {"args": [_spec_matrix()]},
                      public=True)]


def task1() -> list[CheckCase]:
    X = _spec_matrix()
    return [CheckCase("spec-example", "the spec's example (1-main.py)",
                      {"args": [X, X.mean(axis=0), X.std(axis=0)]}, public=True)]


def task2() -> list[CheckCase]:
    spec_X = np.array([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]])
    spec_Y = np.array([[11, 12], [13, 14], [15, 16], [17, 18], [19, 20]])
    return [CheckCase("spec-example", "the spec's example (2-main.py)", {"args": [spec_X, spec_Y]},
                      seed=0, public=True)]


def batch_case(rng: np.random.Generator, id_: str, kind: str, m: int, nx: int, ny: int,
               batch_size: int, seed: int, public: bool = False) -> CheckCase:
    """A task 3 case: m data points with traceable rows, cut in batches of batch_size."""
    X, Y = unique_rows(rng, m, nx), -unique_rows(rng, m, ny)
    return CheckCase(id_, kind, {"args": [X, Y, batch_size]}, seed=seed, public=public)


def task3(rng: np.random.Generator | None = None) -> list[CheckCase]:
    rng = generator(103) if rng is None else rng
    return [batch_case(rng, "uneven", "a batch size that does not divide the number of data points",
                       10, 3, 2, 4, seed=0, public=True)]


SPEC_TEMPERATURES = [72, 78, 71, 68, 66, 69, 79, 79, 65, 64, 66, 78, 64, 64, 81, 71, 69,
                     65, 72, 64, 60, 61, 62, 66, 72, 72, 67, 67, 67, 68, 75]


def task4() -> list[CheckCase]:
    return [CheckCase("spec-example", "the spec's example (4-main.py)",
                      {"args": [SPEC_TEMPERATURES, 0.9]}, public=True)]


def _binary_data(seed: int, m: int = 120, nx: int = 16) -> dict:
    """A seeded binary classification set, like Binary_Train.npz but small and not separable."""
    rng = generator(seed)
    X = rng.normal(0, 1, (m, nx))
    logits = X @ rng.normal(0, 1, (nx, 1)) + rng.normal(0, 1.5, (m, 1))
    Y = (logits > 0).astype(np.float64)
    return {"X": X, "Y": Y, "W": rng.normal(0, 1, (nx, 1))}


def training(id_, kind, rule, hyper, iterations, seed, public=False) -> CheckCase:
    """A training loop of logistic regression with one of the numpy optimizers (tasks 5, 7, 9)."""
    inputs = {**_binary_data(seed), "rule": rule, "hyper": hyper, "iterations": iterations}
    return CheckCase(id_, kind, inputs, public=public, tags=frozenset({"training"}),
                     driver="train", tolerance=TRAINING)


def step_arrays(seed: int, shape: tuple, moments: int) -> list:
    """A variable, its gradient and its moments for one optimizer step."""
    rng = generator(seed)
    var, grad = rng.normal(0, 1, shape), rng.normal(0, 0.5, shape)
    return [var, grad] + [np.abs(rng.normal(0, 0.1, shape)) for _ in range(moments)]


def task5() -> list[CheckCase]:
    var, grad, v = step_arrays(105, (3, 4), 1)
    return [
        CheckCase("one-step", "one step on a matrix", {"args": [0.01, 0.9, var, grad, v]},
                  public=True),
        training("training", "1000 iterations of logistic regression, like 5-main.py",
                 "momentum", [0.01, 0.9], 1000, seed=5, public=True),
    ]


def task7() -> list[CheckCase]:
    var, grad, s = step_arrays(107, (3, 4), 1)
    return [
        CheckCase("one-step", "one step on a matrix",
                  {"args": [0.001, 0.9, 1e-8, var, grad, s]}, public=True),
        training("training", "1000 iterations of logistic regression, like 7-main.py",
                 "rmsprop", [0.001, 0.9, 1e-8], 1000, seed=7, public=True),
    ]


def task9() -> list[CheckCase]:
    var, grad, v, s = step_arrays(109, (3, 4), 2)
    return [
        CheckCase("first-step", "the first step (t = 1)",
                  {"args": [0.001, 0.9, 0.99, 1e-8, var, grad, v, s, 1]}, public=True),
        training("training", "1000 iterations of logistic regression, like 9-main.py",
                 "adam", [0.001, 0.9, 0.99, 1e-8], 1000, seed=9, public=True),
    ]


def keras_problem(seed: int) -> dict:
    """A small classification batch and the starting weights of a 6-8-3 Keras model."""
    rng = generator(seed)
    X = rng.normal(0, 1, (32, 6)).astype(np.float32)
    Y = np.eye(3, dtype=np.float32)[rng.integers(0, 3, 32)]
    weights = [rng.normal(0, 0.5, (6, 8)), np.zeros(8), rng.normal(0, 0.5, (8, 3)), np.zeros(3)]
    return {"X": X, "Y": Y, "weights": [w.astype(np.float32) for w in weights], "steps": 3}


def _optimizer_case(number: int, spec_args: list) -> list[CheckCase]:
    return [CheckCase("spec-example", f"the spec's hyperparameters ({number}-main.py)",
                      {"args": spec_args, **keras_problem(number)}, public=True)]


def task6() -> list[CheckCase]:
    return _optimizer_case(6, [0.01, 0.9])


def task8() -> list[CheckCase]:
    return _optimizer_case(8, [0.001, 0.9, 1e-07])


def task10() -> list[CheckCase]:
    return _optimizer_case(10, [0.001, 0.9, 0.999, 1e-7])


def sweep(alpha, rate, steps, decay_step) -> dict:
    """Task 11's inputs: one call of learning_rate_decay per global step."""
    return {"calls": [[alpha, rate, step, decay_step] for step in steps]}


def task11() -> list[CheckCase]:
    return [CheckCase("spec-example", "the spec's example (11-main.py)",
                      sweep(0.1, 1, range(100), 10), public=True)]


def schedule_case(id_, kind, args, steps, public=False) -> CheckCase:
    """A task 12 case: the schedule's arguments and the steps it is evaluated at."""
    return CheckCase(id_, kind, {"args": args, "steps": list(steps)}, public=public)


def task12() -> list[CheckCase]:
    return [schedule_case("spec-example", "the spec's example (12-main.py)", [0.1, 1, 10],
                          range(100), public=True)]


def task13() -> list[CheckCase]:
    rs = np.random.RandomState(0)
    Z = np.concatenate([rs.normal(0, 2, (100, 1)), rs.normal(2, 1, (100, 1)),
                        rs.normal(-3, 10, (100, 1))], axis=1)
    gamma, beta = rs.rand(1, 3), rs.rand(1, 3)
    return [CheckCase("spec-example", "the spec's example (13-main.py)",
                      {"args": [Z, gamma, beta, 1e-7]}, public=True)]


def layer_case(rng: np.random.Generator, id_, kind, m, nx, n, activation, seed,
               dtype=np.float32, public=False, tags=()) -> CheckCase:
    """A task 14 case: an (m, nx) input to a batch-norm layer of n units."""
    prev = rng.uniform(0, 1, (m, nx)).astype(dtype)
    return CheckCase(id_, kind, {"prev": prev, "n": n, "activation": activation},
                     seed=seed, public=public, tags=frozenset(tags))


def task14(rng: np.random.Generator | None = None) -> list[CheckCase]:
    rng = generator(114) if rng is None else rng
    return [layer_case(rng, "tanh", "a tanh layer, like 14-main.py", 64, 10, 16, "tanh", seed=0,
                       public=True, tags={"parameters"})]


PUBLIC_CASES = {0: task0, 1: task1, 2: task2, 3: task3, 4: task4, 5: task5, 6: task6, 7: task7,
                8: task8, 9: task9, 10: task10, 11: task11, 12: task12, 13: task13, 14: task14}


@functools.cache
def _hidden_module() -> ModuleType | None:
    """checks.hidden_cases, or None where it is left out (the students' kit)."""
    try:
        return importlib.import_module("checks.hidden_cases")
    except ModuleNotFoundError as exc:
        if exc.name != "checks.hidden_cases":
            raise  # a missing dependency of the module is a bug, not a kit
        return None


def has_hidden_cases() -> bool:
    """Whether the hidden cases are here (the grading server) or not (the students' kit)."""
    return _hidden_module() is not None


def public_cases_for(task: int) -> list[CheckCase]:
    """The public cases of one task, the same with or without the hidden ones."""
    return PUBLIC_CASES[task]()


def cases_for(task: int) -> list[CheckCase]:
    """The cases of one task, rebuilt from their seeds (only the public ones in the kit)."""
    hidden = _hidden_module()
    return hidden.ALL_CASES[task]() if hidden else public_cases_for(task)
