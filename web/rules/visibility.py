"""What a student may see of a task's result: for hidden cases, the grader's own words only.

The rule itself is the trusted core's (``checks/student_view.py``: a failed hidden check
says its case's kind, a fixed failure category and the known mistake, and nothing the code
returned, raised, printed, exited with or took time over).  Here it is applied to the stored
results: the worker stores each task's full result (staff see all of it), and every student
page and the students' JSON go through ``for_student``.  What the code printed while the
public cases ran is shown (no hidden input is in the sandbox then); a result stored before
the engine split the two runs (it has no ``hidden_output`` key) shows no printed output.
"""
from __future__ import annotations

from datetime import datetime

from checks import student_view
from checks.results import TaskResult, TaskRun
from checks.tasks import Task
from checks.text import printable_tree
from web.rules import release


def with_student_messages(result: TaskResult, run: TaskRun | None, task: Task) -> dict:
    """The document stored for a task: result.to_dict(), which holds the student's view's
    parts already (each check's failure category, the task's student message)."""
    return result.to_dict()


def for_student(result: dict, released: bool = True, until: datetime | None = None) -> dict:
    """A task's result as its student sees it; until released (web/rules/release.py), without
    its hidden checks, whose points are named as withheld until the student's deadline."""
    shown = printable_tree(student_view.for_student(result, student_view.hidden_kinds(result.get("task"))))
    return shown if released else release.withhold(shown, until, student_view.HIDDEN_STOPPED)


def for_staff(result: dict) -> dict:
    return printable_tree(result)
