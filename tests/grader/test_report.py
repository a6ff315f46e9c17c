"""The human report shows style checks: failures with their lines, one reason said once."""
from __future__ import annotations

from checks import style
from checks.results import CheckResult, Report, TaskResult
from grader import report

SLOPPY = b'import os\ndef moving_average(data, beta):\n    return data\n'


def _task(status: str, data: bytes | None, message: str = "") -> TaskResult:
    correct = CheckResult("spec-example: values", "correctness", "public", status == "passed",
                          3.6 if status == "passed" else 0.0, 3.6, "ok" if status == "passed"
                          else "wrong")
    checks = [correct] + style.style_checks(data, "4-moving_average.py", "moving_average", 4, 0.4)
    return TaskResult(4, "4-moving_average.py", sum(c.score for c in checks),
                      sum(c.max_score for c in checks), status, checks, message=message)


def test_style_failures_are_listed_with_their_lines():
    text = report.render(Report(tasks=[_task("passed", SLOPPY)]))
    assert "FAIL  style: only the allowed imports\n" in text  # no "(public)" for style
    assert "line 1: `import os` is not allowed" in text
    assert "line 2: the function moving_average has no docstring" in text
    assert "pass  style" not in text


def test_one_reason_for_every_style_rule_is_said_once():
    text = report.render(Report(tasks=[_task("failed", b"def moving_average(:\n")]))
    assert text.count("is not valid Python") == 1
    assert "FAIL  style: all rules" in text


def test_a_task_that_did_not_import_still_shows_its_style():
    result = _task("error", SLOPPY, message="4-moving_average.py could not be imported")
    text = report.render(Report(tasks=[result]))
    assert "could not be imported" in text and "`import os` is not allowed" in text
