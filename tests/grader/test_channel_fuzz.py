"""The result channel's decoding is total: any bytes, any JSON, any hostile plain value give a
value or an "unreadable" outcome, and the task is graded; nothing raises (Hypothesis)."""
from __future__ import annotations

import base64
import json

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.results import TaskRun
from checks.scoring import grade_task
from checks.tasks import TASKS
from grader import expected
from grader.limits import Limits
from grader.runner import _json, parse_task_line
from harness import plain

FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=5)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=5), max_leaves=30)
SHAPES = st.lists(st.sampled_from([0, 1, 2, 3, 7, 2 ** 31 - 1, 2 ** 31, -1, 10 ** 30]), max_size=6)
ARRAYS = st.fixed_dictionaries({
    "t": st.just("array"),
    "dtype": st.sampled_from(sorted(plain.ARRAY_DTYPES) + ["object", "V8", "<U3", 7]),
    "shape": SHAPES | JSON,
    "b64": st.binary(max_size=64).map(lambda b: base64.b64encode(b).decode()) | JSON,
})
TAGS = ["none", "bool", "int", "float", "str", "array", "scalar", "list", "tuple", "dict",
        "tensor", "object", "nope"]
PLAIN = st.recursive(
    ARRAYS | st.fixed_dictionaries({"t": st.sampled_from(TAGS), "v": JSON}),
    lambda inner: st.fixed_dictionaries({"t": st.sampled_from(["list", "tuple"]),
                                         "items": st.lists(inner, max_size=4),
                                         "length": st.integers(-1, 5)})
    | st.fixed_dictionaries({"t": st.just("dict"), "items": st.dictionaries(st.text(max_size=4),
                                                                           inner, max_size=4)})
    | st.fixed_dictionaries({"t": st.sampled_from(["tensor", "scalar"]), "value": inner,
                             "cls": JSON}),
    max_leaves=12)
LIMITS = Limits()


@FUZZ
@given(PLAIN | JSON)
def test_decode_gives_a_value_or_a_channel_error_only(data):
    try:
        plain.decode(data)
    except plain.ChannelError:
        pass


@FUZZ
@given(st.binary(max_size=300))
def test_any_bytes_on_the_harness_stdout_are_skipped_or_read(raw):
    line = _json(raw)
    if isinstance(line, dict):
        _grade(0, line)


def test_json_nested_far_too_deep_is_not_json_to_us():
    assert _json(b"[" * 100_000) is None
    assert _json(b'{"a":' * 50_000) is None


@FUZZ
@given(st.sampled_from(sorted(TASKS)), st.data())
def test_a_hostile_harness_line_is_graded(task_id, data):
    """Well-formed lines with hostile contents: every field of the harness's line, every event
    on the result pipe, every output a plain value from the grammar or not."""
    task = TASKS[task_id]
    ids = [case.id for case in task.cases()] + ["nope", 7, None, ["x"]]
    events = data.draw(st.lists(st.one_of(
        st.fixed_dictionaries({"event": st.just("case"), "case": st.sampled_from(ids),
                               "status": st.sampled_from(["ok", "exception", "contract", 3]),
                               "output": PLAIN | JSON, "error": JSON}),
        st.fixed_dictionaries({"event": st.sampled_from(["load", "done", 5]),
                               "status": JSON, "error": JSON}),
        JSON), max_size=8))
    results = "".join(json.dumps(e) + "\n" for e in events)
    line = {"task": task_id, "results": data.draw(st.just(results) | JSON),
            "limit": data.draw(st.sampled_from([None, "timeout", "output_limit", "x"]) | JSON),
            "exit_code": data.draw(st.integers(-5, 300) | JSON),
            "signal": data.draw(st.integers(-5, 300) | JSON),
            "cpu_seconds": data.draw(st.floats() | st.integers() | JSON),
            "wall_seconds": data.draw(st.floats() | JSON),
            "output": data.draw(st.text(max_size=50) | JSON),
            "output_bytes": data.draw(st.integers() | JSON)}
    _grade(task_id, line)


def _grade(task_id: int, line: dict) -> None:
    task = TASKS[task_id]
    run = parse_task_line(line, task, LIMITS)
    assert isinstance(run, TaskRun)
    wanted = _expected(task_id)
    result = grade_task(task, run, wanted)
    assert 0.0 <= result.score <= result.max_score


_EXPECTED: dict[int, dict] = {}


def _expected(task_id: int) -> dict:
    if task_id not in _EXPECTED:
        _EXPECTED[task_id] = expected.load(TASKS[task_id])
    return _EXPECTED[task_id]


def test_the_overflowing_shape_of_the_report_is_unreadable_not_a_crash():
    data = {"t": "array", "dtype": "float64", "shape": [0, 2 ** 31 - 1, 2 ** 31 - 1], "b64": ""}
    try:
        plain.decode(data)
        raise AssertionError("decoded")
    except plain.ChannelError:
        pass
    assert np.asarray(plain.decode({"t": "array", "dtype": "int8", "shape": [0, 3],
                                    "b64": ""})).shape == (0, 3)
