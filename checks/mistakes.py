"""Known mistakes: the catalogue, and the diagnosis of a failed check by them.

A mistake is recognised on the trusted side only.  Its wrong formula is re-implemented here in
numpy (for the TensorFlow tasks it is recomputed from what the harness returned: the optimizer's
settings, the layer's initial weights), run on the failed case's own inputs, and compared with
the student's output under the check's own tolerance (``checks.tolerance``).  A mistake is named
only when the student's output matches it, the case can tell it from the right answer (so a
right output is never diagnosed) and no other catalogued mistake gives the same output there.
TensorFlow 1 code is recognised in the source text instead, when no output gives a mistake away.

Explanations are fixed text: naming a mistake on a hidden case reveals neither its inputs nor its
expected values.  Pure: no files, no processes (``drivers`` here only runs numpy loops).
"""
from __future__ import annotations

import io
import re
import tokenize
import warnings
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from checks.compare import compare_values, to_array, unpack
from checks.shuffle import check_shuffle
from checks.tolerance import Tolerance
from harness import drivers

#: What may go wrong while recomputing a wrong formula on a student's (untrusted) output.
_UNUSABLE = (ArithmeticError, ValueError, TypeError, KeyError, IndexError, AttributeError,
             StopIteration)


@dataclass(frozen=True)
class Evidence:
    """What a diagnosis may look at for one case of one task."""

    case: object                # the CheckCase
    driver: str                 # the driver that ran it (call, calls, train, tf_...)
    expected: object            # the reference's output
    tolerance: Tolerance        # the check's own tolerance
    output: object = None       # the student's output, when the case returned one
    has_output: bool = False
    source: str = ""            # the text of the student's task file


@dataclass(frozen=True)
class Mistake:
    """A mistake students make, how to recognise it, and what to tell them."""

    id: str
    tasks: tuple[int, ...]
    message: str
    hint: str
    detect: Callable[[Evidence], bool] = field(repr=False, compare=False)
    checks: tuple[str, ...] = ()  # the checks it explains; () means every check of the task
    in_source: bool = False       # recognised in the code, tried only when no output matches

    def explains(self, check_name: str) -> bool:
        return not self.checks or check_name in self.checks

    def explanation(self) -> str:
        """The text added to a failed check's message."""
        return f"known mistake ({self.id}): {self.message}\nhint: {self.hint}"


# ---------------------------------------------------------------- how mistakes are recognised


def _same(actual, wanted, tol: Tolerance) -> bool:
    """Does actual match wanted under the tolerance rule (wanted may name only some keys)?"""
    try:
        return compare_values(actual, wanted, tol, "") is None
    except _UNUSABLE:
        return False


def _wrong(ev: Evidence) -> bool:
    """Did the case return an output, and not the right one?"""
    return ev.has_output and not _same(ev.output, ev.expected, ev.tolerance)


def _gives(wrong: Callable[[Evidence], list]) -> Callable[[Evidence], bool]:
    """Recognise a mistake by what it outputs on the case: wrong(evidence) lists the outputs
    (or parts of them, as dicts naming some keys) that the mistake's variants give.  A variant
    counts only if the case tells it from the right answer."""

    def detect(ev: Evidence) -> bool:
        if not ev.has_output:
            return False
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")  # np.std of one data point with ddof=1, ...
                candidates = wrong(ev)
        except _UNUSABLE:
            return False
        return any(not _same(ev.expected, c, ev.tolerance) and _same(ev.output, c, ev.tolerance)
                   for c in candidates)

    return detect


def _runs(*functions: Callable) -> Callable[[Evidence], bool]:
    """A mistake written as the student's function would be, run through the case's driver
    (the same loop the harness runs the student's function in, training included); a variant
    that fails on the case (a division by zero) simply gives nothing."""
    def outputs(ev: Evidence) -> list:
        found = []
        for fn in functions:
            try:
                found.append(drivers.run(ev.driver, fn, ev.case.inputs))
            except _UNUSABLE:
                continue
        return found
    return _gives(outputs)


def _args(ev: Evidence) -> list:
    return list(ev.case.inputs["args"])


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
    if not _wrong(ev):
        return None
    pair, problem = unpack(ev.output, 2)
    if problem:
        return None
    X, Y = _args(ev)
    x_rows, y_rows = _rows_of(pair[0], X), _rows_of(pair[1], Y)
    return None if x_rows is None or y_rows is None else (x_rows, y_rows)


