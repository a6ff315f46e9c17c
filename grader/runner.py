"""Run a submission's tasks in the harness, inside a sandbox, and bring back what happened.

The sandbox (grader/sandbox/) starts the harness, which imports numpy and TensorFlow and says
it is ready; the job then goes in on its stdin: the submission's files and the cases' inputs,
never their expected outputs.  Every line the harness prints is parsed strictly and capped;
if the harness itself dies (a task may kill its parent), the tasks that did not report are
run again one at a time, each in a fresh sandbox, so the one that kills it is found and the
rest graded.
"""
from __future__ import annotations

import base64
import json
import signal
import threading
from typing import Callable

from checks.results import CaseOutcome, TaskRun
from checks.tasks import Task
from grader.harness import plain
from grader.harness.child import MEMORY_ERROR_EXIT
from grader.limits import Limits
from grader.sandbox.base import Sandbox, Session

__all__ = ["HarnessError", "Limits", "run", "parse_task_line"]

OnTask = Callable[[TaskRun], None] | None


class HarnessError(RuntimeError):
    """The harness could not run at all: a grader fault, to retry or show staff, never a zero."""


def _job(files: dict, tasks: list[Task], limits: Limits, public_only: bool, parallel: int,
         processes: int | None) -> dict:
    task_limits = {"memory_bytes": limits.memory_bytes, "file_bytes": limits.file_bytes,
                   "processes": processes}
    return {
        "files": {name: base64.b64encode(data).decode() for name, data in files.items()},
        "parallel": parallel, "output_cap": limits.output_cap,
        "output_keep": limits.output_keep, "result_cap": limits.result_cap,
        "tasks": [{
            "task": task.id, "file": task.file, "function": task.function,
            "uses_tf": task.uses_tf, "timeout": limits.timeout(task),
            "limits": {**task_limits, "cpu_seconds": int(limits.timeout(task)) + 1},
            "cases": [{"id": case.id, "seed": case.seed, "driver": task.driver_for(case),
                       "inputs": plain.describe(case.inputs)}
                      for case in task.cases() if case.public or not public_only],
        } for task in tasks],
    }


def _number(line: dict, key: str) -> float:
    value = line.get(key)
    return float(value) if type(value) in (int, float) else 0.0


def _small_int(line: dict, key: str) -> int | None:
    value = line.get(key)
    return value if type(value) is int and 0 <= value < 256 else None


def _stopped_reason(line: dict, events: list, task: Task, limits: Limits) -> str | None:
    """Why the task's process ended early, in words for the student, or None if it finished."""
    limit, code, sig = line.get("limit"), _small_int(line, "exit_code"), _small_int(line, "signal")
    if limit == "timeout":
        return f"exceeded the time limit of {limits.timeout(task):g} s"
    if limit == "output_limit":
        return f"printed more than {limits.output_cap >> 10} KiB (output limit)"
    if limit == "result_limit":
        return f"returned more than {limits.result_cap >> 20} MiB of data (result limit)"
    if sig == signal.SIGXCPU or (sig == signal.SIGKILL and
                                 _number(line, "cpu_seconds") >= limits.timeout(task)):
        return f"exceeded the CPU time limit of {limits.timeout(task):g} s"
    if code == MEMORY_ERROR_EXIT:
        return f"ran out of memory (limit {limits.memory_bytes / 2 ** 30:g} GiB)"
    if sig == signal.SIGXFSZ:
        return f"wrote a file larger than {limits.file_bytes >> 20} MiB (file size limit)"
    if sig is not None:
        return f"was killed by signal {signal.strsignal(sig) or sig}"
    if any(e.get("event") == "done" for e in events):
        return None
    if any(e.get("event") == "load" and e.get("status") != "ok" for e in events):
        return None  # the load failure is the story
    return f"exited with status {code} before finishing (sys.exit or os._exit in the code?)"


def _events(text: str) -> list[dict]:
    events = []
    for raw in text.splitlines():
        try:
            event = json.loads(raw)
        except ValueError:
            continue  # a torn last line, or bytes the student's code wrote into the channel
        if isinstance(event, dict):
            events.append(event)
    return events


