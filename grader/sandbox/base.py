"""The sandbox interface: start the harness in isolation, talk to it by lines, end it without a trace.

Errors, by whose fault::

    SandboxError        the sandbox cannot run (no engine, no image, no bwrap): a grader
                        fault, retried or shown to staff, never a zero for the student

A student's code can only ever make its own tasks fail; it cannot make a Session raise.
"""
from __future__ import annotations

import os
import shutil
import signal
import sysconfig
import threading
from abc import ABC, abstractmethod
from pathlib import Path

from grader.limits import Limits
from harness import isolation

HARNESS_SOURCE = Path(__file__).resolve().parents[2] / "harness"


class SandboxError(RuntimeError):
    """The sandbox cannot be used; the message says how to fix it."""


def clean_env(home: str) -> dict:
    """The harness's whole environment: nothing of the grader's (no secrets, no PYTHONPATH)."""
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8",
            "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "Agg",
            "TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0", "CUDA_VISIBLE_DEVICES": "",
            "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def library_paths() -> list[str]:
    """Where this interpreter's numpy and TensorFlow live (the harness runs with ``-S``)."""
    paths = sysconfig.get_paths()
    return list(dict.fromkeys([paths["purelib"], paths["platlib"]]))


def harness_args(workdir: str, paths: list[str], tensorflow: bool,
                 filter_optional: bool = False, lock: tuple[str, ...] = ()) -> list[str]:
    return (["-S", "-B", "-m", "harness", "--workdir", workdir]
            + [arg for path in paths for arg in ("--path", path)] + (["--tf"] if tensorflow else [])
            + [arg for path in lock for arg in ("--lock", path)]
            + (["--filter-optional"] if filter_optional else []))


def remove_tree(path: Path) -> None:
    """rmtree that first reopens folders the harness left read-only or unlistable."""
    isolation.make_removable(str(path))
    try:
        os.chmod(path, 0o700)
    except OSError:
        pass
    shutil.rmtree(path, ignore_errors=True)


class Session(ABC):
    """One running harness, for one submission only: a job line in, result lines out."""

    @abstractmethod
    def send(self, data: bytes) -> None:
        """Write to the harness's stdin."""

    @abstractmethod
    def readline(self, limit: int) -> bytes:
        """The next line of the harness's stdout (at most limit bytes); b'' at its end."""

    @abstractmethod
    def errors(self) -> str:
        """The end of what the harness wrote to stderr, for a grader-fault message."""

    @abstractmethod
    def kill(self) -> None:
        """Stop every process of the sandbox now; safe to call twice, from any thread."""

    @abstractmethod
    def close(self) -> None:
        """Kill, wait, and remove everything the run left behind."""


class Sandbox(ABC):
    """A way to run the harness in isolation, configured once with the limits."""

    name: str = ""
    secure: bool = True

    def __init__(self, limits: Limits = Limits()):
        self.limits = limits

    @abstractmethod
    def start(self, tensorflow: bool) -> Session:
        """Start a harness that imports numpy (and TensorFlow) and then waits for its job."""

    def task_processes(self) -> int | None:
        """RLIMIT_NPROC for each task, or None where a pid cgroup limits the whole sandbox."""
        return None


class StderrTail:
    """Drain a pipe in a thread, keeping its last bytes (a full pipe must never block the harness)."""

    def __init__(self, pipe, keep: int = 8192):
        self.data, self.keep = bytearray(), keep
        self.thread = threading.Thread(target=self._drain, args=(pipe,), daemon=True)
        self.thread.start()

    def _drain(self, pipe) -> None:
        for chunk in iter(lambda: pipe.read1(65536), b""):
            self.data = (self.data + chunk)[-self.keep:]

    def text(self) -> str:
        self.thread.join(timeout=1)
        return self.data.decode("utf-8", "replace")


def kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
