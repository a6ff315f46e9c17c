"""The seeded cases of every task: the spec's own examples (public) and hidden ones.

Each case is the input a driver feeds the student's function.  Inputs are built from fixed
seeds, so the trusted side can rebuild them at any time; only their expected outputs are
stored (under data/).  A case's ``kind`` is what a student is told about a hidden case that
failed, since its inputs are not shown.
"""
from __future__ import annotations

from dataclasses import dataclass, field

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


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _spec_matrix() -> np.ndarray:
    """The 100x3 matrix that 0-main.py, 1-main.py and 13-main.py build."""
    rs = np.random.RandomState(0)
    a = rs.normal(0, 2, size=(100, 1))
    b = rs.normal(2, 1, size=(100, 1))
    c = rs.normal(-3, 10, size=(100, 1))
    return np.concatenate((a, b, c), axis=1)


def _unique_rows(rng: np.random.Generator, m: int, n: int, dtype=np.float64) -> np.ndarray:
    """A matrix whose rows are all different, so a shuffle can be traced row by row."""
    rows = np.arange(m * n).reshape(m, n) + rng.integers(0, 5, size=(m, n)) * (m * n)
    return rows.astype(dtype) if dtype != np.int64 else rows


# ---------------------------------------------------------------- tasks 0 and 1


def task0() -> list[CheckCase]:
    rng = _rng(100)
    return [
        CheckCase("spec-example", "the spec's example (0-main.py)", {"args": [_spec_matrix()]},
                  public=True),
        CheckCase("wide", "more features than data points", {"args": [rng.uniform(-5, 5, (6, 40))]}),
        CheckCase("single-feature", "a single feature", {"args": [rng.normal(3, 2, (50, 1))]}),
        CheckCase("one-point", "one data point", {"args": [rng.normal(0, 1, (1, 4))]}),
        CheckCase("integers", "an integer matrix", {"args": [rng.integers(-20, 20, (30, 3))]}),
        CheckCase("float32", "a float32 matrix",
                  {"args": [rng.normal(1, 3, (40, 5)).astype(np.float32)]},
                  tolerance=Tolerance(rtol=1e-5, atol=1e-6)),
    ]


def task1() -> list[CheckCase]:
    rng = _rng(101)
    X = _spec_matrix()
    train = rng.normal(5, 3, (30, 3))
    test = rng.normal(4, 2, (12, 3))
    one = rng.normal(0, 1, (1, 3))
    ints = rng.integers(0, 50, (15, 4))
    wide = rng.uniform(0, 10, (5, 30))
    return [
        CheckCase("spec-example", "the spec's example (1-main.py)",
                  {"args": [X, X.mean(axis=0), X.std(axis=0)]}, public=True),
        CheckCase("other-statistics", "constants computed on another data set",
                  {"args": [test, train.mean(axis=0), train.std(axis=0)]}),
        CheckCase("single-feature", "a single feature",
                  {"args": [train[:, :1], np.array([4.5]), np.array([2.5])]}),
        CheckCase("one-point", "one data point",
                  {"args": [one, np.array([0.5, -1.0, 2.0]), np.array([2.0, 0.5, 4.0])]}),
        CheckCase("integers", "an integer matrix",
                  {"args": [ints, ints.mean(axis=0) + 1.0, ints.std(axis=0) * 2]}),
        CheckCase("wide", "more features than data points",
                  {"args": [wide, rng.uniform(3, 6, 30), rng.uniform(1, 3, 30)]}),
    ]


# ---------------------------------------------------------------- tasks 2 and 3


def task2() -> list[CheckCase]:
    rng = _rng(102)
    spec_X = np.array([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]])
    spec_Y = np.array([[11, 12], [13, 14], [15, 16], [17, 18], [19, 20]])

    def case(id_, kind, m, nx, ny, seed, dtype=np.float64, public=False):
        X, Y = _unique_rows(rng, m, nx, dtype), -_unique_rows(rng, m, ny, dtype)
        return CheckCase(id_, kind, {"args": [X, Y]}, seed=seed, public=public)

    return [
        CheckCase("spec-example", "the spec's example (2-main.py)", {"args": [spec_X, spec_Y]},
                  seed=0, public=True),
        case("one-label", "one column in Y", 12, 3, 1, seed=1),
        case("one-point", "one data point", 1, 4, 2, seed=2),
        case("many-points", "200 data points", 200, 4, 2, seed=3),
        case("integers", "integer matrices", 9, 5, 3, seed=4, dtype=np.int64),
        case("single-feature", "a single feature in X", 30, 1, 4, seed=5),
    ]


