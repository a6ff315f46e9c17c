"""Run a submission's tasks in the harness, inside a sandbox, and bring back what happened.

The sandbox (grader/sandbox/) starts the harness, which imports numpy and TensorFlow and says
it is ready; jobs then go in on its stdin: the submission's files and the cases' inputs,
never their expected outputs, the public cases first and the hidden ones after (continuing
each task's process, where the harness kept it: see harness/__main__.py).  Every line
the harness prints is parsed strictly and capped; if the harness itself dies (a task may kill
its parent), the tasks that did not report are run again one at a time, each in a fresh
sandbox, so the one that kills it is found and the rest graded.
"""
from __future__ import annotations

import base64
import json
import re
import signal
import threading
import time
from typing import Callable

from checks.results import CaseOutcome, TaskRun
from checks.tasks import Task
from checks.text import printable
from harness import plain
from harness.child import MEMORY_ERROR_EXIT
from grader.limits import Limits
from grader.sandbox.base import Sandbox, Session

__all__ = ["HarnessError", "Limits", "run", "parse_task_line"]

OnTask = Callable[[TaskRun], None] | None
KILLED_HARNESS = "killed the grading process it ran in"
OUT_OF_TIME = "did not finish within the submission's total time bound ({bound:g} s)"
# What a task says when the tasks beside it took the processes, threads or memory it needed.
_STARVED = re.compile(r"can't start new thread|Resource temporarily unavailable|pthread_create"
                      r"|Thread creation|EAGAIN|BlockingIOError|Cannot allocate memory"
                      r"|MemoryError|bad_alloc|out of memory")
_STARVING_SIGNALS = {signal.SIGKILL, signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS}


class HarnessError(RuntimeError):
    """The harness could not run at all: a grader fault, to retry or show staff, never a zero."""


def _phase_cases(task: Task, phase: str) -> list:
    return [case for case in task.cases() if case.public == (phase == "public")]


def _job(files: dict, tasks: list[Task], limits: Limits, phase: str, parallel: int,
         processes: int | None, pause: set[int] = frozenset(),
         resume: set[int] = frozenset(), alone: bool = False) -> dict:
    """The job line for phase's cases of tasks.  pause: tasks whose process the harness keeps
    once these cases are done; resume: tasks to continue in the process it kept; alone: a
    run again of tasks that may have been starved, with no kept process beside them."""
    task_limits = {"memory_bytes": limits.memory_bytes, "file_bytes": limits.file_bytes,
                   "processes": processes}
    return {
        "files": {name: base64.b64encode(data).decode() for name, data in files.items()},
        "parallel": parallel, "alone": alone, "output_cap": limits.output_cap,
        "output_keep": limits.output_keep, "result_cap": limits.result_cap,
        "tasks": [{
            "task": task.id, "file": task.file, "function": task.function,
            "uses_tf": task.uses_tf, "timeout": limits.timeout(task),
            "pause": task.id in pause, "resume": task.id in resume,
            "limits": {**task_limits, "cpu_seconds": int(limits.timeout(task)) + 1},
            "cases": [{"id": case.id, "seed": case.seed, "driver": task.driver_for(case),
                       "inputs": plain.describe(case.inputs)}
                      for case in _phase_cases(task, phase)],
        } for task in tasks],
    }


def _number(line: dict, key: str) -> float:
    value = line.get(key)
    if type(value) not in (int, float):
        return 0.0
    try:
        number = float(value)
    except OverflowError:  # a 400-digit integer
        return 0.0
    return number if 0.0 <= number < 1e9 else 0.0


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
        return f"was killed by signal {_signal_name(sig)}"
    if any(e.get("event") == "done" for e in events):
        return None
    if any(e.get("event") == "load" and e.get("status") != "ok" for e in events):
        return None  # the load failure is the story
    if line.get("paused") is True:
        return ("told the grader its cases were done before they were "
                "(did the code write to file descriptor 4?)")
    return f"exited with status {code} before finishing (sys.exit or os._exit in the code?)"


