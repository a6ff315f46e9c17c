"""Grade a submission end to end: read it, run its tasks in the harness, score against the data.

This is the one entry point the command line (and later the Celery worker) calls.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from checks import style
from checks.results import Report, TaskRun
from checks.scoring import grade_task, manual_task
from checks.tasks import MANUAL_TASK, TASK_POINTS, TASKS
from grader import expected, runner, submission
from grader.sandbox import Sandbox
from grader.sandbox import create as create_sandbox


@dataclass(frozen=True)
class Options:
    """What to grade and how."""

    tasks: tuple[int, ...] = tuple(sorted(TASKS)) + (MANUAL_TASK,)
    public_only: bool = False
    limits: runner.Limits = field(default_factory=runner.Limits)
    style_share: float = style.DEFAULT_SHARE  # of each task's points; 0 turns style checks off
    plots: bool = False  # draw the PNG plots (grader/plots.py) into Report.plots
    sandbox: Sandbox | None = None    # None: the configured default (grader.sandbox.create)


def parse_task_list(text: str) -> tuple[int, ...]:
    """'0,9' or '0-3,9' -> (0, 1, 2, 3, 9); raise ValueError saying what is wrong."""
    chosen = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        low, _, high = part.partition("-")
        try:
            numbers = range(int(low), int(high or low) + 1)
        except ValueError:
            raise ValueError(f"{part!r} is not a task number or range (use e.g. 0,9 or 0-3)") from None
        for number in numbers:
            if number not in TASKS and number != MANUAL_TASK:
                raise ValueError(f"there is no task {number}; tasks are 0 to {MANUAL_TASK}")
            chosen.add(number)
    if not chosen:
        raise ValueError("no task given (use e.g. --tasks 0,9)")
    return tuple(sorted(chosen))


def run(sub: submission.Submission, tasks: list, options: Options,
        on_task: runner.OnTask = None) -> dict[int, TaskRun]:
    """Run the tasks whose files the submission has; task id -> TaskRun (and on_task(TaskRun)
    as each one ends, for results shown task by task)."""
    present = [task for task in tasks if task.file in sub.files]
    if not present:
        return {}
    sandbox = options.sandbox or create_sandbox(None, options.limits)
    return runner.run(sandbox, sub.files, present, options.limits, options.public_only, on_task)


def score(sub: submission.Submission, tasks: list, runs: dict, wanted: dict,
          options: Options) -> Report:
    """Score every selected task from its run (a missing file scores as missing), plus task 15."""
    graded, results = {}, {}
    for task in sorted(tasks, key=lambda t: t.id):  # a task that calls an earlier one sees it
        task_run = runs.get(task.id) or TaskRun(task=task.id, load="missing_file")
        source = sub.files.get(task.file, b"").decode("utf-8", "replace")
        result = grade_task(task, task_run, wanted[task.id], options.public_only, source, graded)
        graded[task.id] = result
        if options.style_share > 0:
            checks = style.style_checks(sub.files.get(task.file), task.file, task.function, task.id,
                                        TASK_POINTS * options.style_share)
            result = style.with_style(result, checks, options.style_share)
        results[task.id] = result
    results = [results[task.id] for task in tasks]
    if MANUAL_TASK in options.tasks:
        results.append(manual_task(sub.texts()))
    return Report(tasks=results)


def selected(options: Options) -> list:
    """The automatically graded tasks among those asked for."""
    return [TASKS[n] for n in options.tasks if n in TASKS]


def grade(path: str | os.PathLike, options: Options = Options()) -> Report:
    """Grade the submission at path; raise SubmissionError for an unreadable upload and
    ExpectedOutputsError or HarnessError for a grader fault (never a zero for the student)."""
    tasks = selected(options)
    sub = submission.load(path, {task.file for task in TASKS.values()})
    # a grader fault shows before any run; public-only grading needs no hidden case's data
    wanted = {task.id: expected.load(task, public_only=options.public_only) for task in tasks}
    runs = run(sub, tasks, options)
    report = score(sub, tasks, runs, wanted, options)
    if options.plots:
        from grader import plots  # matplotlib is imported only when plots are asked for
        report.plots = plots.draw(tasks, runs, wanted)
    return report