def task3() -> list[CheckCase]:
    rng = _rng(103)

    def case(id_, kind, m, nx, ny, batch_size, seed, public=False):
        X, Y = _unique_rows(rng, m, nx), -_unique_rows(rng, m, ny)
        return CheckCase(id_, kind, {"args": [X, Y, batch_size]}, seed=seed, public=public)

    return [
        case("uneven", "a batch size that does not divide the number of data points",
             10, 3, 2, 4, seed=0, public=True),
        case("even", "a batch size that divides the number of data points", 12, 3, 2, 4, seed=1),
        case("size-one", "a batch size of 1", 6, 2, 1, 1, seed=2),
        case("larger-than-m", "a batch size larger than the number of data points",
             5, 3, 2, 8, seed=3),
        case("equal-to-m", "a batch size equal to the number of data points", 7, 2, 3, 7, seed=4),
        case("many-batches", "100 data points in batches of 32", 100, 4, 10, 32, seed=5),
        case("single-feature", "a single feature", 9, 1, 1, 2, seed=6),
    ]


# ---------------------------------------------------------------- task 4


SPEC_TEMPERATURES = [72, 78, 71, 68, 66, 69, 79, 79, 65, 64, 66, 78, 64, 64, 81, 71, 69,
                     65, 72, 64, 60, 61, 62, 66, 72, 72, 67, 67, 67, 68, 75]


def task4() -> list[CheckCase]:
    rng = _rng(104)
    return [
        CheckCase("spec-example", "the spec's example (4-main.py)",
                  {"args": [SPEC_TEMPERATURES, 0.9]}, public=True),
        CheckCase("beta-zero", "beta = 0", {"args": [[3.0, -1.0, 4.0, 1.5, 9.0], 0]}),
        CheckCase("beta-half", "beta = 0.5", {"args": [rng.normal(0, 5, 20).tolist(), 0.5]}),
        CheckCase("long-series", "a long series with beta = 0.99",
                  {"args": [rng.uniform(-10, 40, 300).tolist(), 0.99]}),
        CheckCase("one-value", "a single data point", {"args": [[42.5], 0.9]}),
        CheckCase("negative", "negative values with beta = 0.7",
                  {"args": [(-rng.uniform(1, 100, 25)).tolist(), 0.7]}),
    ]


# ---------------------------------------------------------------- tasks 5, 7 and 9 (numpy optimizers)


def _binary_data(seed: int, m: int = 120, nx: int = 16) -> dict:
    """A seeded binary classification set, like Binary_Train.npz but small and not separable."""
    rng = _rng(seed)
    X = rng.normal(0, 1, (m, nx))
    logits = X @ rng.normal(0, 1, (nx, 1)) + rng.normal(0, 1.5, (m, 1))
    Y = (logits > 0).astype(np.float64)
    return {"X": X, "Y": Y, "W": rng.normal(0, 1, (nx, 1))}


def _training(id_, kind, rule, hyper, iterations, seed, public=False) -> CheckCase:
    inputs = {**_binary_data(seed), "rule": rule, "hyper": hyper, "iterations": iterations}
    return CheckCase(id_, kind, inputs, public=public, tags=frozenset({"training"}),
                     driver="train", tolerance=TRAINING)


def _step_arrays(seed: int, shape: tuple, moments: int) -> list:
    rng = _rng(seed)
    var, grad = rng.normal(0, 1, shape), rng.normal(0, 0.5, shape)
    return [var, grad] + [np.abs(rng.normal(0, 0.1, shape)) for _ in range(moments)]


def task5() -> list[CheckCase]:
    var, grad, v = _step_arrays(105, (3, 4), 1)
    col = _step_arrays(205, (5, 1), 1)
    return [
        CheckCase("one-step", "one step on a matrix", {"args": [0.01, 0.9, var, grad, v]},
                  public=True),
        CheckCase("beta-zero", "beta1 = 0 (plain gradient descent)",
                  {"args": [0.1, 0.0, var, grad, v]}),
        CheckCase("column", "a column vector with beta1 = 0.5", {"args": [0.1, 0.5, *col]}),
        CheckCase("scalar", "a scalar variable starting at 0",
                  {"args": [0.05, 0.9, 0, np.float64(0.3), 0]}),
        _training("training", "1000 iterations of logistic regression, like 5-main.py",
                  "momentum", [0.01, 0.9], 1000, seed=5, public=True),
        _training("training-fast", "300 iterations with alpha = 0.1 and beta1 = 0.5",
                  "momentum", [0.1, 0.5], 300, seed=15),
    ]