def _json(raw) -> object:
    """A JSON value from bytes or text the sandbox sent, or None: never raises (deep nesting,
    bad bytes, huge numbers included)."""
    try:
        return json.loads(raw)
    except Exception:  # noqa: BLE001 - ValueError, RecursionError, MemoryError ...: not JSON to us
        return None


def _signal_name(number: int) -> str:
    try:
        return signal.strsignal(number) or str(number)
    except ValueError:  # not a signal at all: a line the code forged
        return str(number)


def _events(text: str) -> list[dict]:
    # Skipped: a torn last line, or bytes the student's code wrote into the channel.
    return [event for event in map(_json, text.splitlines()) if isinstance(event, dict)]


def _case_outcome(event: dict) -> CaseOutcome:
    status = event.get("status")
    if status == "ok":
        try:
            return CaseOutcome("ok", plain.decode(event.get("output")))
        except plain.ChannelError as exc:
            return CaseOutcome("unreadable", error=f"the returned value could not be read: {exc}")
    if status in ("exception", "contract") and isinstance(event.get("error"), str):
        return CaseOutcome(status, error=printable(event["error"][:4000]))
    return CaseOutcome("unreadable", error="the harness reported this case in an unknown form")


def parse_task_line(line: dict, task: Task, limits: Limits,
                    case_ids: set[str] | None = None) -> TaskRun:
    """Turn one harness line into a TaskRun, believing nothing that does not check out;
    only outcomes of case_ids (default: all the task's cases), the cases it was sent, count.
    Total: whatever the line holds, a TaskRun comes back."""
    try:
        return _parse_task_line(line, task, limits, case_ids)
    except Exception:  # noqa: BLE001 - a bug here must cost the task, never the grading
        return TaskRun(task=task.id, load="ok", stopped="its report could not be read")


def _parse_task_line(line: dict, task: Task, limits: Limits,
                     case_ids: set[str] | None) -> TaskRun:
    events = _events(line.get("results", "") if isinstance(line.get("results"), str) else "")
    load = next((e for e in events if e.get("event") == "load"), {})
    known = case_ids if case_ids is not None else {case.id for case in task.cases()}
    cases = {}
    for event in events:
        case_id = event.get("case")
        if event.get("event") == "case" and isinstance(case_id, str) and case_id in known \
                and case_id not in cases:
            cases[case_id] = _case_outcome(event)
    load_status = load.get("status") if load.get("status") in ("ok", "error",
                                                               "missing_function") else "ok"
    return TaskRun(task=task.id, load=load_status,
                   load_error=printable(str(load.get("error", ""))[:4000]),
                   cases=cases, stopped=_stopped_reason(line, events, task, limits),
                   output=printable(str(line.get("output", ""))[:8192]),
                   output_bytes=int(_number(line, "output_bytes")),
                   cpu_seconds=_number(line, "cpu_seconds"), wall_seconds=_number(line, "wall_seconds"))


def _lines(session: Session, limits: Limits):
    """The harness's stdout, line by line, as dicts; anything else is skipped."""
    for raw in iter(lambda: session.readline(limits.result_cap * 2), b""):
        line = _json(raw)
        if isinstance(line, dict):
            yield line


