"""The stored expected outputs: they match the reference, and stale ones are refused."""
from __future__ import annotations

import json
import shutil

import pytest

from checks.tasks import TASKS
from grader import expected


def test_stored_outputs_match_what_the_reference_computes_now():
    """Fails when a case or the reference changes and `grader data build` was not run."""
    assert expected.verify(list(TASKS.values())) == []


def test_every_task_has_at_least_five_cases_and_a_public_one():
    for task in TASKS.values():
        cases = task.cases()
        assert len(cases) >= 5, f"task {task.id}"
        assert any(case.public for case in cases), f"task {task.id}"
        assert any(not case.public for case in cases), f"task {task.id}"


def test_a_changed_case_is_detected_as_stale(tmp_path):
    shutil.copy(expected.DEFAULT_DIR / "task_04.json", tmp_path / "task_04.json")
    document = json.loads((tmp_path / "task_04.json").read_text())
    document["cases"]["beta-half"]["digest"] = "0" * 64
    (tmp_path / "task_04.json").write_text(json.dumps(document))
    with pytest.raises(expected.ExpectedOutputsError, match="beta-half are stale"):
        expected.load(TASKS[4], tmp_path)


def test_a_changed_expected_value_is_caught_by_verify(tmp_path):
    for path in expected.DEFAULT_DIR.glob("task_1[13].json"):
        shutil.copy(path, tmp_path / path.name)
    document = json.loads((tmp_path / "task_11.json").read_text())
    document["cases"]["step-one"]["expected"]["items"][3] = {"t": "float", "v": 0.5}
    (tmp_path / "task_11.json").write_text(json.dumps(document))
    problems = expected.verify([TASKS[11], TASKS[13]], tmp_path)
    assert len(problems) == 1 and "task 11, case step-one" in problems[0]