def _misaligned(ev: Evidence, in_order: bool) -> bool:
    """X and Y are each a shuffle of their rows, but not the same one; in_order: one of them
    was left in its original order."""
    rows = _shuffled_rows(ev)
    original = list(range(len(_args(ev)[0])))
    return rows is not None and rows[0] != rows[1] and (original in rows) == in_order


def _one_shuffled(ev: Evidence) -> bool:
    return _misaligned(ev, in_order=True)


def _two_permutations(ev: Evidence) -> bool:
    return _misaligned(ev, in_order=False)


def _aligned_other_order(ev: Evidence) -> bool:
    return _wrong(ev) and check_shuffle(ev.output, *_args(ev)) is None


def _drop_last(ev: Evidence) -> list:
    X, _, batch_size = _args(ev)
    return [list(ev.expected)[:-1]] if len(X) % batch_size else []


def _empty_last(ev: Evidence) -> list:
    X, Y, _ = _args(ev)
    return [list(ev.expected) + [(X[:0], Y[:0])]]


def _unshuffled(ev: Evidence) -> list:
    X, Y, batch_size = _args(ev)
    return [[(X[i:i + batch_size], Y[i:i + batch_size]) for i in range(0, len(X), batch_size)]]


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
    return _gives(lambda ev: [{"optimizer": {"class": cls, "config": settings(_args(ev))}}])


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
        alpha, rate, decay_step = _args(ev)
        steps = np.asarray(ev.case.inputs["steps"], float)
        return [{"values": _decayed(kind, alpha, rate, steps, decay_step)} for kind in kinds]
    return _gives(values)


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
    return _gives(lambda ev: [_layer_output(ev, _student_kernel(ev), e, training)
                              for e in epsilons])


def _other_kernel(ev: Evidence) -> bool:
    """A right layer on a kernel other than the one VarianceScaling(mode='fan_avg') draws."""
    if not _wrong(ev):
        return False
    try:
        kernel = _student_kernel(ev)
        if _same(kernel, _kernel(ev.expected["variables"], kernel.shape), ev.tolerance):
            return False
    except _UNUSABLE:
        return False
    return _layer((SPEC_EPSILON,), training=True)(ev)


# ---------------------------------------------------------------- TensorFlow 1 code

_TF1 = re.compile(r"\btf\s*\.\s*(compat\s*\.\s*v1|train\s*\.|Session\b|placeholder\b|contrib\b|"
                  r"layers\s*\.|get_variable\b|global_variables_initializer\b)"
                  r"|\btensorflow\s*\.\s*compat\s*\.\s*v1\b"
                  r"|\bfrom\s+tensorflow\s*\.\s*compat\s+import\s+v1\b")


def code_only(source: str) -> str:
    """The source without its comments and string literals (docstrings may mention anything)."""
    try:
        kept = [token.string for token in tokenize.generate_tokens(io.StringIO(source).readline)
                if token.type not in (tokenize.COMMENT, tokenize.STRING)]
    except (tokenize.TokenError, SyntaxError, ValueError):  # unparsable: strip what is easy
        return re.sub(r"#[^\n]*", "", source)
    return " ".join(kept)


def _tf1_code(ev: Evidence) -> bool:
    return bool(ev.source) and _TF1.search(code_only(ev.source)) is not None


# ---------------------------------------------------------------- the catalogue

_STD = "s = sqrt(sum((x - mean)^2) / m) for each feature, that is np.std(X, axis=0) (ddof=0)"
_EMA = ("V_t = beta * V_(t-1) + (1 - beta) * data_t with V_0 = 0, and the average returned is "
        "V_t / (1 - beta^t), t counting from 1 at the first data point")
_BATCHES = ("X, Y = shuffle_data(X, Y), then (X[i:i + batch_size], Y[i:i + batch_size]) for i "
            "in range(0, m, batch_size); slicing past the end is safe and gives the smaller last "
            "batch")
_MOMENTUM = "v = beta1 * v + (1 - beta1) * grad, then var = var - alpha * v"
_RMSPROP = ("s = beta2 * s + (1 - beta2) * grad^2, then var = var - alpha * grad / "
            "(sqrt(s) + epsilon)")
_ADAM = ("v = beta1 * v + (1 - beta1) * grad, s = beta2 * s + (1 - beta2) * grad^2, "
         "v_hat = v / (1 - beta1^t), s_hat = s / (1 - beta2^t), var = var - alpha * v_hat / "
         "(sqrt(s_hat) + epsilon); return var, v, s")
