"""What a student may see of a task's result: nothing their code wrote while hidden cases ran.

Hidden cases' expected values never reach the sandbox, and the engine's messages for hidden
cases name only the kind of case; but their inputs are given to the student's code, which may
write them into an exception's text or print them.  The engine runs the hidden cases only
after every public case has reported, so what the code raised or printed during the public
cases is safe to show.  For students, then: a hidden case that raised or returned something
unreadable says only that (the full text is kept for staff), and what the code printed while
the hidden cases ran is kept for staff only.  A result stored before the engine split the two
runs (it has no ``hidden_output`` key) shows no printed output at all.
"""
from __future__ import annotations

from checks.results import TaskResult, TaskRun
from checks.tasks import Task

WITHHELD = {
    "exception": "raised an exception (its text is not shown for hidden cases; run the public "
                 "cases locally to see your code's errors)",
    "contract": "returned something of the wrong form (details are not shown for hidden cases)",
    "unreadable": "returned something that could not be read (details are not shown for hidden "
                  "cases)",
}
OUTPUT_NOTE = "(what the code printed is shown to staff only: it may hold hidden cases' inputs)"


def with_student_messages(result: TaskResult, run: TaskRun | None, task: Task) -> dict:
    """result.to_dict(), each hidden check whose case did not return a readable value given a
    ``student_message`` made of the grader's words only."""
    document = result.to_dict()
    kinds = {case.id: case.kind for case in task.cases() if not case.public}
    for check in document["checks"]:
        case_id = check["name"].split(":", 1)[0]
        outcome = run.cases.get(case_id) if run else None
        if check["visibility"] == "hidden" and not check["passed"] and outcome is not None \
                and outcome.status in WITHHELD:
            check["student_message"] = f"hidden case ({kinds.get(case_id, 'hidden')}): " \
                                       f"{WITHHELD[outcome.status]}"
    return document


def for_student(result: dict) -> dict:
    shown = {key: value for key, value in result.items() if key != "hidden_output"}
    if "hidden_output" not in result:  # graded in one run: its output may hold hidden inputs
        shown["output"] = OUTPUT_NOTE if result.get("output") else ""
    shown["checks"] = []
    for check in result.get("checks", []):
        check = dict(check)
        message = check.pop("student_message", None)
        if check.get("visibility") == "hidden" and message:
            check["message"] = message
        shown["checks"].append(check)
    return shown


def for_staff(result: dict) -> dict:
    return result