class _Harness:
    """The sandboxed harness jobs go to: kept for the next job while it lives, replaced by a
    fresh one after it died or was killed (a job's tasks did not all report)."""

    def __init__(self, sandbox: Sandbox, files: dict, limits: Limits, deadline: float):
        self.sandbox, self.files, self.limits, self.deadline = sandbox, files, limits, deadline
        self.session, self.lines, self.tf = None, iter(()), False
        self.reserve = 0.0  # seconds kept for what comes after this phase
        # Tasks whose hidden cases come next: their process is kept once the public cases are
        # done (TensorFlow's start in a process costs more than most cases), and continued.
        self.pause: set[int] = set()
        self.kept: set[int] = set()  # tasks the running harness said it keeps

    def out_of_time(self) -> bool:
        return time.monotonic() >= self.deadline

    def can_rerun(self, task: Task) -> bool:
        """Is there time to run task again alone, and still the reserved time (the hidden
        phase's, while the public one runs) after it?  A task that slept or starved beside
        others must not eat the time its neighbours' hidden cases need."""
        left = self.deadline - time.monotonic()
        return left >= self.limits.timeout(task) + self.reserve

    def run(self, tasks: list[Task], phase: str, parallel: int,
            reported: Callable[[TaskRun], None], alone: bool = False) -> dict[int, TaskRun]:
        """Run phase's cases of tasks (alone: see _job); the TaskRuns of the tasks that
        reported."""
        tf = any(task.uses_tf for task in tasks)
        if self.session is not None and tf and not self.tf:
            self.close()
        fresh = self.session is None
        if fresh:
            self.session, self.tf = self.sandbox.start(tf), tf
            self.lines = _lines(self.session, self.limits)
        # The harness enforces each task's limits; this watchdog covers a harness that a task
        # stopped or froze (SIGSTOP to its parent), so reading its output can never hang.
        # (startup_seconds: the start, or a margin for the harness's own work)
        allowance = sum(self.limits.timeout(t) for t in tasks) + self.limits.startup_seconds
        # ... and the submission's total bound: killed there, whatever is still running.
        allowance = max(0.0, min(allowance, self.deadline - time.monotonic()))
        watchdog = threading.Timer(allowance, self.session.kill)
        watchdog.start()
        try:
            if fresh and not any(line.get("ready") is True for line in self.lines):
                if self.out_of_time():
                    return {}  # killed at the submission's bound while starting: judged so
                raise HarnessError("the harness did not start: "
                                   f"{self.session.errors().strip()[-2000:]}")
            ids = {task.id for task in tasks}
            if alone:
                self.kept = set()
            job = _job(self.files, tasks, self.limits, phase, parallel,
                       self.sandbox.task_processes(),
                       pause=self.pause & ids if phase == "public" else set(),
                       resume=self.kept & ids if phase == "hidden" else set(), alone=alone)
            self.session.send((json.dumps(job) + "\n").encode())
            runs, answered = self._collect(tasks, phase, parallel > 1 and len(tasks) > 1,
                                           reported)
        except BaseException:
            self.close()
            raise
        finally:
            watchdog.cancel()
        if answered < len(tasks):
            self.close()
        return runs

    def _collect(self, tasks: list[Task], phase: str, beside_others: bool,
                 reported) -> tuple[dict[int, TaskRun], int]:
        """The runs of the tasks that reported, and how many reported: a task starved of the
        CPU by the others beside it reported, but gets no run here, so it runs again alone."""
        by_id, runs, answered = {task.id: task for task in tasks}, {}, set()
        for line in self.lines:
            task = by_id.get(line.get("task")) if type(line.get("task")) is int else None
            if task is not None and task.id not in answered:
                answered.add(task.id)
                if line.get("paused") is True:
                    self.kept.add(task.id)
                else:
                    self.kept.discard(task.id)
                if not (beside_others and _starved(line, task, self.limits)) \
                        or not self.can_rerun(task):
                    ids = {case.id for case in _phase_cases(task, phase)}
                    runs[task.id] = parse_task_line(line, task, self.limits, ids)
                    reported(runs[task.id])
            if len(answered) == len(tasks):
                break
        return runs, len(answered)

    def close(self) -> None:
        if self.session is not None:
            self.session.close()
        self.session, self.lines, self.kept = None, iter(()), set()


