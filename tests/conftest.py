"""Shared fixtures: write a submission folder from sources, and grade it."""
from __future__ import annotations

import dataclasses
import os
import textwrap

import pytest

from checks.tasks import TASKS
from grader import grading, runner, sandbox

# The engine's tests run student code in the real sandbox of a machine without Docker;
# tests/security/ runs its hostile submissions under every backend.
os.environ.setdefault("GRADER_SANDBOX", "bwrap")


@pytest.fixture
def write_submission(tmp_path):
    """write_submission({name: source}) -> a folder holding those files (sources dedented)."""

    def write(files: dict[str, str | bytes], folder: str = "submission"):
        root = tmp_path / folder
        root.mkdir(parents=True, exist_ok=True)
        for name, source in files.items():
            data = source if isinstance(source, bytes) else textwrap.dedent(source).encode()
            (root / name).write_bytes(data)
        return root

    return write


@pytest.fixture
def grade():
    """grade(path, tasks=(...), timeout=None, style=False, **limits) -> Report.

    Correctness only unless style=True: most tests write task files as snippets, not in the
    assignment's style; tests/checks/test_style.py and the gallery test the style checks."""

    def run(path, tasks=tuple(TASKS), timeout=None, public_only=False, style=False,
            backend=None, **limits):
        base = runner.Limits()
        if timeout:
            limits.update(timeout_numpy=timeout, timeout_tf=max(timeout, 60))
        limits = dataclasses.replace(base, **limits)
        chosen = sandbox.create(backend, limits) if backend else None
        options = grading.Options(tasks=tuple(tasks), public_only=public_only, limits=limits,
                                  sandbox=chosen, **({} if style else {"style_share": 0.0}))
        return grading.grade(path, options)

    return run
