"""A report in Gradescope's results.json format, so courses on Gradescope can run these checks.

Each check becomes one Gradescope test.  Public checks are ``visible``; hidden ones are
``after_published``: students see them once the instructor publishes the grades, not while
they can still resubmit against them; a failed hidden check says only what a student may see
of it (checks/student_view.py: the kind of case, a fixed failure category and the known
mistake), since its full message may quote what the student's code raised or returned.  The
autograder's own stdout is ``hidden``, since it prints every check.
"""
from __future__ import annotations

from checks import student_view
from checks.compare import plural
from checks.results import Report, TaskResult

VISIBILITY = {"public": "visible", "hidden": "after_published"}
STDOUT_VISIBILITY = "hidden"


def _test_name(result: TaskResult, check_name: str) -> str:
    return f"Task {result.task} ({result.file}) {check_name}"


def _output(result: TaskResult, check) -> str:
    """A check's message, except for a failed hidden check: the student's view of it."""
    if check.visibility != "hidden" or check.passed:
        return check.message
    kinds = student_view.hidden_kinds(result.task)
    return student_view.hidden_check_message(kinds.get(check.name.split(":", 1)[0], "hidden"),
                                             check.failure, check.mistake)


def _tests(result: TaskResult) -> list[dict]:
    if result.status == "manual":
        return [{"name": f"Task {result.task}: blog post (graded by hand)", "score": 0.0,
                 "max_score": 0.0, "output": result.message, "visibility": "visible"}]
    # 8 decimals: the tests of a task add up to its points (at 4, seven checks of 4/7 did not)
    return [{"name": _test_name(result, check.name), "score": round(check.score, 8),
             "max_score": round(check.max_score, 8), "output": _output(result, check),
             "visibility": VISIBILITY[check.visibility]}
            for check in result.checks]


def results(report: Report) -> dict:
    """The Gradescope results.json object of report: its score, one test per check."""
    tests = [test for result in report.tasks for test in _tests(result)]
    graded = [r for r in report.tasks if r.status != "manual"]
    # No score here: before publication it would tell how the hidden checks went.
    summary = (f"Optimization autograder: {plural(len(graded), 'task')} graded automatically. "
               "Hidden checks are shown once the grades are published.")
    return {"score": report.score, "output": summary, "stdout_visibility": STDOUT_VISIBILITY,
            "tests": tests}