_SGD = "tf.keras.optimizers.SGD(learning_rate=alpha, momentum=beta1)"
_RMSPROP_OP = "tf.keras.optimizers.RMSprop(learning_rate=alpha, rho=beta2, epsilon=epsilon)"
_ADAM_OP = ("tf.keras.optimizers.Adam(learning_rate=alpha, beta_1=beta1, beta_2=beta2, "
            "epsilon=epsilon)")
_DECAY = "alpha / (1 + decay_rate * floor(global_step / decay_step)), with np.floor or //"
_SCHEDULE = ("tf.keras.optimizers.schedules.InverseTimeDecay(alpha, decay_step, decay_rate, "
             "staircase=True)")
_BN = ("Z_norm = (Z - mean) / sqrt(variance + epsilon) with mean = np.mean(Z, axis=0) and "
       "variance = np.var(Z, axis=0), then gamma * Z_norm + beta")
_BN_LAYER = ("mean, variance = tf.nn.moments(Z, axes=[0]), then tf.nn.batch_normalization(Z, "
             "mean, variance, beta, gamma, 1e-7) (or call a BatchNormalization(epsilon=1e-7) layer "
             "with training=True)")
_LAYER_CHECKS = ("output", "normalization")

CATALOGUE: tuple[Mistake, ...] = (
    # task 0
    Mistake("std-ddof1", (0,),
            "the standard deviation divides by m - 1 (the sample standard deviation, ddof=1); "
            "standardization uses the population standard deviation, which divides by m",
            _STD, _runs(_constants(0, ddof=1))),
    Mistake("constants-wrong-axis", (0,),
            "the mean and standard deviation were taken along axis 1, over the features of each "
            "data point, instead of along axis 0, over the data points of each feature",
            "one mean and one standard deviation per feature: np.mean(X, axis=0), "
            "np.std(X, axis=0)", _runs(_constants(1))),
    Mistake("constants-whole-matrix", (0,),
            "one mean and one standard deviation for the whole matrix (no axis given), instead "
            "of one per feature", "np.mean(X, axis=0) and np.std(X, axis=0): nx values each",
            _runs(_constants(None))),
    Mistake("constants-variance", (0,),
            "the variance was returned instead of the standard deviation, its square root",
            _STD, _runs(_constants(0, square=True))),
    # task 1
    Mistake("normalize-recomputes", (1,),
            "the mean and standard deviation were recomputed from X instead of using the given "
            "m and s; data is standardized with the constants it is given (those of the "
            "training set)", "use the arguments: (X - m) / s", _runs(_normalize_recomputes)),
    Mistake("normalize-precedence", (1,),
            "X - m / s divides only the mean by s (operator precedence): the parentheses around "
            "X - m are missing", "(X - m) / s", _runs(_normalize_precedence)),
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
            "points left", _BATCHES, _gives(_drop_last)),
    Mistake("batches-empty-last", (3,),
            "an empty mini-batch was added at the end; there are ceil(m / batch_size) batches, "
            "none of them empty", _BATCHES, _gives(_empty_last)),
    Mistake("batches-no-shuffle", (3,),
            "the mini-batches were cut from the data in its original order; the data must be "
            "shuffled first with shuffle_data", _BATCHES, _gives(_unshuffled)),
    # task 4
    Mistake("ema-no-bias-correction", (4,),
            "the moving averages were returned without bias correction, so the first ones are "
            "pulled toward V_0 = 0", _EMA, _runs(_moving_average(correct=False))),
    Mistake("ema-correction-off-by-one", (4,),
            "the bias correction is one step off: it divides by 1 - beta^(t+1) where the step "
            "of the first data point is t = 1", _EMA, _runs(_moving_average(shift=1))),
    Mistake("ema-swapped-weights", (4,),
            "the weights are swapped: beta multiplies the new data point and (1 - beta) the "
            "previous average", _EMA, _runs(_moving_average(swapped=True))),
    # task 5
    Mistake("momentum-no-one-minus-beta", (5,),
            "the moment adds the whole gradient, v = beta1 * v + grad, without the (1 - beta1) "
            "factor: v is then a weighted sum, not an exponentially weighted average, and the "
            "steps are up to 1 / (1 - beta1) times too large", _MOMENTUM,
            _runs(_momentum(lambda b: b, lambda b: 1))),
    Mistake("momentum-swapped-weights", (5,),
            "the weights are swapped: v = (1 - beta1) * v + beta1 * grad", _MOMENTUM,
            _runs(_momentum(lambda b: 1 - b, lambda b: b))),
    # task 6
    Mistake("momentum-op-swapped-args", (6,),
            "alpha and beta1 were swapped: the learning rate got beta1 and the momentum alpha",
            _SGD, _settings("SGD", lambda a: {"learning_rate": a[1], "momentum": a[0]})),
    Mistake("momentum-op-no-momentum", (6,),
            "the optimizer has no momentum (plain gradient descent): beta1 was not passed as "
            "momentum", _SGD, _settings("SGD", lambda a: {"momentum": 0.0})),
    Mistake("momentum-op-nesterov", (6,),
            "Nesterov momentum was switched on; the task is plain gradient descent with "
            "momentum", _SGD, _settings("SGD", lambda a: {"nesterov": True})),
    # task 7
    Mistake("rmsprop-eps-inside-sqrt", (7,),
            "epsilon was added inside the square root, sqrt(s + epsilon); the update adds it to "
            "the root, sqrt(s) + epsilon (the difference shows when s is small or epsilon large)",
            _RMSPROP, _runs(_rmsprop(eps_inside=True))),
    Mistake("rmsprop-no-one-minus-beta", (7,),
            "the second moment adds the whole squared gradient, s = beta2 * s + grad^2, without "
            "the (1 - beta2) factor", _RMSPROP, _runs(_rmsprop(one_minus_beta=False))),
    # task 8
    Mistake("rmsprop-op-momentum-for-rho", (8,),
            "beta2 was passed as momentum; in Keras' RMSprop the discounting factor of the "
            "second moment is rho (momentum is another, extra term)", _RMSPROP_OP,
            _settings("RMSprop", lambda a: {"momentum": a[1]})),
    Mistake("rmsprop-op-default-epsilon", (8,),
            "epsilon was not passed on, so the optimizer uses Keras' default (1e-07) instead of "
            "the given one", _RMSPROP_OP, _settings("RMSprop", lambda a: {"epsilon": 1e-7})),
    # task 9
    Mistake("adam-eps-inside-sqrt", (9,),
            "epsilon was added inside the square root, sqrt(s_hat + epsilon); the update adds it "
            "to the root, sqrt(s_hat) + epsilon", _ADAM, _runs(_adam(eps_inside=True))),
    Mistake("adam-exponent", (9,),
            "the bias correction uses the wrong power of beta: at step t it divides by "
            "1 - beta1^t and 1 - beta2^t, with the t given (t = 1 at the first step)", _ADAM,
            _runs(_adam(shift=1), _adam(shift=-1))),
    Mistake("adam-corrected-moments", (9,),
            "the bias-corrected moments v_hat and s_hat were returned; the function returns the "
            "uncorrected v and s, which the next step builds on", _ADAM,
            _runs(_adam(corrected_out=True))),
    Mistake("adam-no-bias-correction", (9,),
            "the update uses v and s without bias correction", _ADAM, _runs(_adam(correct=False))),
    # task 10
    Mistake("adam-op-swapped-betas", (10,),
            "beta1 and beta2 were swapped: beta_1 is the first moment's weight (beta1) and "
            "beta_2 the second moment's (beta2)", _ADAM_OP,
            _settings("Adam", lambda a: {"beta_1": a[2], "beta_2": a[1]})),
    Mistake("adam-op-default-epsilon", (10,),
            "epsilon was not passed on, so the optimizer uses Keras' default (1e-07) instead of "
            "the given one", _ADAM_OP, _settings("Adam", lambda a: {"epsilon": 1e-7})),
    # task 11
    Mistake("decay-continuous", (11,),
            "the learning rate decays continuously (global_step / decay_step); the task asks for "
            "stepwise decay, where alpha changes only every decay_step steps", _DECAY,
            _runs(_decay("continuous"))),
    Mistake("decay-exponential", (11,),
            "alpha was multiplied by decay_rate at each decay (exponential decay); the task is "
            "inverse time decay, which divides alpha by 1 + decay_rate * (number of decays)",
            _DECAY, _runs(_decay("exponential"), _decay("continuous-exponential"))),
    # task 12
    Mistake("schedule-continuous", (12,),
            "the schedule decays continuously (staircase is off); the task asks for stepwise "
            "decay, where the rate changes only every decay_step steps", _SCHEDULE,
            _schedule("continuous")),
    Mistake("schedule-exponential", (12,),
            "the schedule multiplies alpha by decay_rate at each decay (exponential decay); the "
            "task is inverse time decay", _SCHEDULE,
            _schedule("exponential", "continuous-exponential")),
    # task 13
    Mistake("bn-sample-variance", (13,),
            "the variance divides by m - 1 (the sample variance, ddof=1); batch normalization "
            "uses the population variance of the batch, which divides by m", _BN,
            _runs(_batch_norm(ddof=1))),
    Mistake("bn-no-epsilon", (13,),
            "epsilon is missing: Z was divided by sqrt(variance) alone", _BN,
            _runs(_batch_norm(epsilon_at="none"))),
    Mistake("bn-eps-outside-sqrt", (13,),
            "epsilon was added outside the square root, sqrt(variance) + epsilon; batch "
            "normalization adds it to the variance, inside the root", _BN,
            _runs(_batch_norm(epsilon_at="root"))),
    Mistake("bn-wrong-axis", (13,),
            "the mean and variance were taken along axis 1, over the features of each data "
            "point, instead of along axis 0, over the batch's data points for each feature",
            _BN, _runs(_batch_norm(axis=1))),
    # task 14
    Mistake("bn-layer-inference", (14,),
            "the Keras BatchNormalization layer ran in inference mode (it was called without "
            "training=True), so it normalized with its moving mean 0 and moving variance 1 and "
            "never used the batch's own statistics", _BN_LAYER,
            _layer((KERAS_EPSILON, SPEC_EPSILON), training=False), _LAYER_CHECKS),
    Mistake("bn-layer-epsilon", (14,),
            "the batch normalization used Keras' default epsilon (0.001) instead of the 1e-7 "
            "the spec asks for", _BN_LAYER, _layer((KERAS_EPSILON,), training=True),
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
            "tf.keras.optimizers.schedules.InverseTimeDecay, tf.keras.layers.Dense", _tf1_code,
            in_source=True),
)