def task7() -> list[CheckCase]:
    var, grad, s = _step_arrays(107, (3, 4), 1)
    return [
        CheckCase("one-step", "one step on a matrix",
                  {"args": [0.001, 0.9, 1e-8, var, grad, s]}, public=True),
        CheckCase("large-epsilon", "a large epsilon (0.1)", {"args": [0.01, 0.9, 0.1, var, grad, s]}),
        CheckCase("beta-zero", "beta2 = 0", {"args": [0.01, 0.0, 1e-8, var, grad, s]}),
        CheckCase("scalar", "a scalar variable starting at 0",
                  {"args": [0.01, 0.9, 1e-8, 0, np.float64(-0.2), 0]}),
        _training("training", "1000 iterations of logistic regression, like 7-main.py",
                  "rmsprop", [0.001, 0.9, 1e-8], 1000, seed=7, public=True),
        _training("training-large-epsilon", "300 iterations with epsilon = 0.01",
                  "rmsprop", [0.01, 0.8, 0.01], 300, seed=17),
    ]


def task9() -> list[CheckCase]:
    var, grad, v, s = _step_arrays(109, (3, 4), 2)
    return [
        CheckCase("first-step", "the first step (t = 1)",
                  {"args": [0.001, 0.9, 0.99, 1e-8, var, grad, v, s, 1]}, public=True),
        CheckCase("late-step", "a late step (t = 1000)",
                  {"args": [0.001, 0.9, 0.99, 1e-8, var, grad, v, s, 1000]}),
        CheckCase("large-epsilon", "a large epsilon (0.1) at t = 3",
                  {"args": [0.01, 0.9, 0.999, 0.1, var, grad, v, s, 3]}),
        CheckCase("beta1-zero", "beta1 = 0 at t = 5",
                  {"args": [0.01, 0.0, 0.9, 1e-8, var, grad, v, s, 5]}),
        CheckCase("scalar", "a scalar variable starting at 0 (t = 2)",
                  {"args": [0.01, 0.9, 0.99, 1e-8, 0, np.float64(0.4), 0, 0, 2]}),
        _training("training", "1000 iterations of logistic regression, like 9-main.py",
                  "adam", [0.001, 0.9, 0.99, 1e-8], 1000, seed=9, public=True),
        # alpha = 0.01 with beta1 = 0.5 is chaotic here (rounding grows 1e11-fold): unfair
        _training("training-other-betas", "300 iterations with beta1 = 0.5, beta2 = 0.9",
                  "adam", [0.001, 0.5, 0.9, 1e-6], 300, seed=19),
    ]


# ---------------------------------------------------------------- tasks 6, 8 and 10 (Keras optimizers)


def _keras_problem(seed: int) -> dict:
    """A small classification batch and the starting weights of a 6-8-3 Keras model."""
    rng = _rng(seed)
    X = rng.normal(0, 1, (32, 6)).astype(np.float32)
    Y = np.eye(3, dtype=np.float32)[rng.integers(0, 3, 32)]
    weights = [rng.normal(0, 0.5, (6, 8)), np.zeros(8), rng.normal(0, 0.5, (8, 3)), np.zeros(3)]
    return {"X": X, "Y": Y, "weights": [w.astype(np.float32) for w in weights], "steps": 3}


def _optimizer_cases(number: int, spec_args: list, hidden: list) -> list[CheckCase]:
    cases = [CheckCase("spec-example", f"the spec's hyperparameters ({number}-main.py)",
                       {"args": spec_args, **_keras_problem(number)}, public=True)]
    for i, (id_, kind, args) in enumerate(hidden, start=1):
        cases.append(CheckCase(id_, kind, {"args": args, **_keras_problem(number * 10 + i)}))
    return cases


def task6() -> list[CheckCase]:
    return _optimizer_cases(6, [0.01, 0.9], [
        ("fast", "alpha = 0.1, beta1 = 0.5", [0.1, 0.5]),
        ("no-momentum", "beta1 = 0", [0.05, 0.0]),
        ("heavy-momentum", "beta1 = 0.99", [0.001, 0.99]),
        ("large-alpha", "alpha = 1", [1.0, 0.3]),
    ])


def task8() -> list[CheckCase]:
    return _optimizer_cases(8, [0.001, 0.9, 1e-07], [
        ("fast", "alpha = 0.01, beta2 = 0.5", [0.01, 0.5, 1e-3]),
        ("slow-decay", "beta2 = 0.99", [0.001, 0.99, 1e-7]),
        ("large-epsilon", "a large epsilon (0.1)", [0.001, 0.9, 0.1]),
        ("beta-zero", "beta2 = 0", [0.005, 0.0, 1e-6]),
    ])


def task10() -> list[CheckCase]:
    return _optimizer_cases(10, [0.001, 0.9, 0.999, 1e-7], [
        ("fast", "alpha = 0.01, beta1 = 0.5, beta2 = 0.9", [0.01, 0.5, 0.9, 1e-7]),
        ("beta1-zero", "beta1 = 0", [0.1, 0.0, 0.99, 1e-3]),
        ("different-betas", "beta1 = 0.99, beta2 = 0.5, epsilon = 0.1", [0.005, 0.99, 0.5, 0.1]),
        ("long-memory", "beta2 = 0.9999", [0.002, 0.8, 0.9999, 1e-8]),
    ])


