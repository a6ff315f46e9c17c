"""Score one task: run its checks over the harness's raw outputs and the stored expected outputs.

Pure: no files, no processes.  Whatever the harness sent is untrusted; a check that cannot
make sense of it fails with a message instead of crashing the grader.
"""
from __future__ import annotations

import re

from checks import student_view
from checks.mistakes import Diagnosis
from checks.results import CheckResult, Note, TaskResult, TaskRun
from checks.tasks import CALLS_EARLIER, MANUAL_TASK, TASK_POINTS, Task

_NOT_RUN = {
    "missing_file": "the file {file} was not found in the submission",
    "missing_function": "{error}",
    "error": "{file} could not be imported:\n{error}",
}


def _case_problem(run: TaskRun, case) -> str | None:
    """Why a case has no usable output, or None if it has one."""
    outcome = run.cases.get(case.id)
    if outcome is None:
        stopped = (not case.public and run.hidden_stopped) or run.stopped
        return f"did not run: {stopped}" if stopped else "did not run"
    if outcome.status == "ok":
        return None
    if outcome.status == "exception":
        return f"raised an exception:\n{outcome.error}"
    return outcome.error


def _judge(check, case, run: TaskRun, expected, task: Task) -> str | None:
    problem = _case_problem(run, case)
    if problem:
        return problem
    tolerance = case.tolerance or task.tolerance
    try:
        return check.evaluate(run.cases[case.id].output, expected, case, tolerance, case.public)
    except Exception:  # noqa: BLE001 - whatever came back, the grading goes on
        return "the result has an unexpected form and could not be checked"


def _status(task_run: TaskRun, checks: list[CheckResult]) -> str:
    if task_run.load == "missing_file":
        return "missing"
    if task_run.load != "ok":
        return "error"
    if all(c.passed for c in checks):
        return "passed"
    if any(c.score > 0 for c in checks):
        return "partial"
    return "error" if task_run.stopped and not task_run.cases else "failed"


def _excused(task: Task, earlier: dict | None) -> bool:
    """May a check of task pass on the student's own earlier function (a Note)?  Not when
    the earlier task passed in its own process: a right task 2 with task 3 right only on
    some other shuffle_data (one in 3-mini_batch.py, or one changed in task 3's process) is
    task 3's own mistake."""
    done = (earlier or {}).get(CALLS_EARLIER.get(task.id))
    return done is None or done.status != "passed"


def grade_task(task: Task, run: TaskRun, expected: dict, public_only: bool = False,
               source: str = "", earlier: dict | None = None) -> TaskResult:
    """Score task from its run and its expected outputs (case id -> value); source, the text
    of the student's task file, lets known mistakes be recognised in the code itself; earlier
    (task id -> TaskResult of the tasks graded before it) tells whether a task that calls an
    earlier task's function may be judged against the student's own version of it."""
    cases = [c for c in task.cases() if c.public or not public_only]
    pairs = [(check, case) for case in cases for check in task.checks if check.when(case)]
    total = sum(check.weight for check, _ in pairs)
    not_run = _NOT_RUN.get(run.load)
    message = not_run.format(file=task.file, error=run.load_error) if not_run else ""
    diagnosis = Diagnosis(task, run, expected, source)
    results, explained, notes, public_notes = [], [], [], []
    for check, case in pairs:
        problem = message or _judge(check, case, run, expected[case.id], task)
        note = problem if isinstance(problem, Note) else None
        if note and note.problem and not _excused(task, earlier):
            problem, note = note.problem, None
        elif note:  # passed, with a remark (not a deduction)
            problem = None
            notes += [str(note)] if note not in notes else []
            # a student is told only the public cases' remarks: a hidden one is code-chosen
            public_notes += [str(note)] if case.public and str(note) not in public_notes else []
        if problem and not case.public and not not_run:
            problem = f"hidden case ({case.kind}): {problem}"
        mistake = _diagnose(diagnosis, check.name, case) if problem else None
        if mistake:
            problem += "\n" + mistake.explanation()
            explained.append(mistake)
        worth = TASK_POINTS * check.weight / total
        results.append(CheckResult(
            name=f"{case.id}: {check.name}", kind="correctness",
            visibility="public" if case.public else "hidden", passed=problem is None,
            score=0.0 if problem else worth, max_score=worth, message=problem or note or "ok",
            mistake=mistake.id if mistake else None,
            failure=student_view.failure(run.cases.get(case.id), bool(not_run))
            if problem else None))
    status = _status(run, results)
    if not_run and explained:  # a task that did not run is reported by its message alone
        message += "\n" + explained[0].explanation()
    stopped = f"stopped: {run.stopped}" if run.stopped else ""
    hidden_part = (f"stopped while the hidden cases ran: {run.hidden_stopped}"
                   if run.hidden_stopped else "")
    public_parts = [message, *(f"note: {n}" for n in public_notes), stopped]
    message = "\n".join(filter(None, [message, *(f"note: {n}" for n in notes), stopped,
                                      hidden_part]))
    return TaskResult(task=task.id, file=task.file, status=status,
                      score=round(sum(r.score for r in results), 4),
                      max_score=round(sum(r.max_score for r in results), 4), checks=results,
                      message=message,
                      student_message=student_view.task_message(public_parts,
                                                                bool(run.hidden_stopped)),
                      output=run.output, cpu_seconds=run.cpu_seconds,
                      wall_seconds=run.wall_seconds, hidden_output=run.hidden_output,
                      hidden_cpu_seconds=run.hidden_cpu_seconds,
                      hidden_wall_seconds=run.hidden_wall_seconds)


def _diagnose(diagnosis: Diagnosis, check_name: str, case):
    """The known mistake a failed check shows, or None; a diagnosis that cannot make sense of
    a hostile output names none rather than stopping the grading."""
    try:
        return diagnosis.of(check_name, case)
    except Exception:  # noqa: BLE001
        return None


_URL = re.compile(r"https?://[^\s<>\"')\]]+")


def manual_task(texts: dict[str, str]) -> TaskResult:
    """Task 15, the blog post: graded by hand; report the URLs found in the submission's texts."""
    urls = []
    for name in sorted(texts):
        for url in (u.rstrip(".,;") for u in _URL.findall(texts[name])):
            if url not in urls:
                urls.append(url)
    message = ("graded by hand; URLs found: " + ", ".join(urls) if urls
               else "graded by hand; no URL found in the submission (add the blog post's URL "
                    "to a README.md or a text file)")
    return TaskResult(task=MANUAL_TASK, file="", score=0.0, max_score=0.0, status="manual",
                      message=message, urls=urls)
