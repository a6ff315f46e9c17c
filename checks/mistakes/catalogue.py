"""The task-specific entries of the catalogue: slips that belong to one task's formula or spec.

Each wrong formula is re-implemented here in numpy (for the TensorFlow tasks it is recomputed
from what the harness returned: the optimizer's settings, the layer's initial weights) and
recognised by what it outputs on the failed case (``checks.mistakes.evidence``).  The generic
slips (another order, a sign, a root, ...) are families, in ``checks.mistakes.families``.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from checks.compare import to_array, unpack
from checks.mistakes.evidence import (UNUSABLE, Evidence, Mistake, args_of, gives, runs, same,
                                      wrong)
from checks.mistakes.hints import (ADAM, ADAM_OP, BATCHES, BN, BN_LAYER, DECAY, EMA, MOMENTUM,
                                   RMSPROP, RMSPROP_OP, SCHEDULE, SGD, STD)
from checks.mistakes.source import keras2_names, tf1_code
from checks.shuffle import check_shuffle
from harness.plain import Opaque

# ---------------------------------------------------------------- tasks 0 and 1


def _constants(axis, ddof=0, square=False):
    def normalization_constants(X):
        s = np.std(X, axis=axis, ddof=ddof)
        return np.mean(X, axis=axis), s ** 2 if square else s
    return normalization_constants


def _normalize_recomputes(X, m, s):
    return (X - np.mean(X, axis=0)) / np.std(X, axis=0)


def _normalize_precedence(X, m, s):
    return X - m / s


def _min_max_constants(X):
    return np.min(X, axis=0), np.max(X, axis=0) - np.min(X, axis=0)


def _min_max_bounds(X):
    return np.min(X, axis=0), np.max(X, axis=0)


def _min_max_normalize(X, m, s):
    return (X - np.min(X, axis=0)) / (np.max(X, axis=0) - np.min(X, axis=0))


# ---------------------------------------------------------------- tasks 2 and 3


def _rows_of(received, original: np.ndarray) -> list | None:
    """Which row of original each received row is (rows of the cases are all different)."""
    rows = to_array(received)
    if rows is None or rows.shape != original.shape:
        return None
    where = {tuple(row): i for i, row in enumerate(original.astype(np.float64).tolist())}
    found = [where.get(tuple(row)) for row in rows.astype(np.float64).tolist()]
    return None if None in found or len(set(found)) != len(found) else found


def _shuffled_rows(ev: Evidence) -> tuple[list, list] | None:
    """The rows of the original X and Y that the student's X and Y hold, if each is a
    permutation of its matrix."""
    if not wrong(ev):
        return None
    pair, problem = unpack(ev.output, 2)
    if problem:
        return None
    X, Y = args_of(ev)
    x_rows, y_rows = _rows_of(pair[0], X), _rows_of(pair[1], Y)
    return None if x_rows is None or y_rows is None else (x_rows, y_rows)


def _misaligned(ev: Evidence, in_order: bool) -> bool:
    """X and Y are each a shuffle of their rows, but not the same one; in_order: one of them
    was left in its original order."""
    rows = _shuffled_rows(ev)
    original = list(range(len(args_of(ev)[0])))
    return rows is not None and rows[0] != rows[1] and (original in rows) == in_order


def _one_shuffled(ev: Evidence) -> bool:
    return _misaligned(ev, in_order=True)


def _two_permutations(ev: Evidence) -> bool:
    return _misaligned(ev, in_order=False)


def _aligned_other_order(ev: Evidence) -> bool:
    return wrong(ev) and check_shuffle(ev.output, *args_of(ev)) is None


def _batches_of(value):
    """The batches part of task 3's output (the driver also records the student's shuffle)."""
    return value["batches"] if isinstance(value, dict) and "batches" in value else value


def _drop_last(ev: Evidence) -> list:
    X, _, batch_size = args_of(ev)
    return [{"batches": list(_batches_of(ev.expected))[:-1]}] if len(X) % batch_size else []


def _empty_last(ev: Evidence) -> list:
    X, Y, _ = args_of(ev)
    return [{"batches": list(_batches_of(ev.expected)) + [(X[:0], Y[:0])]}]


def _generator(ev: Evidence) -> bool:
    """The batches were yielded (a generator crossed the boundary as an object)."""
    batches = _batches_of(ev.output) if ev.has_output else None
    return isinstance(batches, Opaque) and batches.cls.rsplit(".", 1)[-1] == "generator"


def _unshuffled(ev: Evidence) -> list:
    X, Y, batch_size = args_of(ev)
    return [{"batches": [(X[i:i + batch_size], Y[i:i + batch_size])
                         for i in range(0, len(X), batch_size)]}]


# ---------------------------------------------------------------- task 4


def _moving_average(correct: bool = True, shift: int = 0, swapped: bool = False):
    def moving_average(data, beta):
        new, old = (beta, 1 - beta) if swapped else (1 - beta, beta)
        v, averages = 0.0, []
        for t, x in enumerate(data, start=1):
            v = old * v + new * x
            averages.append(v / (1 - beta ** (t + shift)) if correct else v)
        return averages
    return moving_average


def _ema_seeded(correct: bool, skip_first: bool):
    """The average started at the first data point instead of V_0 = 0."""
    def moving_average(data, beta):
        v, averages = data[0], [data[0]] if skip_first else []
        for t, x in enumerate(data[1:] if skip_first else data, start=2 if skip_first else 1):
            v = beta * v + (1 - beta) * x
            averages.append(v / (1 - beta ** t) if correct else v)
        return averages
    return moving_average


def _ema_corrected(twice: bool):
    """The correction applied twice, or kept in V (applied inside the recursion)."""
    def moving_average(data, beta):
        v, averages = 0.0, []
        for t, x in enumerate(data, start=1):
            v = beta * v + (1 - beta) * x
            if twice:
                averages.append(v / (1 - beta ** t) / (1 - beta ** t))
            else:
                v = v / (1 - beta ** t)
                averages.append(v)
        return averages
    return moving_average


# ---------------------------------------------------------------- tasks 5, 7 and 9


def _momentum(keep: Callable, add: Callable):
    """Momentum whose moment is keep(beta1) * v + add(beta1) * grad."""
    def update_variables_momentum(alpha, beta1, var, grad, v):
        v = keep(beta1) * v + add(beta1) * grad
        return var - alpha * v, v
    return update_variables_momentum


def _rmsprop(eps_inside=False, one_minus_beta=True):
    def update_variables_RMSProp(alpha, beta2, epsilon, var, grad, s):
        s = beta2 * s + (1 - beta2 if one_minus_beta else 1) * grad ** 2
        root = np.sqrt(s + epsilon) if eps_inside else np.sqrt(s) + epsilon
        return var - alpha * grad / root, s
    return update_variables_RMSProp


def _adam(eps_inside=False, shift=0, corrected_out=False, correct=True):
    def update_variables_Adam(alpha, beta1, beta2, epsilon, var, grad, v, s, t):
        v = beta1 * v + (1 - beta1) * grad
        s = beta2 * s + (1 - beta2) * grad ** 2
        v_hat = v / (1 - beta1 ** (t + shift)) if correct else v
        s_hat = s / (1 - beta2 ** (t + shift)) if correct else s
        root = np.sqrt(s_hat + epsilon) if eps_inside else np.sqrt(s_hat) + epsilon
        var = var - alpha * v_hat / root
        return (var, v_hat, s_hat) if corrected_out else (var, v, s)
    return update_variables_Adam


# ---------------------------------------------------------------- tasks 6, 8 and 10


def _settings(cls: str, settings: Callable[[list], dict]) -> Callable[[Evidence], bool]:
    """An optimizer of class cls whose config has these (wrong) settings for the case's args."""
    return gives(lambda ev: [{"optimizer": {"class": cls, "config": settings(args_of(ev))}}])


