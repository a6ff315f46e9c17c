"""Helpers for the tests: the gallery's place, a submission made of the reference, lookups."""
from __future__ import annotations

import inspect
from pathlib import Path

from checks.tasks import TASKS

GALLERY = Path(__file__).parent / "gallery"


def reference_files() -> dict[str, str]:
    """A full submission made of the reference's own source, one task file per task."""
    from reference import FUNCTIONS

    files = {}
    for number, task in TASKS.items():
        function = FUNCTIONS[number]
        source = inspect.getsource(inspect.getmodule(function))
        files[task.file] = source + f"\n{task.function} = {function.__name__}\n"
    return files


def by_task(report) -> dict:
    """Task id -> TaskResult of a report."""
    return {result.task: result for result in report.tasks}


def failures(result) -> str:
    """The messages of a task's failed checks, for assertion messages."""
    return "\n".join(f"{c.name}: {c.message}" for c in result.checks if not c.passed)