def _starved(line: dict, task: Task, limits: Limits) -> bool:
    """Did the tasks beside it perhaps take what it needed?  Timed out on the wall clock
    having used under half its CPU time (a fork bomb beside it may have had the CPU, or it
    slept), killed by a signal the sandbox's memory or process limits give, or failed to
    start a thread or a process or to allocate memory.  Alone, a task that did this to
    itself does it again, and is judged then."""
    if line.get("limit") == "timeout":
        return _number(line, "cpu_seconds") < limits.timeout(task) / 2
    if _small_int(line, "signal") in _STARVING_SIGNALS or \
            _small_int(line, "exit_code") == MEMORY_ERROR_EXIT:
        return True
    texts = [line.get("output"), line.get("results")]
    return any(isinstance(text, str) and _STARVED.search(text) for text in texts)


def _phase(harness: _Harness, tasks: list[Task], phase: str,
           reported: Callable[[TaskRun], None]) -> dict[int, TaskRun]:
    """Run one phase of tasks to the end, whatever the code does to the harness: if it dies,
    the tasks that did not report run again, one at a time in a fresh sandbox, so the one that
    kills it is found and blamed, and the rest graded; a task starved beside others runs again
    alone."""
    runs: dict[int, TaskRun] = {}
    remaining, parallel, again = list(tasks), harness.limits.parallel, False
    while remaining:
        if harness.out_of_time():  # the bound: every task left is judged as timed out
            for task in remaining:
                runs[task.id] = TaskRun(task=task.id, load="ok", stopped=harness.out_of_time_text)
                reported(runs[task.id])
            break
        runs.update(harness.run(remaining, phase, parallel, reported, alone=again))
        remaining, again = [task for task in remaining if task.id not in runs], True
        if remaining and parallel > 1:
            parallel = 1
        elif remaining:
            culprit = remaining.pop(0)
            runs[culprit.id] = TaskRun(task=culprit.id, load="ok", stopped=KILLED_HARNESS)
            reported(runs[culprit.id])
    return runs


def _has_hidden_phase(task: Task, public: TaskRun, public_only: bool) -> bool:
    return (not public_only and public.load == "ok" and public.stopped != KILLED_HARNESS
            and bool(_phase_cases(task, "hidden")))


def run(sandbox: Sandbox, files: dict, tasks: list[Task], limits: Limits = Limits(),
        public_only: bool = False, on_task: OnTask = None) -> dict[int, TaskRun]:
    """Run tasks on the submission's files in sandbox; a TaskRun for every task, whatever
    the code does.  Raise HarnessError (or SandboxError) when the sandbox cannot run at all.

    The public cases of all tasks run first; the hidden cases go in only after every public
    case has reported, so what the code raised or printed then (shown to students) cannot
    hold a hidden input.  on_task(TaskRun), if given, is called as each task is complete,
    before the others end (the portal shows results task by task), exactly once per task."""
    by_id = {task.id: task for task in tasks}
    notify = on_task or (lambda run: None)
    bound = limits.submission_seconds(tasks)

    def public_reported(run: TaskRun) -> None:
        if not _has_hidden_phase(by_id[run.task], run, public_only):
            notify(run)

    harness = _Harness(sandbox, files, limits, time.monotonic() + bound)
    harness.out_of_time_text = OUT_OF_TIME.format(bound=bound)
    try:
        if not public_only:
            harness.reserve = sum(limits.timeout(t) for t in tasks if _phase_cases(t, "hidden"))
            harness.pause = {t.id for t in tasks if _phase_cases(t, "hidden")}
        public = _phase(harness, tasks, "public", public_reported)
        harness.reserve = 0.0
        later = [t for t in tasks if _has_hidden_phase(t, public[t.id], public_only)]
        runs = dict(public)

        def hidden_reported(run: TaskRun) -> None:
            runs[run.task] = public[run.task].with_hidden(run)
            notify(runs[run.task])

        _phase(harness, later, "hidden", hidden_reported)
        return runs
    finally:
        harness.close()