# ---------------------------------------------------------------- tasks 11 and 12


def _decay(kind: str):
    def learning_rate_decay(alpha, decay_rate, global_step, decay_step):
        return _decayed(kind, alpha, decay_rate, np.asarray(global_step, float), decay_step)
    return learning_rate_decay


def _decayed(kind: str, alpha, rate, step, decay_step):
    if kind == "continuous":
        return alpha / (1 + rate * step / decay_step)
    if kind == "exponential":
        return alpha * rate ** np.floor(step / decay_step)
    return alpha * rate ** (step / decay_step)  # continuous exponential


def _schedule(*kinds: str) -> Callable[[Evidence], bool]:
    def values(ev: Evidence) -> list:
        alpha, rate, decay_step = args_of(ev)
        steps = np.asarray(ev.case.inputs["steps"], float)
        return [{"values": _decayed(kind, alpha, rate, steps, decay_step)} for kind in kinds]
    return gives(values)


# ---------------------------------------------------------------- task 13


def _batch_norm(ddof: int = 0, epsilon_at: str = "variance", axis: int = 0):
    """Batch norm with epsilon added to the variance, to the root, or nowhere ("none"), its
    statistics taken along axis (kept as a column when it is 1, so that it broadcasts)."""
    def batch_norm(Z, gamma, beta, epsilon):
        variance = np.var(Z, axis=axis, ddof=ddof, keepdims=axis == 1)
        if epsilon_at == "variance":
            root = np.sqrt(variance + epsilon)
        else:
            root = np.sqrt(variance) + (epsilon if epsilon_at == "root" else 0)
        return gamma * (Z - np.mean(Z, axis=axis, keepdims=axis == 1)) / root + beta
    return batch_norm


