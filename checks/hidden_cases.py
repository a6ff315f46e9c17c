"""The hidden cases of every task, and the grading order of all cases (server side only).

Chosen to expose the usual mistakes; students see only a failed case's ``kind``.  This module
is left out of the students' kit (``grader kit build``), so nothing here (inputs, seeds, ids)
may be needed to grade the public cases.  Each builder returns the task's public cases from
checks.cases, unchanged, among its hidden ones.
"""
from __future__ import annotations

import numpy as np

from checks import cases as public
from checks.cases import CheckCase, generator, keras_problem, step_arrays, training, unique_rows
from checks.tasks import IN_PLACE
from checks.tolerance import Tolerance

#: Tiny-scale cases: values near 1e-6, where a result rounded to 8 decimals is visibly wrong;
#: the absolute part of the tolerance shrinks with them.
TINY = Tolerance(rtol=1e-6, atol=1e-15)
#: task -> its function's arguments, named in the in-place note
ARGUMENTS = {0: ("X",), 1: ("X", "m", "s"), 2: ("X", "Y"), 3: ("X", "Y", "batch_size"),
             5: ("alpha", "beta1", "var", "grad", "v"),
             7: ("alpha", "beta2", "epsilon", "var", "grad", "s"),
             9: ("alpha", "beta1", "beta2", "epsilon", "var", "grad", "v", "s", "t"),
             13: ("Z", "gamma", "beta", "epsilon")}


def in_place_probe(task: int, like: CheckCase) -> CheckCase:
    """A case that only asks whether the function changes its arguments in place (a note,
    never a deduction), on the inputs of the case like."""
    return CheckCase("in-place", "whether the function changes its arguments in place",
                     {"args": like.inputs["args"], "names": list(ARGUMENTS[task])},
                     seed=like.seed, tags=frozenset({IN_PLACE}), driver="in_place")

# ---------------------------------------------------------------- tasks 0 and 1


def task0() -> list[CheckCase]:
    rng = generator(100)
    return public.task0() + [
        CheckCase("wide", "more features than data points", {"args": [rng.uniform(-5, 5, (6, 40))]}),
        CheckCase("single-feature", "a single feature", {"args": [rng.normal(3, 2, (50, 1))]}),
        CheckCase("one-point", "one data point", {"args": [rng.normal(0, 1, (1, 4))]}),
        CheckCase("integers", "an integer matrix", {"args": [rng.integers(-20, 20, (30, 3))]}),
        CheckCase("float32", "a float32 matrix",
                  {"args": [rng.normal(1, 3, (40, 5)).astype(np.float32)]},
                  tolerance=Tolerance(rtol=1e-5, atol=1e-6)),
        CheckCase("tiny-scale", "features on a tiny scale (around 1e-6)",
                  {"args": [generator(200).normal(2e-6, 1e-6, (30, 4))]}, tolerance=TINY),
        in_place_probe(0, public.task0()[0]),
    ]


def task1() -> list[CheckCase]:
    rng = generator(101)
    train = rng.normal(5, 3, (30, 3))
    test = rng.normal(4, 2, (12, 3))
    one = rng.normal(0, 1, (1, 3))
    ints = rng.integers(0, 50, (15, 4))
    wide = rng.uniform(0, 10, (5, 30))
    return public.task1() + [
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
        in_place_probe(1, public.task1()[0]),
    ]


# ---------------------------------------------------------------- tasks 2 and 3


def task2() -> list[CheckCase]:
    rng = generator(102)

    def case(id_, kind, m, nx, ny, seed, dtype=np.float64):
        X, Y = unique_rows(rng, m, nx, dtype), -unique_rows(rng, m, ny, dtype)
        return CheckCase(id_, kind, {"args": [X, Y]}, seed=seed)

    return public.task2() + [
        case("one-label", "one column in Y", 12, 3, 1, seed=1),
        case("one-point", "one data point", 1, 4, 2, seed=2),
        case("many-points", "200 data points", 200, 4, 2, seed=3),
        case("integers", "integer matrices", 9, 5, 3, seed=4, dtype=np.int64),
        case("single-feature", "a single feature in X", 30, 1, 4, seed=5),
        in_place_probe(2, public.task2()[0]),
    ]


def task3() -> list[CheckCase]:
    rng = generator(103)
    first = public.task3(rng)  # the public case draws first from the same generator
    return first + [
        public.batch_case(rng, "even", "a batch size that divides the number of data points",
                          12, 3, 2, 4, seed=1),
        public.batch_case(rng, "size-one", "a batch size of 1", 6, 2, 1, 1, seed=2),
        public.batch_case(rng, "larger-than-m", "a batch size larger than the number of data points",
                          5, 3, 2, 8, seed=3),
        public.batch_case(rng, "equal-to-m", "a batch size equal to the number of data points",
                          7, 2, 3, 7, seed=4),
        public.batch_case(rng, "many-batches", "100 data points in batches of 32",
                          100, 4, 10, 32, seed=5),
        public.batch_case(rng, "single-feature", "a single feature", 9, 1, 1, 2, seed=6),
        in_place_probe(3, first[0]),
    ]


