"""`pytest --submission PATH`: the plugin run as students run it, in a subprocess, from elsewhere."""
from __future__ import annotations

import shutil
import subprocess
import sys

from grader import grading
from tests.helpers import GALLERY


def _pytest(cwd, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=300)


def test_a_correct_submission_passes_and_nothing_else_is_collected(tmp_path):
    """From an empty folder (but for a failing test file, which must not be collected), with
    PATH elsewhere: one passing item per task."""
    (tmp_path / "test_unrelated.py").write_text("def test_unrelated():\n    assert False\n")
    done = _pytest(tmp_path, "--submission", str(GALLERY / "correct_vectorized"),
                   "--submission-tasks", "0,3", "-v")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0-norm_constants.py::normalization_constants PASSED" in done.stdout
    assert "3-mini_batch.py::create_mini_batches PASSED" in done.stdout
    assert "2 passed" in done.stdout and "unrelated" not in done.stdout
    assert "Score on the public cases: 8.00 / 8.00" in done.stdout


def test_a_wrong_submission_fails_with_the_servers_messages(tmp_path):
    """The failing item shows the very messages `grader check --public-only` gives."""
    submission = shutil.copytree(GALLERY / "wrong_no_shuffle", tmp_path / "optimization")
    (tmp_path / "elsewhere").mkdir()
    done = _pytest(tmp_path / "elsewhere", "--submission", str(submission),
                   "--submission-tasks", "2,3")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 failed, 1 passed" in done.stdout
    server = grading.grade(submission, grading.Options(tasks=(2, 3), public_only=True))
    failed = [c for t in server.tasks for c in t.checks if not c.passed]
    assert failed and all(c.visibility == "public" for c in failed)
    for check in failed:
        assert f"FAIL  {check.name} (public)" in done.stdout
        for line in check.message.splitlines():
            assert line.strip() in done.stdout, line


def test_an_unreadable_submission_is_a_usage_error(tmp_path):
    done = _pytest(tmp_path, "--submission", str(tmp_path / "nowhere"))
    assert done.returncode == 4
    assert "cannot read the submission" in done.stderr and "does not exist" in done.stderr


def test_without_submission_the_plugin_does_nothing(tmp_path):
    """Another test suite in the same environment runs as if the plugin were not there."""
    (tmp_path / "test_other.py").write_text("def test_other():\n    assert True\n")
    done = _pytest(tmp_path, "-v")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "test_other.py::test_other PASSED" in done.stdout and "1 passed" in done.stdout
    assert "grading the public cases" not in done.stdout