BY_ID = {mistake.id: mistake for mistake in CATALOGUE}


def for_task(task: int) -> tuple[Mistake, ...]:
    """The catalogued mistakes of a task, in the order they are tried."""
    return tuple(m for m in CATALOGUE if task in m.tasks)


class Diagnosis:
    """Names the known mistake behind a task's failed checks, computing each case's once."""

    def __init__(self, task, run, expected: dict, source: str = ""):
        self._task, self._run, self._expected, self._source = task, run, expected, source
        self._seen: dict[tuple[str, str], bool] = {}

    def _evidence(self, case) -> Evidence:
        outcome = self._run.cases.get(case.id)
        returned = outcome is not None and outcome.status == "ok"
        return Evidence(case=case, driver=self._task.driver_for(case),
                        expected=self._expected.get(case.id),
                        tolerance=case.tolerance or self._task.tolerance,
                        output=outcome.output if returned else None, has_output=returned,
                        source=self._source)

    def _matches(self, mistake: Mistake, case) -> bool:
        key = (mistake.id, case.id)
        if key not in self._seen:
            self._seen[key] = bool(mistake.detect(self._evidence(case)))
        return self._seen[key]

    def of(self, check_name: str, case) -> Mistake | None:
        """The catalogued mistake that explains this failed check of this case, if exactly one
        does: first among those seen in the output, then among those seen in the code.  Two
        mistakes that give the same output on a case leave it undiagnosed (it cannot tell)."""
        if self._run.load == "missing_file":
            return None
        for in_source in (False, True):
            found = [m for m in for_task(self._task.id) if m.in_source == in_source
                     and m.explains(check_name) and self._matches(m, case)]
            if found:
                return found[0] if len(found) == 1 else None
        return None


