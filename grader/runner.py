"""Run a submission's tasks in the harness and bring back what happened, as untrusted plain data.

The harness runs in a plain subprocess here (the ``none`` backend): a fresh scratch directory
holds a copy of the harness package, a copy of the submission and the job (the cases' inputs,
never their expected outputs); Python starts without ``site`` so only numpy and TensorFlow are
importable, not the grader, the reference or the data.  Every line the harness prints is parsed
strictly and capped; if the harness itself dies (a task may kill its parent), the tasks that did
not report are run again one at a time, so the one that kills it is found and the rest graded.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from checks.results import CaseOutcome, TaskRun
from checks.tasks import Task
from grader.harness import plain
from grader.harness.child import MEMORY_ERROR_EXIT

HARNESS_SOURCE = Path(__file__).resolve().parent / "harness"


class HarnessError(RuntimeError):
    """The harness could not run at all: a grader fault, to retry or show staff, never a zero."""


@dataclass(frozen=True)
class Limits:
    """Per-task limits of the harness's child processes (defaults suit a 2-core machine)."""

    timeout_numpy: float = 10.0       # wall seconds for a numpy task
    timeout_tf: float = 60.0          # wall seconds for a TensorFlow task
    memory_bytes: int = 4 << 30       # address space per task (TensorFlow alone maps ~1.4 GiB)
    file_bytes: int = 16 << 20        # largest file a task may write
    processes: int = 64               # processes and threads (not enforced for root)
    output_cap: int = 1 << 20         # stdout+stderr bytes before the task is stopped
    output_keep: int = 8 << 10        # bytes of that output kept for the report
    result_cap: int = 32 << 20        # bytes of results before the task is stopped
    parallel: int = 2                 # tasks running at once
    startup_seconds: float = 120.0    # allowance for the harness to start (TensorFlow import)

    def timeout(self, task: Task) -> float:
        return self.timeout_tf if task.uses_tf else self.timeout_numpy


def _clean_env(home: Path) -> dict:
    """The harness's whole environment: nothing of the grader's (no secrets, no PYTHONPATH)."""
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
            "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "Agg",
            "TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0", "CUDA_VISIBLE_DEVICES": "",
            "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def _library_paths() -> list[str]:
    paths = sysconfig.get_paths()
    return list(dict.fromkeys([paths["purelib"], paths["platlib"]]))


def _job(tasks: list[Task], limits: Limits, workdir: Path, public_only: bool,
         parallel: int, extra_paths: list[str]) -> dict:
    task_limits = {"memory_bytes": limits.memory_bytes, "file_bytes": limits.file_bytes,
                   "processes": limits.processes}
    return {
        "workdir": str(workdir), "sys_path": _library_paths() + extra_paths, "parallel": parallel,
        "output_cap": limits.output_cap, "output_keep": limits.output_keep,
        "result_cap": limits.result_cap,
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


def _prepare(files: dict, job_tasks: list[Task], limits: Limits, public_only: bool,
             parallel: int, extra_paths: list[str]) -> Path:
    scratch = Path(tempfile.mkdtemp(prefix="grader-"))
    shutil.copytree(HARNESS_SOURCE, scratch / "harness",
                    ignore=shutil.ignore_patterns("__pycache__"))
    workdir = scratch / "work"
    workdir.mkdir()
    for name, data in files.items():
        (workdir / name).write_bytes(data)
    job = _job(job_tasks, limits, workdir, public_only, parallel, extra_paths)
    (scratch / "job.json").write_text(json.dumps(job), encoding="utf-8")
    return scratch


def _run_harness(files: dict, tasks: list[Task], limits: Limits, public_only: bool,
                 parallel: int, extra_paths: list[str]) -> dict[int, TaskRun]:
    """One harness process over tasks; return the TaskRuns of the tasks it reported."""
    scratch = _prepare(files, tasks, limits, public_only, parallel, extra_paths)
    by_id = {task.id: task for task in tasks}
    process = subprocess.Popen(
        [sys.executable, "-S", "-B", "-m", "harness", str(scratch / "job.json")],
        cwd=scratch, env=_clean_env(scratch / "work"), stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    # The harness enforces each task's limits; this watchdog covers a harness that a task
    # stopped or froze (SIGSTOP to its parent), so reading its output can never hang.
    allowance = limits.startup_seconds + sum(limits.timeout(t) for t in tasks)
    watchdog = threading.Timer(allowance, _kill, [process])
    watchdog.start()
    runs, ready = {}, False
    try:
        for raw in iter(lambda: process.stdout.readline(limits.result_cap * 2), b""):
            try:
                line = json.loads(raw)
            except ValueError:
                continue
            if not isinstance(line, dict):
                continue
            ready = ready or line.get("ready") is True
            task = by_id.get(line.get("task"))
            if task is not None and task.id not in runs:
                runs[task.id] = parse_task_line(line, task, limits)
        if not ready:
            process.wait(timeout=5)
            error = process.stderr.read(8192).decode("utf-8", "replace")
            raise HarnessError(f"the harness did not start (exit {process.returncode}): {error}")
    finally:
        watchdog.cancel()
        _stop(process)
        shutil.rmtree(scratch, ignore_errors=True)
    return runs


def _kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _stop(process: subprocess.Popen) -> None:
    _kill(process)
    process.wait()
    process.stdout.close()
    process.stderr.close()


def run(files: dict, tasks: list[Task], limits: Limits = Limits(), public_only: bool = False,
        extra_paths: tuple[str, ...] = ()) -> dict[int, TaskRun]:
    """Run tasks on the submission's files; a TaskRun for every task, whatever the code does.

    extra_paths are importable in the harness too: only the expected-output builder uses it,
    to run the reference exactly as a student's code runs."""
    runs: dict[int, TaskRun] = {}
    remaining, parallel = list(tasks), limits.parallel
    while remaining:
        runs.update(_run_harness(files, remaining, limits, public_only, parallel,
                                 list(extra_paths)))
        remaining = [task for task in remaining if task.id not in runs]
        if remaining and parallel > 1:
            parallel = 1  # run the rest in order, so the task that kills the harness is known
        elif remaining:
            culprit = remaining.pop(0)
            runs[culprit.id] = TaskRun(task=culprit.id, load="ok",
                                       stopped="killed the grading process it ran in")
    return runs
