"""The Gradescope results.json: its structure, scores that add up, and what hidden checks show."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from checks.results import CheckResult, Report, TaskResult
from grader import gradescope
from tests.helpers import GALLERY

TEST_KEYS = {"name", "score", "max_score", "output", "visibility"}
GRADESCOPE_VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}


def _check(name, visibility, passed, worth, message="ok", kind="correctness"):
    return CheckResult(name, kind, visibility, passed, worth if passed else 0.0, worth, message)


def sample_report() -> Report:
    task4 = [_check("spec-example: values", "public", True, 1.2),
             _check("beta-zero: values", "hidden", False, 1.2, "hidden case (beta = 0): wrong"),
             _check("long-series: values", "hidden", True, 1.2),
             _check("style: file ends with a newline", "public", True, 0.4, kind="style")]
    missing = [_check("spec-example: values", "public", False, 4.0, "not found")]
    return Report(tasks=[
        TaskResult(4, "4-moving_average.py", 2.8, 4.0, "partial", task4),
        TaskResult(0, "0-norm_constants.py", 0.0, 4.0, "missing", missing),
        TaskResult(15, "", 0.0, 0.0, "manual", message="graded by hand; URLs found: x")])


def test_structure_is_what_gradescope_reads():
    results = gradescope.results(sample_report())
    assert isinstance(results["score"], float) and isinstance(results["output"], str)
    assert results["stdout_visibility"] in GRADESCOPE_VISIBILITIES
    assert len(results["tests"]) == 6
    for test in results["tests"]:
        assert set(test) == TEST_KEYS
        assert test["visibility"] in GRADESCOPE_VISIBILITIES
        assert 0 <= test["score"] <= test["max_score"]
    assert results["tests"][0]["name"] == "Task 4 (4-moving_average.py) spec-example: values"
    assert results["tests"][-1]["name"] == "Task 15: blog post (graded by hand)"
    json.dumps(results)  # plain JSON


def test_scores_add_up_to_the_reports_score():
    report = sample_report()
    results = gradescope.results(report)
    assert results["score"] == report.score == 2.8
    assert sum(t["score"] for t in results["tests"]) == pytest.approx(report.score, abs=1e-3)
    assert sum(t["max_score"] for t in results["tests"]) == pytest.approx(report.max_score)


def test_hidden_checks_wait_for_publication_and_public_ones_are_visible():
    tests = gradescope.results(sample_report())["tests"]
    by_name = {t["name"].split(") ", 1)[-1]: t for t in tests}
    assert by_name["beta-zero: values"]["visibility"] == "after_published"
    assert by_name["long-series: values"]["visibility"] == "after_published"
    assert by_name["spec-example: values"]["visibility"] == "visible"
    assert by_name["style: file ends with a newline"]["visibility"] == "visible"
    # the summary everyone sees at once does not tell how the hidden checks went
    assert "2.8" not in gradescope.results(sample_report())["output"]


def test_check_format_gradescope_writes_results_json(tmp_path):
    """`grader check --format gradescope` writes results.json in the working folder by default."""
    done = subprocess.run([sys.executable, "-m", "grader.cli", "check",
                           str(GALLERY / "wrong_std_ddof1"), "--tasks", "0,15", "--format",
                           "gradescope"], capture_output=True, text=True, timeout=300,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Task  0" in done.stdout  # the human report still goes to stdout
    results = json.loads((tmp_path / "results.json").read_text())
    assert {t["visibility"] for t in results["tests"]} == {"visible", "after_published"}
    assert sum(t["score"] for t in results["tests"]) == pytest.approx(results["score"], abs=1e-3)
    assert sum(t["max_score"] for t in results["tests"]) == pytest.approx(4.0)
    assert results["score"] < 4.0  # task 0 uses the sample standard deviation
    assert results["tests"][-1]["name"] == "Task 15: blog post (graded by hand)"
    hidden = [t for t in results["tests"] if t["visibility"] == "after_published"]
    assert hidden and all(t["output"] == "ok" or t["output"].startswith("hidden case (")
                          for t in hidden)


def test_a_failed_hidden_check_never_quotes_what_the_code_raised():
    """Student code can put a hidden case's inputs into its exception text: not shown."""
    leaky = _check("beta-zero: values", "hidden", False, 1.2,
                   "hidden case (beta = 0 (a corner case)): raised an exception:\n"
                   "ValueError: inputs were [[1.5, 2.25]]")
    leaky.mistake, leaky.failure = "ema-no-bias-correction", "error"
    report = Report(tasks=[TaskResult(4, "4-moving_average.py", 0.0, 1.2, "failed", [leaky])])
    output = gradescope.results(report)["tests"][0]["output"]
    assert "1.5" not in output and "ValueError" not in output
    assert output.startswith("hidden case (beta = 0): raised an exception or returned something "
                             "of the wrong form")
    assert "known mistake (ema-no-bias-correction)" in output