def _heading(tasks: tuple[int, ...]) -> str:
    if len(tasks) == 1:
        return f"Task {tasks[0]}"
    return "Tasks " + ", ".join(map(str, tasks[:-1])) + f" and {tasks[-1]}"


def catalogue_markdown() -> str:
    """The catalogue as the page docs/mistakes.md (a test keeps that file in step with this)."""
    lines = ["# Known mistakes", "",
             "Generated from `checks/mistakes.py` by `checks.mistakes.catalogue_markdown()`; "
             "do not edit by hand.", "",
             "When a check fails and the student's output is what one of these mistakes gives on "
             "the same inputs (under the check's own tolerance), the check's result carries the "
             "mistake's id (`mistake` in the JSON) and its message ends with the explanation and "
             "the hint below.  A mistake marked *(in the code)* is recognised in the task file's "
             "source instead."]
    groups: dict[tuple[int, ...], list[Mistake]] = {}
    for mistake in CATALOGUE:
        groups.setdefault(mistake.tasks, []).append(mistake)
    for tasks, group in groups.items():
        lines += ["", f"## {_heading(tasks)}", ""]
        for m in group:
            where = " *(in the code)*" if m.in_source else ""
            lines.append(f"- `{m.id}`{where}: {m.message}.  \n  Hint: {m.hint}.")
    return "\n".join(lines) + "\n"