# ---------------------------------------------------------------- task 4


def task4() -> list[CheckCase]:
    rng = generator(104)
    return public.task4() + [
        CheckCase("beta-zero", "beta = 0", {"args": [[3.0, -1.0, 4.0, 1.5, 9.0], 0]}),
        CheckCase("beta-half", "beta = 0.5", {"args": [rng.normal(0, 5, 20).tolist(), 0.5]}),
        CheckCase("long-series", "a long series with beta = 0.99",
                  {"args": [rng.uniform(-10, 40, 300).tolist(), 0.99]}),
        CheckCase("one-value", "a single data point", {"args": [[42.5], 0.9]}),
        CheckCase("negative", "negative values with beta = 0.7",
                  {"args": [(-rng.uniform(1, 100, 25)).tolist(), 0.7]}),
        CheckCase("tiny-scale", "values on a tiny scale (around 1e-6)",
                  {"args": [generator(204).uniform(1e-6, 5e-6, 20).tolist(), 0.9]},
                  tolerance=TINY),
    ]


# ---------------------------------------------------------------- tasks 5, 7 and 9 (numpy optimizers)


def task5() -> list[CheckCase]:
    one_step, train = public.task5()
    var, grad, v = step_arrays(105, (3, 4), 1)  # the public step's arrays, other settings
    col = step_arrays(205, (5, 1), 1)
    return [
        one_step,
        CheckCase("beta-zero", "beta1 = 0 (plain gradient descent)",
                  {"args": [0.1, 0.0, var, grad, v]}),
        CheckCase("column", "a column vector with beta1 = 0.5", {"args": [0.1, 0.5, *col]}),
        CheckCase("scalar", "a scalar variable starting at 0",
                  {"args": [0.05, 0.9, 0, np.float64(0.3), 0]}),
        train,
        training("training-fast", "300 iterations with alpha = 0.1 and beta1 = 0.5",
                 "momentum", [0.1, 0.5], 300, seed=15),
        CheckCase("tiny-scale", "a variable and gradient on a tiny scale (around 1e-6)",
                  {"args": [0.1, 0.9, *(a * 1e-6 for a in step_arrays(305, (4, 3), 1))]},
                  tolerance=TINY),
        in_place_probe(5, one_step),
    ]


def task7() -> list[CheckCase]:
    one_step, train = public.task7()
    var, grad, s = step_arrays(107, (3, 4), 1)
    return [
        one_step,
        CheckCase("large-epsilon", "a large epsilon (0.1)", {"args": [0.01, 0.9, 0.1, var, grad, s]}),
        CheckCase("beta-zero", "beta2 = 0", {"args": [0.01, 0.0, 1e-8, var, grad, s]}),
        CheckCase("scalar", "a scalar variable starting at 0",
                  {"args": [0.01, 0.9, 1e-8, 0, np.float64(-0.2), 0]}),
        train,
        training("training-large-epsilon", "300 iterations with epsilon = 0.01",
                 "rmsprop", [0.01, 0.8, 0.01], 300, seed=17),
        CheckCase("tiny-scale", "a variable and gradient on a tiny scale (around 1e-6)",
                  {"args": [1e-6, 0.9, 1e-8, *(a * 1e-6 for a in step_arrays(307, (4, 3), 1))]},
                  tolerance=TINY),
        in_place_probe(7, one_step),
    ]


def task9() -> list[CheckCase]:
    first_step, train = public.task9()
    var, grad, v, s = step_arrays(109, (3, 4), 2)
    return [
        first_step,
        CheckCase("late-step", "a late step (t = 1000)",
                  {"args": [0.001, 0.9, 0.99, 1e-8, var, grad, v, s, 1000]}),
        CheckCase("large-epsilon", "a large epsilon (0.1) at t = 3",
                  {"args": [0.01, 0.9, 0.999, 0.1, var, grad, v, s, 3]}),
        CheckCase("beta1-zero", "beta1 = 0 at t = 5",
                  {"args": [0.01, 0.0, 0.9, 1e-8, var, grad, v, s, 5]}),
        CheckCase("scalar", "a scalar variable starting at 0 (t = 2)",
                  {"args": [0.01, 0.9, 0.99, 1e-8, 0, np.float64(0.4), 0, 0, 2]}),
        train,
        # alpha = 0.01 with beta1 = 0.5 is chaotic here (rounding grows 1e11-fold): unfair
        training("training-other-betas", "300 iterations with beta1 = 0.5, beta2 = 0.9",
                 "adam", [0.001, 0.5, 0.9, 1e-6], 300, seed=19),
        CheckCase("tiny-scale", "a variable and gradient on a tiny scale (around 1e-6)",
                  {"args": [1e-6, 0.9, 0.99, 1e-8,
                            *(a * 1e-6 for a in step_arrays(309, (4, 3), 2)), 3]},
                  tolerance=TINY),
        in_place_probe(9, first_step),
    ]


# ---------------------------------------------------------------- tasks 6, 8 and 10 (Keras optimizers)