def _case_outcome(event: dict) -> CaseOutcome:
    status = event.get("status")
    if status == "ok":
        try:
            return CaseOutcome("ok", plain.decode(event.get("output")))
        except (plain.ChannelError, RecursionError) as exc:
            return CaseOutcome("unreadable", error=f"the returned value could not be read: {exc}")
    if status in ("exception", "contract") and isinstance(event.get("error"), str):
        return CaseOutcome(status, error=event["error"][:4000])
    return CaseOutcome("unreadable", error="the harness reported this case in an unknown form")


def parse_task_line(line: dict, task: Task, limits: Limits) -> TaskRun:
    """Turn one harness line into a TaskRun, believing nothing that does not check out."""
    events = _events(line.get("results", "") if isinstance(line.get("results"), str) else "")
    load = next((e for e in events if e.get("event") == "load"), {})
    known = {case.id for case in task.cases()}
    cases = {}
    for event in events:
        case_id = event.get("case")
        if event.get("event") == "case" and case_id in known and case_id not in cases:
            cases[case_id] = _case_outcome(event)
    load_status = load.get("status") if load.get("status") in ("ok", "error",
                                                               "missing_function") else "ok"
    return TaskRun(task=task.id, load=load_status, load_error=str(load.get("error", ""))[:4000],
                   cases=cases, stopped=_stopped_reason(line, events, task, limits),
                   output=str(line.get("output", ""))[:8192],
                   output_bytes=int(_number(line, "output_bytes")),
                   cpu_seconds=_number(line, "cpu_seconds"), wall_seconds=_number(line, "wall_seconds"))


def _read_lines(session: Session, tasks: list[Task], limits: Limits, job: bytes,
                on_task: OnTask) -> dict:
    """Wait for the harness to be ready, send the job, and parse each task's line as it comes."""
    by_id = {task.id: task for task in tasks}
    runs, ready = {}, False
    for raw in iter(lambda: session.readline(limits.result_cap * 2), b""):
        try:
            line = json.loads(raw)
        except ValueError:
            continue
        if not isinstance(line, dict):
            continue
        if not ready and line.get("ready") is True:
            ready = True
            session.send(job)
        task = by_id.get(line.get("task"))
        if ready and task is not None and task.id not in runs:
            runs[task.id] = parse_task_line(line, task, limits)
            if on_task:
                on_task(runs[task.id])
        if len(runs) == len(tasks):
            break
    if not ready:
        raise HarnessError(f"the harness did not start: {session.errors().strip()[-2000:]}")
    return runs


def _run_harness(sandbox: Sandbox, files: dict, tasks: list[Task], limits: Limits,
                 public_only: bool, parallel: int, on_task: OnTask) -> dict[int, TaskRun]:
    """One sandboxed harness over tasks; return the TaskRuns of the tasks it reported."""
    job = _job(files, tasks, limits, public_only, parallel, sandbox.task_processes())
    session = sandbox.start(any(task.uses_tf for task in tasks))
    # The harness enforces each task's limits; this watchdog covers a harness that a task
    # stopped or froze (SIGSTOP to its parent), so reading its output can never hang.
    allowance = limits.startup_seconds + sum(limits.timeout(t) for t in tasks)
    watchdog = threading.Timer(allowance, session.kill)
    watchdog.start()
    try:
        return _read_lines(session, tasks, limits, (json.dumps(job) + "\n").encode(), on_task)
    finally:
        watchdog.cancel()
        session.close()


def run(sandbox: Sandbox, files: dict, tasks: list[Task], limits: Limits = Limits(),
        public_only: bool = False, on_task: OnTask = None) -> dict[int, TaskRun]:
    """Run tasks on the submission's files in sandbox; a TaskRun for every task, whatever
    the code does.  Raise HarnessError (or SandboxError) when the sandbox cannot run at all.

    on_task(TaskRun), if given, is called as each task's line comes, before the others end
    (the portal shows results task by task); every task is reported to it exactly once."""
    runs: dict[int, TaskRun] = {}
    remaining, parallel = list(tasks), limits.parallel
    while remaining:
        runs.update(_run_harness(sandbox, files, remaining, limits, public_only, parallel, on_task))
        remaining = [task for task in remaining if task.id not in runs]
        if remaining and parallel > 1:
            parallel = 1  # run the rest in order, so the task that kills the harness is known
        elif remaining:
            culprit = remaining.pop(0)
            runs[culprit.id] = TaskRun(task=culprit.id, load="ok",
                                       stopped="killed the grading process it ran in")
            if on_task:
                on_task(runs[culprit.id])
    return runs
