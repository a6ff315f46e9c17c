"""The catalogue of known mistakes: each one is recognised, and a right answer never is.

Pure tests on fake task runs: the numpy tasks' wrong outputs come from student-style code
written here (not from checks/mistakes.py's own formulas) run through the harness's drivers;
the TensorFlow tasks' ones are what the harness would report, built from the stored expected
outputs.  tests/gallery/ proves the same end to end, through the harness and TensorFlow.
"""
from __future__ import annotations

import copy
import re
import warnings
from pathlib import Path

import numpy as np
import pytest

from checks import mistakes
from checks.mistakes import BY_ID, CATALOGUE, Diagnosis, Evidence, code_only, for_task
from checks.results import CaseOutcome, TaskRun
from checks.scoring import grade_task
from checks.tasks import TASKS
from grader import expected as stored
from harness import drivers
from harness.plain import Opaque

DOCS = Path(__file__).resolve().parents[2] / "docs" / "mistakes.md"

#: The mistakes the issue names, by the ids the catalogue gives them.
NAMED_IN_THE_ISSUE = {
    "std-ddof1", "constants-wrong-axis", "shuffle-two-permutations", "batches-drop-last",
    "batches-empty-last", "ema-no-bias-correction", "ema-correction-off-by-one",
    "momentum-no-one-minus-beta", "rmsprop-eps-inside-sqrt", "adam-eps-inside-sqrt",
    "adam-exponent", "adam-corrected-moments", "decay-continuous", "schedule-continuous",
    "bn-sample-variance", "bn-no-epsilon", "bn-layer-inference", "kernel-initializer",
    "tf1-style", "bn-wrong-axis",
}


@pytest.fixture(scope="module")
def expected():
    """Task id -> the stored expected outputs of every case."""
    return {task.id: stored.load(task) for task in TASKS.values()}


# ---------------------------------------------------------------- the catalogue itself


def test_ids_are_unique_short_and_stable_looking():
    ids = [m.id for m in CATALOGUE]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) and len(i) <= 30 for i in ids)


def test_every_mistake_the_issue_names_is_catalogued():
    assert NAMED_IN_THE_ISSUE <= set(BY_ID)


def test_at_least_two_mistakes_per_task():
    for task in TASKS:
        assert len(for_task(task)) >= 2, f"task {task}"


def test_tf1_style_is_catalogued_for_exactly_the_tensorflow_tasks():
    assert set(BY_ID["tf1-style"].tasks) == {t.id for t in TASKS.values() if t.uses_tf}


def test_every_mistake_has_a_message_and_a_hint_in_plain_text():
    for mistake in CATALOGUE:
        assert len(mistake.message) > 20 and len(mistake.hint) > 10, mistake.id
        text = mistake.explanation()
        assert text.startswith(f"known mistake ({mistake.id}): ")
        assert "\nhint: " in text and "{" not in mistake.message


def test_docs_page_is_in_step_with_the_catalogue():
    regenerate = ('python -c "from checks.mistakes import catalogue_markdown as c; '
                  "open('docs/mistakes.md', 'w').write(c())\"")
    assert DOCS.read_text() == mistakes.catalogue_markdown(), f"regenerate it: {regenerate}"


def test_docs_page_lists_every_id():
    page = mistakes.catalogue_markdown()
    assert all(f"`{m.id}`" in page for m in CATALOGUE)


# ---------------------------------------------------------------- student-style wrong code
# Each returns what the student's function returns; run through the case's driver below.


def _constants(axis=0, ddof=0, variance=False):
    def normalization_constants(X):
        spread = X.var(axis=axis, ddof=ddof) if variance else X.std(axis=axis, ddof=ddof)
        return X.mean(axis=axis), spread
    return normalization_constants


def _shuffle_one(X, Y):
    return X[np.random.permutation(len(X))], Y


def _shuffle_two(X, Y):
    return X[np.random.permutation(len(X))], Y[np.random.permutation(len(Y))]


def _shuffle_sorted_noise(X, Y):
    order = np.argsort(np.random.uniform(size=len(X)))
    return X[order], Y[order]


def _batches(count, shuffle=True):
    def create_mini_batches(X, Y, batch_size):
        if shuffle:
            order = np.random.permutation(len(X))
            X, Y = X[order], Y[order]
        return [(X[k * batch_size:(k + 1) * batch_size], Y[k * batch_size:(k + 1) * batch_size])
                for k in range(count(len(X), batch_size))]
    return create_mini_batches


