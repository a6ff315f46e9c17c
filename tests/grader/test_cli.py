"""The grader command as users run it: the JSON interface, the human report, exit statuses."""
from __future__ import annotations

import json
import subprocess
import sys

from tests.helpers import GALLERY

JSON_KEYS = {"score", "max_score", "tasks"}
TASK_KEYS = {"task", "file", "score", "max_score", "status", "checks"}
CHECK_KEYS = {"name", "kind", "visibility", "passed", "score", "max_score", "message", "mistake"}


def _grader(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grader.cli", *args], capture_output=True,
                          text=True, timeout=300)


def test_json_dash_prints_only_the_interface_object():
    """`grader check PATH --json -` prints one JSON object with the keys DESIGN.md promises."""
    done = _grader("check", str(GALLERY / "wrong_std_ddof1"), "--tasks", "0,15", "--json", "-")
    assert done.returncode == 0
    report = json.loads(done.stdout)
    assert JSON_KEYS <= report.keys()
    assert [t["task"] for t in report["tasks"]] == [0, 15]
    task0 = report["tasks"][0]
    assert TASK_KEYS <= task0.keys() and task0["status"] == "failed"
    for check in task0["checks"]:
        assert CHECK_KEYS <= check.keys()
        assert check["kind"] in ("correctness", "style")
        assert check["visibility"] in ("public", "hidden")
    assert {c["kind"] for c in task0["checks"]} == {"correctness", "style"}
    assert report["tasks"][1]["status"] == "manual"


def test_human_report_names_the_failure_and_the_score(tmp_path):
    out = tmp_path / "result.json"
    done = _grader("check", str(GALLERY / "wrong_no_shuffle"), "--tasks", "2,3",
                   "--json", str(out))
    assert done.returncode == 0
    assert "Task  3  3-mini_batch.py" in done.stdout and "partial" in done.stdout
    assert "FAIL  uneven: same batches as shuffle_data then slicing (public)" in done.stdout
    assert "Score:" in done.stdout
    assert json.loads(out.read_text())["tasks"][0]["status"] == "passed"


def test_unreadable_submission_exits_2_with_a_fix(tmp_path):
    done = _grader("check", str(tmp_path / "nowhere"))
    assert done.returncode == 2
    assert "does not exist; give the submission folder or a zip of it" in done.stderr


def test_bad_task_list_is_a_usage_error():
    done = _grader("check", str(GALLERY / "correct_loops"), "--tasks", "0,16")
    assert done.returncode == 2 and "there is no task 16" in done.stderr


def test_stale_expected_outputs_are_a_grader_fault_not_a_zero(tmp_path):
    """A missing data directory stops grading with exit 3 and says how to fix it."""
    done = subprocess.run([sys.executable, "-m", "grader.cli", "check",
                           str(GALLERY / "correct_loops"), "--tasks", "0"],
                          capture_output=True, text=True, timeout=300,
                          env={"GRADER_EXPECTED_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 3
    assert "not your code's fault" in done.stderr and "grader data build" in done.stderr