def _batch_norm_root_of_std(Z, gamma, beta, epsilon):
    return gamma * (Z - np.mean(Z, axis=0)) / np.sqrt(np.std(Z, axis=0) + epsilon) + beta


# ---------------------------------------------------------------- task 14

_ACTIVATIONS = {
    "identity": lambda z: z,
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0),
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
}
SPEC_EPSILON, KERAS_EPSILON = 1e-7, 1e-3


def _kernel(variables, shape: tuple) -> np.ndarray:
    """The initial Dense kernel among the variables the student's layer created."""
    for variable in variables:
        initial = to_array(variable["initial"])
        if initial is not None and initial.shape == shape:
            return initial.astype(np.float64)
    raise KeyError("no kernel")


def _layer_output(ev: Evidence, kernel: np.ndarray, epsilon: float, training: bool) -> dict:
    """The layer's output computed in numpy from a kernel: Dense (bias 0), batch norm with
    gamma 1 and beta 0 (batch statistics in training, moving mean 0 and variance 1 in
    inference), then the activation."""
    Z = ev.case.inputs["prev"].astype(np.float64) @ kernel
    if training:
        Z = (Z - Z.mean(axis=0)) / np.sqrt(Z.var(axis=0) + epsilon)
    else:
        Z = Z / np.sqrt(1 + epsilon)
    return {"output": _ACTIVATIONS[ev.case.inputs["activation"]](Z)}


def _student_kernel(ev: Evidence) -> np.ndarray:
    return _kernel(ev.output["variables"], (ev.case.inputs["prev"].shape[1], ev.case.inputs["n"]))


def _layer(epsilons: tuple[float, ...], training: bool) -> Callable[[Evidence], bool]:
    """The layer built right but for its batch norm, from the student's own initial kernel."""
    return gives(lambda ev: [_layer_output(ev, _student_kernel(ev), e, training)
                              for e in epsilons])


def _other_kernel(ev: Evidence) -> bool:
    """A right layer on a kernel other than the one VarianceScaling(mode='fan_avg') draws."""
    if not wrong(ev):
        return False
    try:
        kernel = _student_kernel(ev)
        if same(kernel, _kernel(ev.expected["variables"], kernel.shape), ev.tolerance):
            return False
    except UNUSABLE:
        return False
    return _layer((SPEC_EPSILON,), training=True)(ev)


# ---------------------------------------------------------------- the catalogue

_LAYER_CHECKS = ("output", "normalization")