def _ema(power, correct=True, swapped=False):
    def moving_average(data, beta):
        out, v = [], 0
        for i, x in enumerate(data):
            v = (1 - beta) * v + beta * x if swapped else beta * v + (1 - beta) * x
            out.append(v / (1 - beta ** power(i)) if correct else v)
        return out
    return moving_average


def _momentum_sum(alpha, beta1, var, grad, v):
    v = beta1 * v + grad
    return var - alpha * v, v


def _momentum_swapped(alpha, beta1, var, grad, v):
    v = (1 - beta1) * v + beta1 * grad
    return var - alpha * v, v


def _rmsprop(inside=False, factor=True):
    def update_variables_RMSProp(alpha, beta2, epsilon, var, grad, s):
        s = beta2 * s + ((1 - beta2) if factor else 1) * np.square(grad)
        step = grad / np.sqrt(s + epsilon) if inside else grad / (np.sqrt(s) + epsilon)
        return var - alpha * step, s
    return update_variables_RMSProp


def _adam(inside=False, power=lambda t: t, corrected=False, correction=True):
    def update_variables_Adam(alpha, beta1, beta2, epsilon, var, grad, v, s, t):
        v = beta1 * v + (1 - beta1) * grad
        s = beta2 * s + (1 - beta2) * np.square(grad)
        v_c = v / (1 - beta1 ** power(t)) if correction else v
        s_c = s / (1 - beta2 ** power(t)) if correction else s
        denominator = np.sqrt(s_c + epsilon) if inside else np.sqrt(s_c) + epsilon
        var = var - alpha * v_c / denominator
        return (var, v_c, s_c) if corrected else (var, v, s)
    return update_variables_Adam


def _batch_norm(ddof=0, where="inside", axis=0):
    def batch_norm(Z, gamma, beta, epsilon):
        mu = Z.mean(axis=axis, keepdims=True)
        var = Z.var(axis=axis, ddof=ddof, keepdims=True)
        root = {"inside": np.sqrt(var + epsilon), "none": np.sqrt(var),
                "outside": np.sqrt(var) + epsilon}[where]
        return gamma * (Z - mu) / root + beta
    return batch_norm


def _ema_from_first(data, beta):
    v, out = data[0], []
    for i, x in enumerate(data):
        v = beta * v + (1 - beta) * x
        out.append(v / (1 - beta ** (i + 1)))
    return out


def _ema_twice(data, beta):
    v, out = 0, []
    for i, x in enumerate(data):
        v = beta * v + (1 - beta) * x
        corrected = v / (1 - beta ** (i + 1))
        out.append(corrected / (1 - beta ** (i + 1)))
    return out


def _ema_inside(data, beta):
    v, out = 0, []
    for i, x in enumerate(data):
        v = (beta * v + (1 - beta) * x) / (1 - beta ** (i + 1))
        out.append(v)
    return out


def _bn_root_of_std(Z, gamma, beta, epsilon):
    return gamma * ((Z - Z.mean(axis=0)) / np.sqrt(Z.std(axis=0) + epsilon)) + beta