def _optimizer_cases(number: int, hidden: list) -> list[CheckCase]:
    cases = public.PUBLIC_CASES[number]()
    for i, (id_, kind, args) in enumerate(hidden, start=1):
        # eager: the public case already applies its gradients inside tf.function (one
        # trace per task); the hidden ones run after it, in its process or a fresh one
        cases.append(CheckCase(id_, kind, {"args": args, **keras_problem(number * 10 + i),
                                           "eager": True}))
    return cases


def task6() -> list[CheckCase]:
    return _optimizer_cases(6, [
        ("fast", "alpha = 0.1, beta1 = 0.5", [0.1, 0.5]),
        ("no-momentum", "beta1 = 0", [0.05, 0.0]),
        ("heavy-momentum", "beta1 = 0.99", [0.001, 0.99]),
        ("large-alpha", "alpha = 1", [1.0, 0.3]),
    ])


def task8() -> list[CheckCase]:
    return _optimizer_cases(8, [
        ("fast", "alpha = 0.01, beta2 = 0.5", [0.01, 0.5, 1e-3]),
        ("slow-decay", "beta2 = 0.99", [0.001, 0.99, 1e-7]),
        ("large-epsilon", "a large epsilon (0.1)", [0.001, 0.9, 0.1]),
        ("beta-zero", "beta2 = 0", [0.005, 0.0, 1e-6]),
    ])


def task10() -> list[CheckCase]:
    return _optimizer_cases(10, [
        ("fast", "alpha = 0.01, beta1 = 0.5, beta2 = 0.9", [0.01, 0.5, 0.9, 1e-7]),
        ("beta1-zero", "beta1 = 0", [0.1, 0.0, 0.99, 1e-3]),
        ("different-betas", "beta1 = 0.99, beta2 = 0.5, epsilon = 0.1", [0.005, 0.99, 0.5, 0.1]),
        ("long-memory", "beta2 = 0.9999", [0.002, 0.8, 0.9999, 1e-8]),
    ])


# ---------------------------------------------------------------- tasks 11 and 12 (decay)


def task11() -> list[CheckCase]:
    sweep = public.sweep
    return public.task11() + [
        CheckCase("rate-half", "decay_rate = 0.5", sweep(0.05, 0.5, range(61), 7)),
        CheckCase("boundaries", "global_step exactly on decay boundaries",
                  sweep(0.2, 2, [0, 9, 10, 11, 20, 30, 100], 10)),
        CheckCase("step-one", "decay_step = 1", sweep(1.0, 0.3, range(21), 1)),
        CheckCase("late", "a very large global_step", sweep(0.01, 0.1, [10 ** 6, 10 ** 6 + 1], 1000)),
        CheckCase("tiny-scale", "a tiny alpha (3e-6)", sweep(3e-6, 0.7, range(0, 40, 3), 5),
                  tolerance=TINY),
    ]


def task12() -> list[CheckCase]:
    case = public.schedule_case
    return public.task12() + [
        case("rate-half", "decay_rate = 0.5", [0.05, 0.5, 7], range(61)),
        case("step-one", "decay_step = 1", [1.0, 2.0, 1], range(21)),
        case("boundaries", "steps around decay boundaries", [0.01, 0.3, 100],
             [0, 99, 100, 101, 199, 200, 1000, 100000]),
        case("small-rate", "decay_rate = 0.1", [0.2, 0.1, 3], range(31)),
    ]


# ---------------------------------------------------------------- tasks 13 and 14 (batch norm)


def task13() -> list[CheckCase]:
    rng = generator(113)

    def params(n):
        return rng.uniform(0.5, 2, (1, n)), rng.normal(0, 1, (1, n))

    return public.task13() + [
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
        CheckCase("tiny-scale", "a tiny scale and offset (gamma and beta around 1e-6)",
                  {"args": [rng.normal(0, 1, (20, 3)), generator(213).uniform(1e-6, 3e-6, (1, 3)),
                            generator(313).uniform(-2e-6, 2e-6, (1, 3)), 1e-7]},
                  tolerance=TINY),
        in_place_probe(13, public.task13()[0]),
    ]


def task14() -> list[CheckCase]:
    rng = generator(114)
    first = public.task14(rng)  # the public case draws first from the same generator

    def case(id_, kind, m, nx, n, activation, seed, **options):
        return public.layer_case(rng, id_, kind, m, nx, n, activation, seed, **options)

    return first + [
        case("identity", "no activation, so the normalization shows", 48, 12, 8, "identity",
             seed=1, tags={"normalization"}),
        case("relu", "a relu layer", 32, 7, 5, "relu", seed=2),
        case("one-unit", "a single unit with sigmoid", 40, 6, 1, "sigmoid", seed=3),
        case("float64", "float64 inputs", 32, 6, 4, "tanh", seed=4, dtype=np.float64),
        case("wide", "more inputs than data points", 16, 40, 12, "tanh", seed=5),
    ]


#: Every case of every task, in grading order.
ALL_CASES = {0: task0, 1: task1, 2: task2, 3: task3, 4: task4, 5: task5, 6: task6, 7: task7,
             8: task8, 9: task9, 10: task10, 11: task11, 12: task12, 13: task13, 14: task14}
