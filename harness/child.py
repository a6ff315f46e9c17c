"""Inside one task's process: apply the limits, import the student's file, run each case, report.

Everything here happens after fork, in a process that the student's code will own as soon
as their module is imported; so it reports raw outputs only, one JSON line per event on
the result pipe, and decides nothing.
"""
from __future__ import annotations

import copy
import importlib.util
import json
import os
import resource
import sys
import traceback

from . import drivers, plain

MEMORY_ERROR_EXIT = 97  # distinct exit status when the task ran out of memory


class MissingFunction(Exception):
    """The file imported, but does not define the function the task asks for."""


def apply_limits(limits: dict, runs: int = 1) -> None:
    """rlimits for this process and its children: CPU seconds, file size, processes, memory.
    runs: how many runs of cases the process may serve (the hard CPU limit holds them all;
    each run raises the soft one by its own share: see _extend_cpu)."""
    cpu = int(limits["cpu_seconds"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, runs * cpu + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits["file_bytes"],) * 2)
    if limits.get("memory_bytes"):
        resource.setrlimit(resource.RLIMIT_AS, (limits["memory_bytes"],) * 2)
    if limits.get("processes"):  # only where the sandbox has no pid limit of its own
        resource.setrlimit(resource.RLIMIT_NPROC, (limits["processes"],) * 2)


def _emit(channel, event: dict) -> None:
    channel.write(json.dumps(event, allow_nan=False) + "\n")
    channel.flush()


def student_traceback(exc: BaseException, workdir: str) -> str:
    """The traceback restricted to frames in the student's own files, with short file names."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if os.path.abspath(f.filename).startswith(workdir + os.sep)]
    for frame in frames:
        frame.filename = os.path.relpath(frame.filename, workdir)
    try:
        last = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    except BaseException:  # noqa: BLE001 - a hostile __str__
        last = type(exc).__name__
    lines = traceback.format_list(frames) if frames else []
    harness = os.path.dirname(os.path.abspath(__file__))  # TF errors quote the harness's path
    return ("".join(lines) + last).replace(harness + os.sep, "")[-4000:]


def _load(task: dict, workdir: str):
    """Import the task's file (served from the job's bytes: isolation.SubmissionFinder) and
    return its function; raise with a student-facing message."""
    module_name = task["file"][:-3]
    spec = importlib.util.find_spec(module_name)
    if spec is None or spec.origin != os.path.join(workdir, task["file"]):
        raise ImportError(f"{task['file']} is not in the submission")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # so __import__('2-shuffle_data') finds the same module
    spec.loader.exec_module(module)
    fn = getattr(module, task["function"], None)
    if not callable(fn):
        found = sorted(n for n, v in vars(module).items()
                       if callable(v) and getattr(v, "__module__", None) == module_name)
        raise MissingFunction(f"{task['file']} defines no function named {task['function']}"
                          + (f" (it defines: {', '.join(found)})" if found else ""))
    return fn


def run_task(task: dict, result_fd: int, workdir: str, control_fd: int | None = None) -> None:
    """Run every case of one task and exit; never returns.  With control_fd, once the cases
    are done, say so there and run the cases the harness sends back, if it does."""
    channel = os.fdopen(result_fd, "w", encoding="utf-8")
    apply_limits(task["limits"], runs=1 if control_fd is None else 2)
    try:
        fn = _load(task, workdir)
    except MemoryError:
        os._exit(MEMORY_ERROR_EXIT)
    except MissingFunction as exc:
        _emit(channel, {"event": "load", "status": "missing_function", "error": str(exc)})
        os._exit(0)
    except BaseException as exc:  # noqa: BLE001 - SyntaxError, ImportError, SystemExit ...
        _emit(channel, {"event": "load", "status": "error",
                        "error": student_traceback(exc, workdir)})
        os._exit(0)
    _emit(channel, {"event": "load", "status": "ok"})
    for case in task["cases"]:
        _emit(channel, _run_case(fn, case, workdir))
    _emit(channel, {"event": "done"})
    more = _more_cases(control_fd) if control_fd is not None else None
    if more is not None:
        _extend_cpu(more["cpu_seconds"])
        for case in more["cases"]:
            _emit(channel, _run_case(fn, case, workdir))
        _emit(channel, {"event": "done"})
    os._exit(0)


def _more_cases(fd: int) -> dict | None:
    """Say on fd that the cases are done; wait for the harness's next ones (None if they
    cannot be read: the code closed or garbled the socket)."""
    try:
        os.write(fd, b"\n")
    except OSError:
        pass  # the harness already sent them and closed its end (the code said it first)
    try:
        data = bytearray()
        while not data.endswith(b"\n"):
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return None
            data += chunk
        more = json.loads(data)
        return more if isinstance(more, dict) and isinstance(more.get("cases"), list) else None
    except (OSError, ValueError):
        return None


def _extend_cpu(seconds) -> None:
    """This run's CPU share on top of what the process used so far, within the hard limit."""
    try:
        used = resource.getrusage(resource.RUSAGE_SELF)
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        soft = int(used.ru_utime + used.ru_stime) + int(seconds)
        resource.setrlimit(resource.RLIMIT_CPU, (soft if hard < 0 else min(soft, hard), hard))
    except (OSError, ValueError, TypeError):
        pass  # the code changed its own limits: the harness's clock still holds


def _run_case(fn, case: dict, workdir: str) -> dict:
    drivers.seed_everything(case["seed"], case["driver"] in drivers.TF_DRIVERS)
    event = {"event": "case", "case": case["id"]}
    try:
        inputs = copy.deepcopy(plain.decode(case["inputs"]))  # writable copies
        output = drivers.run(case["driver"], fn, inputs)
    except MemoryError:
        os._exit(MEMORY_ERROR_EXIT)
    except drivers.ContractError as exc:
        return {**event, "status": "contract", "error": str(exc)}
    except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt included
        return {**event, "status": "exception", "error": student_traceback(exc, workdir)}
    return {**event, "status": "ok", "output": plain.describe(output)}