STUDENT_CODE = {
    "min-max-scaling": lambda X: (X.min(axis=0), X.max(axis=0) - X.min(axis=0)),
    "ema-seeded-with-first": _ema_from_first,
    "ema-corrected-twice": _ema_twice,
    "ema-corrected-in-recursion": _ema_inside,
    "bn-root-of-std": _bn_root_of_std,
    "std-ddof1": _constants(ddof=1),
    "constants-wrong-axis": _constants(axis=1),
    "constants-whole-matrix": _constants(axis=None),
    "constants-variance": _constants(variance=True),
    "normalize-recomputes": lambda X, m, s: (X - X.mean(axis=0)) / X.std(axis=0),
    "normalize-precedence": lambda X, m, s: X - m / s,
    "shuffle-one-matrix": _shuffle_one,
    "shuffle-two-permutations": _shuffle_two,
    "shuffle-other-random": _shuffle_sorted_noise,
    "batches-drop-last": _batches(lambda m, b: m // b),
    "batches-empty-last": _batches(lambda m, b: m // b + 1),
    "batches-no-shuffle": _batches(lambda m, b: -(-m // b), shuffle=False),
    "ema-no-bias-correction": _ema(lambda i: i + 1, correct=False),
    "ema-correction-off-by-one": _ema(lambda i: i + 2),
    "ema-swapped-weights": _ema(lambda i: i + 1, swapped=True),
    "momentum-no-one-minus-beta": _momentum_sum,
    "momentum-swapped-weights": _momentum_swapped,
    "rmsprop-eps-inside-sqrt": _rmsprop(inside=True),
    "rmsprop-no-one-minus-beta": _rmsprop(factor=False),
    "adam-eps-inside-sqrt": _adam(inside=True),
    "adam-exponent": _adam(power=lambda t: t + 1),
    "adam-corrected-moments": _adam(corrected=True),
    "adam-no-bias-correction": _adam(correction=False),
    "decay-continuous": lambda alpha, rate, step, every: alpha / (1 + rate * step / every),
    "decay-exponential": lambda alpha, rate, step, every: alpha * rate ** (step // every),
    "bn-sample-variance": _batch_norm(ddof=1),
    "bn-no-epsilon": _batch_norm(where="none"),
    "bn-eps-outside-sqrt": _batch_norm(where="outside"),
    "bn-wrong-axis": _batch_norm(axis=1),
}


def _student_outputs(task, fn) -> dict:
    """Case id -> what fn returns in the harness's driver, seeded as the harness seeds it."""
    outputs = {}
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # np.std of one data point with ddof=1
        for case in task.cases():
            np.random.seed(case.seed)
            try:
                outputs[case.id] = drivers.run(task.driver_for(case), fn, case.inputs)
            except ZeroDivisionError:
                pass
    return outputs


# ---------------------------------------------------------------- TensorFlow: harness reports


def _with_config(**changes):
    """Optimizer tasks: the expected report with some settings changed, as a wrong optimizer's."""
    def fake(case, want):
        got = copy.deepcopy(want)
        args = case.inputs["args"]
        got["optimizer"]["config"].update({k: v(args) for k, v in changes.items()})
        got["losses"] = want["losses"] * 1.01  # a wrong optimizer trains differently
        return got
    return fake


def _schedule(formula):
    def fake(case, want):
        alpha, rate, every = case.inputs["args"]
        steps = np.array(case.inputs["steps"], dtype=float)
        return {**want, "values": formula(alpha, rate, steps, every).astype(np.float32)}
    return fake


_ACT = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0), "identity": lambda z: z,
        "sigmoid": lambda z: 1 / (1 + np.exp(-z))}


def _layer(kernel_of, normalize):
    """Task 14: a layer's output in float32 from a kernel, and the variables it created."""
    def fake(case, want):
        variables = copy.deepcopy(want["variables"])
        shape = (case.inputs["prev"].shape[1], case.inputs["n"])
        index = next(i for i, v in enumerate(variables) if np.shape(v["initial"]) == shape)
        variables[index]["initial"] = kernel_of(variables[index]["initial"])
        Z = case.inputs["prev"].astype(np.float32) @ variables[index]["initial"]
        out = _ACT[case.inputs["activation"]](normalize(Z)).astype(np.float32)
        return {"output": out, "variables": variables}
    return fake


FAKE_REPORTS = {
    "batches-generator": lambda case, want: want if case.driver == "in_place" else {
        "batches": Opaque("builtins.generator", "<generator object create_mini_batches>"),
        "own_shuffle": want["own_shuffle"]},
    "momentum-op-swapped-args": _with_config(learning_rate=lambda a: a[1], momentum=lambda a: a[0]),
    "momentum-op-no-momentum": _with_config(momentum=lambda a: 0.0),
    "momentum-op-nesterov": _with_config(nesterov=lambda a: True),
    "rmsprop-op-momentum-for-rho": _with_config(momentum=lambda a: a[1], rho=lambda a: 0.9),
    "rmsprop-op-default-epsilon": _with_config(epsilon=lambda a: 1e-7),
    "adam-op-swapped-betas": _with_config(beta_1=lambda a: a[2], beta_2=lambda a: a[1]),
    "adam-op-default-epsilon": _with_config(epsilon=lambda a: 1e-7),
    "schedule-continuous": _schedule(lambda a, r, s, e: a / (1 + r * s / e)),
    "schedule-exponential": _schedule(lambda a, r, s, e: a * r ** np.floor(s / e)),
    "bn-layer-inference": _layer(lambda k: k, lambda Z: Z / np.sqrt(1 + 1e-3)),
    "bn-layer-epsilon": _layer(lambda k: k, lambda Z: (Z - Z.mean(0)) / np.sqrt(Z.var(0) + 1e-3)),
    "kernel-initializer": _layer(
        lambda k: np.random.default_rng(7).uniform(-0.3, 0.3, np.shape(k)).astype(np.float32),
        lambda Z: (Z - Z.mean(0)) / np.sqrt(Z.var(0) + 1e-7)),
}


def _run(task_id: int, outputs: dict) -> TaskRun:
    return TaskRun(task=task_id, load="ok",
                   cases={cid: CaseOutcome("ok", out) for cid, out in outputs.items()})


def _graded(mistake_id: str, expected) -> object:
    """grade_task on a run made of the mistake's student code or fake harness report."""
    task = TASKS[BY_ID[mistake_id].tasks[0]]
    want = expected[task.id]
    if mistake_id in STUDENT_CODE:
        outputs = _student_outputs(task, STUDENT_CODE[mistake_id])
    else:
        outputs = {case.id: FAKE_REPORTS[mistake_id](case, want[case.id]) for case in task.cases()}
    return grade_task(task, _run(task.id, outputs), want)


# ---------------------------------------------------------------- recognised, and only then


def test_every_catalogued_mistake_has_a_test_here_or_in_the_source_tests():
    covered = (set(STUDENT_CODE) | set(FAKE_REPORTS) | {f for f, _ in FAMILY_CODE}
               | {"tf1-style", "keras2-argument-names"})
    assert covered == set(BY_ID)


@pytest.mark.parametrize("mistake_id", sorted(set(STUDENT_CODE) | set(FAKE_REPORTS)))
def test_a_submission_with_the_mistake_gets_its_diagnosis(mistake_id, expected):
    result = _graded(mistake_id, expected)
    failed = [c for c in result.checks if not c.passed]
    assert failed, "the mistake went unnoticed"
    named = [c for c in failed if c.mistake == mistake_id]
    assert named, f"no failed check names {mistake_id}"
    assert {c.mistake for c in result.checks} <= {mistake_id, None}, "another mistake was named"
    assert all(not c.mistake for c in result.checks if c.passed)
    explanation = BY_ID[mistake_id].explanation()
    assert all(c.message.endswith("\n" + explanation) for c in named)


@pytest.mark.parametrize("task_id", sorted(TASKS))
def test_right_outputs_never_match_a_mistake(task_id, expected):
    """Even asked directly (grading asks only for failed checks), no mistake fits the reference's
    own output on any case, nor an output within the tolerance of it."""
    task = TASKS[task_id]
    for case in task.cases():
        want = expected[task_id][case.id]
        for output in (want, _nudged(want, case.tolerance or task.tolerance)):
            evidence = Evidence(case=case, driver=task.driver_for(case), expected=want,
                                tolerance=case.tolerance or task.tolerance, output=output,
                                has_output=True, task=task_id)
            found = [m.id for m in for_task(task_id) if m.findings(evidence)]
            assert found == [], f"case {case.id}"


def _nudged(value, tolerance):
    """value with every float moved by a tenth of the tolerance: still a right answer."""
    if isinstance(value, dict):
        return {k: _nudged(v, tolerance) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_nudged(v, tolerance) for v in value)
    if isinstance(value, (float, np.ndarray)) and np.asarray(value).dtype.kind == "f":
        return value * (1 + tolerance.rtol / 10)
    return value


def test_a_hidden_case_names_the_mistake_without_its_values(expected):
    result = _graded("adam-eps-inside-sqrt", expected)
    hidden = [c for c in result.checks if c.visibility == "hidden" and c.mistake]
    assert hidden
    case = next(c for c in TASKS[9].cases() if c.id == hidden[0].name.split(":")[0])
    assert hidden[0].message.startswith(f"hidden case ({case.kind}): ")
    digits = re.findall(r"\d+\.\d{3,}", hidden[0].message)
    assert digits == [], "a hidden case's message shows numbers"


def test_two_mistakes_giving_the_same_output_leave_the_case_undiagnosed(expected):
    """On a scalar starting at 0 at t = 2 with beta1 = 0.9, beta2 = 0.99, Adam without bias
    correction and Adam corrected with beta ** (t - 1) take the same step: it cannot tell."""
    fn = _adam(correction=False)
    result = grade_task(TASKS[9], _run(9, _student_outputs(TASKS[9], fn)), expected[9])
    scalar = next(c for c in result.checks if c.name.startswith("scalar:"))
    assert not scalar.passed and scalar.mistake is None
    assert any(c.mistake == "adam-no-bias-correction" for c in result.checks)


def test_a_case_that_raised_gets_no_output_based_diagnosis(expected):
    run = TaskRun(task=0, load="ok", cases={
        c.id: CaseOutcome("exception", error="ZeroDivisionError") for c in TASKS[0].cases()})
    result = grade_task(TASKS[0], run, expected[0])
    assert all(not c.passed and c.mistake is None for c in result.checks)


def test_a_missing_file_gets_no_diagnosis(expected):
    result = grade_task(TASKS[6], TaskRun(task=6, load="missing_file"), expected[6],
                        source="tf.compat.v1.train.MomentumOptimizer")
    assert all(c.mistake is None for c in result.checks)


# ---------------------------------------------------------------- TensorFlow 1 code, in the source

TF1_MOMENTUM = '''#!/usr/bin/env python3
"""Momentum: unlike tf.train.MomentumOptimizer, this is TF2"""
import tensorflow as tf


def create_momentum_op(alpha, beta1):
    """Returns a tf.compat.v1 free optimizer"""
    # tf.compat.v1.train.MomentumOptimizer(alpha, beta1) was the old way
    return {code}
'''


@pytest.mark.parametrize("code", [
    "tf.compat.v1.train.MomentumOptimizer(alpha, beta1)",
    "tf.train.MomentumOptimizer(alpha, beta1)",
    "tf . compat . v1 . train . MomentumOptimizer(alpha, beta1)",
    "tf.compat.v1.layers.dense(alpha, beta1)",
])
def test_tf1_code_is_recognised(code):
    evidence = Evidence(case=None, driver="tf_optimizer", expected=None, tolerance=None,
                        source=TF1_MOMENTUM.format(code=code))
    assert BY_ID["tf1-style"].detect(evidence)


def test_tf1_words_in_comments_and_docstrings_are_not_code():
    source = TF1_MOMENTUM.format(code="tf.keras.optimizers.SGD(alpha, momentum=beta1)")
    assert "tf.compat.v1" not in code_only(source) and "tf.train" not in code_only(source)
    evidence = Evidence(case=None, driver="tf_optimizer", expected=None, tolerance=None,
                        source=source)
    assert not BY_ID["tf1-style"].detect(evidence)


def test_unparsable_source_is_still_searched_without_its_comments():
    source = "def f(:\n    return tf.compat.v1.train.AdamOptimizer()  # tf.Session\n"
    assert "tf.compat.v1" in code_only(source) and "Session" not in code_only(source)


def test_tf1_source_names_the_failed_checks_and_the_task_message(expected):
    """A TF1 optimizer fails every case; the source says why, even when the file did not load."""
    source = TF1_MOMENTUM.format(code="tf.compat.v1.train.MomentumOptimizer(alpha, beta1)")
    raised = TaskRun(task=6, load="ok", cases={
        c.id: CaseOutcome("exception", error="AttributeError") for c in TASKS[6].cases()})
    result = grade_task(TASKS[6], raised, expected[6], source=source)
    assert all(c.mistake == "tf1-style" for c in result.checks)
    broken = TaskRun(task=6, load="error", load_error="AttributeError: no attribute 'train'")
    result = grade_task(TASKS[6], broken, expected[6], source=source)
    assert result.status == "error" and all(c.mistake == "tf1-style" for c in result.checks)
    assert BY_ID["tf1-style"].explanation() in result.message


def test_tf1_code_in_a_numpy_task_is_not_diagnosed(expected):
    outputs = _student_outputs(TASKS[11], STUDENT_CODE["decay-continuous"])
    result = grade_task(TASKS[11], _run(11, outputs), expected[11],
                        source="import tensorflow as tf\nx = tf.compat.v1.Session()\n")
    assert {c.mistake for c in result.checks} <= {"decay-continuous", None}


def test_an_output_mistake_wins_over_tf1_code(expected):
    want = expected[10]
    swapped = FAKE_REPORTS["adam-op-swapped-betas"]
    outputs = {c.id: swapped(c, want[c.id]) for c in TASKS[10].cases()}
    result = grade_task(TASKS[10], _run(10, outputs), want,
                        source="import tensorflow as tf\nsess = tf.compat.v1.Session()\n")
    named = {c.mistake for c in result.checks if not c.passed}
    assert "adam-op-swapped-betas" in named


def test_a_variant_that_fails_on_a_case_does_not_hide_the_others(expected):
    task, fn = TASKS[0], STUDENT_CODE["std-ddof1"]
    case = task.cases()[0]
    evidence = Evidence(case=case, driver="call", expected=expected[0][case.id],
                        tolerance=task.tolerance, output=fn(*case.inputs["args"]),
                        has_output=True)
    assert mistakes.evidence.runs(lambda X: 1 / 0, fn)(evidence)
    assert not mistakes.evidence.runs(lambda X: 1 / 0)(evidence)


# ---------------------------------------------------------------- families, on several tasks


def _momentum_v_first(alpha, beta1, var, grad, v):
    v = beta1 * v + (1 - beta1) * grad
    return v, var - alpha * v


def _momentum_var_first(alpha, beta1, var, grad, v):
    var = var - alpha * v
    v = beta1 * v + (1 - beta1) * grad
    return var, v


def _momentum_plus(alpha, beta1, var, grad, v):
    v = beta1 * v + (1 - beta1) * grad
    return var + alpha * v, v


def _adam_with(order=(0, 1, 2), betas_swapped=False, old_moments=False, one_minus_t=True,
               precedence=False):
    def update_variables_Adam(alpha, beta1, beta2, epsilon, var, grad, v, s, t):
        if betas_swapped:
            beta1, beta2 = beta2, beta1
        if old_moments:
            v_c, s_c = v / (1 - beta1 ** t), s / (1 - beta2 ** t)
        v = beta1 * v + (1 - beta1) * grad
        s = beta2 * s + (1 - beta2) * grad * grad
        if not old_moments:
            c1, c2 = (1 - beta1 ** t, 1 - beta2 ** t) if one_minus_t else (beta1 ** t, beta2 ** t)
            v_c, s_c = v / c1, s / c2
        if precedence:
            var = var - alpha * v_c / np.sqrt(s_c) + epsilon
        else:
            var = var - alpha * v_c / (np.sqrt(s_c) + epsilon)
        values = (var, v, s)
        return tuple(values[i] for i in order)
    return update_variables_Adam


def _rmsprop_no_root(alpha, beta2, epsilon, var, grad, s):
    s = beta2 * s + (1 - beta2) * grad ** 2
    return var - alpha * grad / (s + epsilon), s


def _ema_beta_twice(data, beta):
    v, out = 0, []
    for t, x in enumerate(data, 1):
        v = beta * v + beta * x
        out.append(v / (1 - beta ** t))
    return out


def _bn(scale_shift_swapped=False, root=True):
    def batch_norm(Z, gamma, beta, epsilon):
        mean, var = Z.mean(axis=0), Z.var(axis=0)
        Z_norm = (Z - mean) / (np.sqrt(var + epsilon) if root else var + epsilon)
        return beta * Z_norm + gamma if scale_shift_swapped else gamma * Z_norm + beta
    return batch_norm


FAMILY_CODE = {
    ("values-in-another-order", 0): lambda X: (X.std(axis=0), X.mean(axis=0)),
    ("values-in-another-order", 5): _momentum_v_first,
    ("values-in-another-order", 9): _adam_with(order=(0, 2, 1)),
    ("arguments-swapped", 9): _adam_with(betas_swapped=True),
    ("arguments-swapped", 13): _bn(scale_shift_swapped=True),
    ("sign-flipped", 5): _momentum_plus,
    ("sign-flipped", 11): lambda alpha, rate, step, every: alpha / (1 - rate * np.floor(step / every)),
    ("root-or-square-missing", 7): _rmsprop_no_root,
    ("root-or-square-missing", 13): _bn(root=False),
    ("one-minus-mixed-up", 4): _ema_beta_twice,
    ("one-minus-mixed-up", 9): _adam_with(one_minus_t=False),
    ("steps-in-another-order", 5): _momentum_var_first,
    ("steps-in-another-order", 9): _adam_with(old_moments=True),
    ("operator-precedence", 9): _adam_with(precedence=True),
    ("operator-precedence", 11): lambda alpha, rate, step, every: alpha / (1 + rate * step // every),
}


@pytest.mark.parametrize("family, task_id", sorted(FAMILY_CODE))
def test_a_family_names_the_concrete_slip(family, task_id, expected):
    """Student-style code with one generic slip gets the family's id, and a message that says
    which slip it is, on some failed check; no other mistake is named."""
    task = TASKS[task_id]
    outputs = _student_outputs(task, FAMILY_CODE[family, task_id])
    result = grade_task(task, _run(task_id, outputs), expected[task_id])
    named = [c for c in result.checks if c.mistake == family]
    assert named, f"no failed check names {family}"
    assert {c.mistake for c in result.checks} <= {family, None}
    assert all(not c.passed for c in named)
    for check in named:
        assert f"known mistake ({family}): {BY_ID[family].message}: " in check.message
        assert "\nhint: " in check.message


def test_momentum_returning_v_then_var_is_told_so(expected):
    outputs = _student_outputs(TASKS[5], _momentum_v_first)
    result = grade_task(TASKS[5], _run(5, outputs), expected[5])
    message = next(c.message for c in result.checks if c.mistake)
    assert ("it returns the new moment, then the updated variable; the spec returns the updated "
            "variable, then the new moment") in message


def test_the_decay_precedence_slip_quotes_the_code(expected):
    outputs = _student_outputs(TASKS[11], FAMILY_CODE["operator-precedence", 11])
    result = grade_task(TASKS[11], _run(11, outputs), expected[11])
    message = next(c.message for c in result.checks if c.mistake)
    assert "`decay_rate * global_step // decay_step` where" in message


def test_every_family_applies_to_some_task_and_is_tested_on_one():
    families = {m.id for m in CATALOGUE if m.id in mistakes.families.MESSAGES}
    assert families == {f for f, _ in FAMILY_CODE}
    assert len(families) >= 7


# ---------------------------------------------------------------- Keras 2 habits

KERAS2_ADAM = """import tensorflow as tf


def create_Adam_op(alpha, beta1, beta2, epsilon):
    return tf.keras.optimizers.Adam(lr=alpha, beta1=beta1, beta_2=beta2, epsilon=epsilon)
"""


def test_keras2_argument_names_say_what_to_change(expected):
    """Keras 3 refuses lr= and beta1=; the failure names each change."""
    error = ("Traceback ...\nValueError: Argument(s) not recognized: {'lr': 0.001, "
             "'beta1': 0.9}")
    raised = TaskRun(task=10, load="ok", cases={
        c.id: CaseOutcome("exception", error=error) for c in TASKS[10].cases()})
    result = grade_task(TASKS[10], raised, expected[10], source=KERAS2_ADAM)
    assert all(c.mistake == "keras2-argument-names" for c in result.checks)
    assert "change lr= becomes learning_rate=, beta1= becomes beta_1=" in result.checks[0].message


def test_keras2_names_are_found_in_the_code_when_the_error_does_not_say(expected):
    raised = TaskRun(task=6, load="error", load_error="TypeError: something else")
    source = "import tensorflow as tf\nopt = tf.keras.optimizers.SGD(lr=0.1, momentum=0.9)\n"
    result = grade_task(TASKS[6], raised, expected[6], source=source)
    assert all(c.mistake == "keras2-argument-names" for c in result.checks)
    assert "lr= becomes learning_rate=" in result.message


def test_tf1_beta1_is_tf1_style_not_keras2(expected):
    source = "import tensorflow as tf\nop = tf.train.AdamOptimizer(0.1, beta1=0.9)\n"
    raised = TaskRun(task=10, load="ok", cases={
        c.id: CaseOutcome("exception", error="AttributeError") for c in TASKS[10].cases()})
    result = grade_task(TASKS[10], raised, expected[10], source=source)
    assert {c.mistake for c in result.checks} == {"tf1-style"}


def test_a_variable_named_beta1_is_no_keras2_habit():
    source = "import tensorflow as tf\nbeta1 = 0.9\nx = f(beta1 == 2)\n"
    evidence = Evidence(case=None, driver="tf_optimizer", expected=None, tolerance=None,
                        source=source)
    assert not BY_ID["keras2-argument-names"].findings(evidence)
