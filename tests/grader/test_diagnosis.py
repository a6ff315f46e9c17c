"""Known mistakes as a student sees them: in the text report and in the JSON interface."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np

from checks.mistakes import BY_ID
from checks.results import CheckResult, Report, TaskResult
from checks.tasks import TASKS
from grader import expected, report
from tests.helpers import GALLERY, by_task


def _grader(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grader.cli", *args], capture_output=True,
                          text=True, timeout=300)


def test_json_carries_the_mistake_id_and_the_explanation():
    done = _grader("check", str(GALLERY / "wrong_std_ddof1"), "--tasks", "0", "--json", "-")
    assert done.returncode == 0
    checks = json.loads(done.stdout)["tasks"][0]["checks"]
    named = [c for c in checks if c["mistake"] == "std-ddof1"]
    assert named and all(not c["passed"] for c in named)
    assert all(BY_ID["std-ddof1"].explanation() in c["message"] for c in named)
    assert all(c["mistake"] is None for c in checks if c["passed"])


def test_text_report_shows_the_explanation_under_the_failed_checks():
    done = _grader("check", str(GALLERY / "wrong_rmsprop_eps_inside_sqrt"), "--tasks", "7")
    lines = done.stdout.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("    FAIL  "))
    full = [i for i, line in enumerate(lines)
            if line.startswith("          known mistake (rmsprop-eps-inside-sqrt): epsilon was")]
    assert len(full) == 1 and first < full[0] < first + 4
    assert lines[full[0] + 1].startswith("          hint: s = beta2 * s + (1 - beta2) * grad^2")
    fails = sum(line.startswith("    FAIL  ") for line in lines)
    assert fails >= 2
    assert done.stdout.count("known mistake (rmsprop-eps-inside-sqrt), as above") == fails - 1


def test_a_hidden_case_diagnosis_reveals_no_value(grade):
    """The diagnosed hidden cases of task 13 say what kind of case failed and which mistake it
    was; none of their expected values (to 6 significant digits) appears in the report."""
    result = by_task(grade(GALLERY / "wrong_bn_no_epsilon", tasks=[13]))[13]
    hidden = [c for c in result.checks if c.visibility == "hidden" and c.mistake]
    assert hidden and all(c.mistake == "bn-no-epsilon" for c in hidden)
    text = report.render(Report(tasks=[result]))
    wanted = expected.load(TASKS[13])
    for check in hidden:
        values = np.asarray(wanted[check.name.split(":")[0]]).ravel()
        shown = [f"{v:.6g}" for v in values]
        assert not any(number in text for number in shown if len(number) >= 6)
        assert check.message.startswith("hidden case (")


def test_text_report_explains_a_mistake_once_per_task():
    explanation = BY_ID["bn-no-epsilon"].explanation()
    checks = [CheckResult(name=f"case{i}: values", kind="correctness", visibility="hidden",
                          passed=False, score=0.0, max_score=1.0,
                          message=f"problem {i}\n{explanation}", mistake="bn-no-epsilon")
              for i in range(3)]
    result = TaskResult(task=13, file="13-batch_norm.py", score=0.0, max_score=3.0,
                        status="failed", checks=checks)
    text = report.render(Report(tasks=[result]))
    assert text.count("epsilon is missing") == 1 and text.count("hint:") == 1
    assert text.count("known mistake (bn-no-epsilon), as above") == 2
    assert "problem 2" in text
    assert all(c.message.endswith(explanation) for c in checks)  # the JSON keeps it whole