# ---------------------------------------------------------------- tasks 11 and 12 (decay)


def task11() -> list[CheckCase]:
    def sweep(alpha, rate, steps, decay_step):
        return {"calls": [[alpha, rate, step, decay_step] for step in steps]}

    return [
        CheckCase("spec-example", "the spec's example (11-main.py)",
                  sweep(0.1, 1, range(100), 10), public=True),
        CheckCase("rate-half", "decay_rate = 0.5", sweep(0.05, 0.5, range(61), 7)),
        CheckCase("boundaries", "global_step exactly on decay boundaries",
                  sweep(0.2, 2, [0, 9, 10, 11, 20, 30, 100], 10)),
        CheckCase("step-one", "decay_step = 1", sweep(1.0, 0.3, range(21), 1)),
        CheckCase("late", "a very large global_step", sweep(0.01, 0.1, [10 ** 6, 10 ** 6 + 1], 1000)),
    ]


def task12() -> list[CheckCase]:
    def case(id_, kind, args, steps, public=False):
        return CheckCase(id_, kind, {"args": args, "steps": list(steps)}, public=public)

    return [
        case("spec-example", "the spec's example (12-main.py)", [0.1, 1, 10], range(100),
             public=True),
        case("rate-half", "decay_rate = 0.5", [0.05, 0.5, 7], range(61)),
        case("step-one", "decay_step = 1", [1.0, 2.0, 1], range(21)),
        case("boundaries", "steps around decay boundaries", [0.01, 0.3, 100],
             [0, 99, 100, 101, 199, 200, 1000, 100000]),
        case("small-rate", "decay_rate = 0.1", [0.2, 0.1, 3], range(31)),
    ]


# ---------------------------------------------------------------- tasks 13 and 14 (batch norm)


def task13() -> list[CheckCase]:
    rs = np.random.RandomState(0)
    Z = np.concatenate([rs.normal(0, 2, (100, 1)), rs.normal(2, 1, (100, 1)),
                        rs.normal(-3, 10, (100, 1))], axis=1)
    gamma, beta = rs.rand(1, 3), rs.rand(1, 3)
    rng = _rng(113)

    def params(n):
        return rng.uniform(0.5, 2, (1, n)), rng.normal(0, 1, (1, n))

    return [
        CheckCase("spec-example", "the spec's example (13-main.py)",
                  {"args": [Z, gamma, beta, 1e-7]}, public=True),
        CheckCase("large-epsilon", "a large epsilon (0.5)",
                  {"args": [rng.normal(0, 1, (20, 4)), *params(4), 0.5]}),
        CheckCase("wide", "more features than data points",
                  {"args": [rng.normal(5, 3, (4, 12)), *params(12), 1e-8]}),
        CheckCase("single-feature", "a single feature",
                  {"args": [rng.normal(-2, 4, (30, 1)), *params(1), 1e-7]}),
        CheckCase("two-points", "two data points",
                  {"args": [rng.normal(0, 1, (2, 5)), *params(5), 1e-3]}),
        CheckCase("float32", "float32 inputs",
                  {"args": [rng.normal(0, 2, (25, 3)).astype(np.float32),
                            *(p.astype(np.float32) for p in params(3)), 1e-5]},
                  tolerance=Tolerance(rtol=1e-5, atol=1e-5)),
    ]


def task14() -> list[CheckCase]:
    rng = _rng(114)

    def case(id_, kind, m, nx, n, activation, seed, dtype=np.float32, public=False, tags=()):
        prev = rng.uniform(0, 1, (m, nx)).astype(dtype)
        return CheckCase(id_, kind, {"prev": prev, "n": n, "activation": activation},
                         seed=seed, public=public, tags=frozenset(tags))

    return [
        case("tanh", "a tanh layer, like 14-main.py", 64, 10, 16, "tanh", seed=0, public=True,
             tags={"parameters"}),
        case("identity", "no activation, so the normalization shows", 48, 12, 8, "identity",
             seed=1, tags={"normalization"}),
        case("relu", "a relu layer", 32, 7, 5, "relu", seed=2),
        case("one-unit", "a single unit with sigmoid", 40, 6, 1, "sigmoid", seed=3),
        case("float64", "float64 inputs", 32, 6, 4, "tanh", seed=4, dtype=np.float64),
        case("wide", "more inputs than data points", 16, 40, 12, "tanh", seed=5),
    ]


CASES = {0: task0, 1: task1, 2: task2, 3: task3, 4: task4, 5: task5, 6: task6, 7: task7,
         8: task8, 9: task9, 10: task10, 11: task11, 12: task12, 13: task13, 14: task14}


def cases_for(task: int) -> list[CheckCase]:
    """The cases of one task, rebuilt from their seeds."""
    return CASES[task]()
