"""What a student may see of a graded task: for hidden cases, the grader's own words only.

A hidden case's inputs are given to the student's code, which can write them into anything it
controls: an exception's text, what it prints, the class or shape of what it returns, how many
values differ, its exit status, how long it takes.  So what a student is told about a hidden
case is built from three things and nothing else: the case's kind (the grader's words), a
failure category from a fixed set, and the known mistake's id (its text is the catalogue's).
Staff keep every detail.  The rule is structural: these functions never read a message, an
output or a time that came from the hidden run.
"""
from __future__ import annotations

from checks.mistakes import BY_ID
from checks.tasks import TASKS

#: The fixed failure categories, in the student's words.
FAILURES = {
    "wrong": "returned a wrong result",
    "error": "raised an exception or returned something of the wrong form",
    "stopped": "did not finish (a limit, an exit, or the grading's time bound stopped it)",
}
DETAILS = "details of hidden cases are shown to staff only"
HIDDEN_STOPPED = "stopped while the hidden cases ran (the reason is shown to staff only)"
#: Keys of a task's result that only staff see: they can carry what the hidden run produced.
STAFF_ONLY = ("hidden_output", "hidden_cpu_seconds", "hidden_wall_seconds")


def hidden_kinds(task_id) -> dict[str, str]:
    """A task's hidden case ids -> their kinds (the grader's words); {} for an unknown task."""
    task = TASKS.get(task_id)
    return {case.id: case.kind for case in task.cases() if not case.public} if task else {}


def failure(outcome, not_run: bool) -> str:
    """The category of a failed check: from the case's outcome (None when it has none)."""
    if not_run:
        return "error"
    if outcome is None:
        return "stopped"
    return "wrong" if outcome.status == "ok" else "error"


def hidden_check_message(kind: str, category: str | None, mistake: str | None) -> str:
    """A failed hidden check, as a student reads it."""
    text = f"hidden case ({kind}): {FAILURES.get(category, FAILURES['wrong'])} ({DETAILS})"
    if mistake in BY_ID:
        text += "\n" + BY_ID[mistake].explanation()
    return text


def task_message(public_parts: list[str], hidden_stopped: bool) -> str:
    """A task's message for students: what the public run said, and no reason from the
    hidden run."""
    return "\n".join(filter(None, public_parts + [HIDDEN_STOPPED if hidden_stopped else ""]))


def for_student(result: dict, kinds: dict[str, str]) -> dict:
    """A task's stored result (TaskResult.to_dict()) as a student may see it; kinds maps the
    task's hidden case ids to their kinds.  Results stored before this rule are shown by it
    too: a failed hidden check says its kind and category, whatever its stored message."""
    shown = {key: value for key, value in result.items() if key not in STAFF_ONLY}
    if "hidden_output" not in result:  # graded in one run: its output may hold hidden inputs
        shown["output"] = ""
    if "student_message" in result:
        shown["message"] = result["student_message"]
    elif "stopped while the hidden cases ran" in result.get("message", ""):
        shown["message"] = result["message"].split("\nstopped while the hidden cases ran")[0]
    shown["checks"] = [_check_for_student(check, kinds) for check in result.get("checks", [])]
    return shown


def _check_for_student(check: dict, kinds: dict[str, str]) -> dict:
    check = {key: value for key, value in check.items() if key != "student_message"}
    if check.get("visibility") == "hidden":
        case_id = str(check.get("name", "")).split(":", 1)[0]
        check["message"] = "ok" if check.get("passed") else hidden_check_message(
            kinds.get(case_id, "hidden"), check.get("failure"), check.get("mistake"))
    return check