SPECIFIC: tuple[Mistake, ...] = (
    # task 0
    Mistake("std-ddof1", (0,),
            "the standard deviation divides by m - 1 (the sample standard deviation, ddof=1); "
            "standardization uses the population standard deviation, which divides by m",
            STD, runs(_constants(0, ddof=1))),
    Mistake("constants-wrong-axis", (0,),
            "the mean and standard deviation were taken along axis 1, over the features of each "
            "data point, instead of along axis 0, over the data points of each feature",
            "one mean and one standard deviation per feature: np.mean(X, axis=0), "
            "np.std(X, axis=0)", runs(_constants(1))),
    Mistake("constants-whole-matrix", (0,),
            "one mean and one standard deviation for the whole matrix (no axis given), instead "
            "of one per feature", "np.mean(X, axis=0) and np.std(X, axis=0): nx values each",
            runs(_constants(None))),
    Mistake("constants-variance", (0,),
            "the variance was returned instead of the standard deviation, its square root",
            STD, runs(_constants(0, square=True))),
    Mistake("min-max-scaling", (0, 1),
            "the data was min-max scaled (minimum and range, or (X - min) / (max - min)) "
            "instead of standardized: normalization here means subtracting each feature's mean "
            "and dividing by its standard deviation", "m = np.mean(X, axis=0), s = np.std(X, "
            "axis=0), then (X - m) / s", runs(_min_max_constants, _min_max_bounds,
                                              _min_max_normalize)),
    # task 1
    Mistake("normalize-recomputes", (1,),
            "the mean and standard deviation were recomputed from X instead of using the given "
            "m and s; data is standardized with the constants it is given (those of the "
            "training set)", "use the arguments: (X - m) / s", runs(_normalize_recomputes)),
    Mistake("normalize-precedence", (1,),
            "X - m / s divides only the mean by s (operator precedence): the parentheses around "
            "X - m are missing", "(X - m) / s", runs(_normalize_precedence)),
    # task 2
    Mistake("shuffle-one-matrix", (2,),
            "only one of X and Y was shuffled; the other is still in its original order, so "
            "each data point is no longer next to its own label",
            "draw one permutation and index both matrices with it: p = np.random.permutation(m); "
            "return X[p], Y[p]", _one_shuffled),
    Mistake("shuffle-two-permutations", (2,),
            "X and Y were shuffled with two different permutations, so each data point is no "
            "longer next to its own label",
            "draw one permutation and index both matrices with it: p = np.random.permutation(m); "
            "return X[p], Y[p]", _two_permutations),
    Mistake("shuffle-other-random", (2,),
            "X and Y were shuffled together, but not by one call of np.random.permutation, so "
            "after np.random.seed the order differs from the spec's",
            "p = np.random.permutation(X.shape[0]), called once, then X[p], Y[p] (the spec's "
            "hint)", _aligned_other_order),
    # task 3
    Mistake("batches-drop-last", (3,),
            "the smaller final mini-batch was dropped; the spec asks to use the entire data set, "
            "so when batch_size does not divide m the last batch holds the m % batch_size data "
            "points left", BATCHES, gives(_drop_last)),
    Mistake("batches-empty-last", (3,),
            "an empty mini-batch was added at the end; there are ceil(m / batch_size) batches, "
            "none of them empty", BATCHES, gives(_empty_last)),
    Mistake("batches-generator", (3,),
            "create_mini_batches yields its batches (a generator); the spec asks for a list of "
            "(X_batch, Y_batch) tuples", "collect the batches in a list and return it: "
            "batches.append((X[i:i + batch_size], Y[i:i + batch_size]))", _generator),
    Mistake("batches-no-shuffle", (3,),
            "the mini-batches were cut from the data in its original order; the data must be "
            "shuffled first with shuffle_data", BATCHES, gives(_unshuffled)),
    # task 4
    Mistake("ema-no-bias-correction", (4,),
            "the moving averages were returned without bias correction, so the first ones are "
            "pulled toward V_0 = 0", EMA, runs(_moving_average(correct=False))),
    Mistake("ema-correction-off-by-one", (4,),
            "the bias correction is one step off: it divides by 1 - beta^(t+1) where the step "
            "of the first data point is t = 1", EMA, runs(_moving_average(shift=1))),
    Mistake("ema-swapped-weights", (4,),
            "the weights are swapped: beta multiplies the new data point and (1 - beta) the "
            "previous average", EMA, runs(_moving_average(swapped=True))),
    Mistake("ema-seeded-with-first", (4,),
            "the average starts at the first data point (V_0 = data[0]) instead of V_0 = 0; the "
            "bias correction is there to undo the pull of V_0 = 0, so the two do not mix",
            EMA, runs(*(_ema_seeded(c, s) for c in (True, False) for s in (True, False)))),
    Mistake("ema-corrected-twice", (4,),
            "the bias correction is applied twice: the average is divided by (1 - beta^t) two "
            "times", EMA, runs(_ema_corrected(twice=True))),
    Mistake("ema-corrected-in-recursion", (4,),
            "the bias correction was applied to V itself, so the next step builds on a corrected "
            "average; V_t keeps the uncorrected value and only the returned average is divided "
            "by (1 - beta^t)", EMA, runs(_ema_corrected(twice=False))),
    # task 5
    Mistake("momentum-no-one-minus-beta", (5,),
            "the moment adds the whole gradient, v = beta1 * v + grad, without the (1 - beta1) "
            "factor: v is then a weighted sum, not an exponentially weighted average, and the "
            "steps are up to 1 / (1 - beta1) times too large", MOMENTUM,
            runs(_momentum(lambda b: b, lambda b: 1))),
    Mistake("momentum-swapped-weights", (5,),
            "the weights are swapped: v = (1 - beta1) * v + beta1 * grad", MOMENTUM,
            runs(_momentum(lambda b: 1 - b, lambda b: b))),
    # task 6
    Mistake("momentum-op-swapped-args", (6,),
            "alpha and beta1 were swapped: the learning rate got beta1 and the momentum alpha",
            SGD, _settings("SGD", lambda a: {"learning_rate": a[1], "momentum": a[0]})),
    Mistake("momentum-op-no-momentum", (6,),
            "the optimizer has no momentum (plain gradient descent): beta1 was not passed as "
            "momentum", SGD, _settings("SGD", lambda a: {"momentum": 0.0})),
    Mistake("momentum-op-nesterov", (6,),
            "Nesterov momentum was switched on; the task is plain gradient descent with "
            "momentum", SGD, _settings("SGD", lambda a: {"nesterov": True})),
    # task 7
    Mistake("rmsprop-eps-inside-sqrt", (7,),
            "epsilon was added inside the square root, sqrt(s + epsilon); the update adds it to "
            "the root, sqrt(s) + epsilon (the difference shows when s is small or epsilon large)",
            RMSPROP, runs(_rmsprop(eps_inside=True))),
    Mistake("rmsprop-no-one-minus-beta", (7,),
            "the second moment adds the whole squared gradient, s = beta2 * s + grad^2, without "
            "the (1 - beta2) factor", RMSPROP, runs(_rmsprop(one_minus_beta=False))),
    # task 8
    Mistake("rmsprop-op-momentum-for-rho", (8,),
            "beta2 was passed as momentum; in Keras' RMSprop the discounting factor of the "
            "second moment is rho (momentum is another, extra term)", RMSPROP_OP,
            _settings("RMSprop", lambda a: {"momentum": a[1]})),
    Mistake("rmsprop-op-default-epsilon", (8,),
            "epsilon was not passed on, so the optimizer uses Keras' default (1e-07) instead of "
            "the given one", RMSPROP_OP, _settings("RMSprop", lambda a: {"epsilon": 1e-7})),
    # task 9
    Mistake("adam-eps-inside-sqrt", (9,),
            "epsilon was added inside the square root, sqrt(s_hat + epsilon); the update adds it "
            "to the root, sqrt(s_hat) + epsilon", ADAM, runs(_adam(eps_inside=True))),
    Mistake("adam-exponent", (9,),
            "the bias correction uses the wrong power of beta: at step t it divides by "
            "1 - beta1^t and 1 - beta2^t, with the t given (t = 1 at the first step)", ADAM,
            runs(_adam(shift=1), _adam(shift=-1))),
    Mistake("adam-corrected-moments", (9,),
            "the bias-corrected moments v_hat and s_hat were returned; the function returns the "
            "uncorrected v and s, which the next step builds on", ADAM,
            runs(_adam(corrected_out=True))),
    Mistake("adam-no-bias-correction", (9,),
            "the update uses v and s without bias correction", ADAM, runs(_adam(correct=False))),
    # task 10
    Mistake("adam-op-swapped-betas", (10,),
            "beta1 and beta2 were swapped: beta_1 is the first moment's weight (beta1) and "
            "beta_2 the second moment's (beta2)", ADAM_OP,
            _settings("Adam", lambda a: {"beta_1": a[2], "beta_2": a[1]})),
    Mistake("adam-op-default-epsilon", (10,),
            "epsilon was not passed on, so the optimizer uses Keras' default (1e-07) instead of "
            "the given one", ADAM_OP, _settings("Adam", lambda a: {"epsilon": 1e-7})),
    # task 11
    Mistake("decay-continuous", (11,),
            "the learning rate decays continuously (global_step / decay_step); the task asks for "
            "stepwise decay, where alpha changes only every decay_step steps", DECAY,
            runs(_decay("continuous"))),
    Mistake("decay-exponential", (11,),
            "alpha was multiplied by decay_rate at each decay (exponential decay); the task is "
            "inverse time decay, which divides alpha by 1 + decay_rate * (number of decays)",
            DECAY, runs(_decay("exponential"), _decay("continuous-exponential"))),
    # task 12
    Mistake("schedule-continuous", (12,),
            "the schedule decays continuously (staircase is off); the task asks for stepwise "
            "decay, where the rate changes only every decay_step steps", SCHEDULE,
            _schedule("continuous")),
    Mistake("schedule-exponential", (12,),
            "the schedule multiplies alpha by decay_rate at each decay (exponential decay); the "
            "task is inverse time decay", SCHEDULE,
            _schedule("exponential", "continuous-exponential")),
    # task 13
    Mistake("bn-sample-variance", (13,),
            "the variance divides by m - 1 (the sample variance, ddof=1); batch normalization "
            "uses the population variance of the batch, which divides by m", BN,
            runs(_batch_norm(ddof=1))),
    Mistake("bn-no-epsilon", (13,),
            "epsilon is missing: Z was divided by sqrt(variance) alone", BN,
            runs(_batch_norm(epsilon_at="none"))),
    Mistake("bn-eps-outside-sqrt", (13,),
            "epsilon was added outside the square root, sqrt(variance) + epsilon; batch "
            "normalization adds it to the variance, inside the root", BN,
            runs(_batch_norm(epsilon_at="root"))),
    Mistake("bn-wrong-axis", (13,),
            "the mean and variance were taken along axis 1, over the features of each data "
            "point, instead of along axis 0, over the batch's data points for each feature",
            BN, runs(_batch_norm(axis=1))),
    Mistake("bn-root-of-std", (13,),
            "the square root was taken of the standard deviation plus epsilon, "
            "sqrt(std + epsilon): the root belongs on the variance, sqrt(variance + epsilon)",
            BN, runs(_batch_norm_root_of_std)),
    # task 14
    Mistake("bn-layer-inference", (14,),
            "the Keras BatchNormalization layer ran in inference mode (it was called without "
            "training=True), so it normalized with its moving mean 0 and moving variance 1 and "
            "never used the batch's own statistics", BN_LAYER,
            _layer((KERAS_EPSILON, SPEC_EPSILON), training=False), _LAYER_CHECKS),
    Mistake("bn-layer-epsilon", (14,),
            "the batch normalization used Keras' default epsilon (0.001) instead of the 1e-7 "
            "the spec asks for", BN_LAYER, _layer((KERAS_EPSILON,), training=True),
            _LAYER_CHECKS),
    Mistake("kernel-initializer", (14,),
            "the layer is right but for the Dense kernel: it was not initialized with "
            "VarianceScaling(mode='fan_avg'), so its initial weights (and the output) differ "
            "under the same seeds",
            "tf.keras.layers.Dense(n, kernel_initializer="
            "tf.keras.initializers.VarianceScaling(mode='fan_avg'))", _other_kernel,
            ("output", "kernel initializer")),
    # tasks 6, 8, 10, 12 and 14
    Mistake("tf1-style", (6, 8, 10, 12, 14),
            "the file uses TensorFlow 1 code (tf.train..., tf.compat.v1, sessions, placeholders "
            "or tf.layers); these tasks use TensorFlow 2, whose Keras optimizers, schedules and "
            "layers work with tf.GradientTape and model.fit",
            "build Keras objects: tf.keras.optimizers.SGD, RMSprop or Adam, "
            "tf.keras.optimizers.schedules.InverseTimeDecay, tf.keras.layers.Dense", tf1_code,
            in_source=True),
    Mistake("keras2-argument-names", (6, 8, 10),
            "the optimizer is given Keras 2 argument names, which the Keras 3 that grades the "
            "work does not accept (it raises 'Argument(s) not recognized')",
            "Keras 3 names: learning_rate= (not lr=), beta_1= and beta_2= (not beta1= and "
            "beta2=), e.g. " + ADAM_OP, keras2_names, in_source=True),
)
