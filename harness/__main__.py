"""The harness: a fork server that runs each task of one submission in its own limited process.

Run as ``python -S -B -m harness --workdir DIR [--path DIR ...] [--tf]`` inside the sandbox.
It imports numpy (and TensorFlow with ``--tf``) once, says ``{"ready": true}``, then reads
jobs (the submission's files and some cases' inputs, never their expected outputs), one JSON
line each on stdin, so a sandbox can be started before its submission arrives.  The grader
sends the public cases first and the hidden ones only once every public case has reported:
what the code says while public cases run is shown to the student, and no hidden input is
anywhere in the sandbox then.  Each job starts from a fresh copy of the files.  It forks a
fresh child per task, so no task pays the import again and no task sees another's state; up
to ``parallel`` children run at once.  For each task it writes one JSON line to stdout: how the
child ended (exit, signal, time or output limit), its CPU and wall time, the start of what it
printed, and the raw lines of its result pipe.  The trusted side parses and judges all of it;
nothing here is believed.

Isolation (``isolation.py``): the harness is non-dumpable and filtered (no process of the
sandbox may trace another, read its memory or take its descriptors); in the real sandboxes
it is pid 1, so no task can signal or stop it, and it reaps what the tasks leave.  Each job's
files are written read-only and served to the tasks from memory; each task works in a
fresh folder of its own.
"""
from __future__ import annotations

import argparse
import base64
import ctypes
import json
import os
import selectors
import signal
import sys
import tempfile
import time

from . import isolation

EXIT_GRACE = 0.5  # seconds to drain a task's pipes after its process exited
FORK_PATIENCE = 10.0  # seconds to wait for a free process slot with no task running

def _import_libraries(tensorflow: bool) -> None:
    """Pay the imports once, before any fork; no TensorFlow op may run here (fork safety)."""
    from . import child  # noqa: F401  (and numpy with it)
    if tensorflow:
        import tensorflow  # noqa: F401


def _not_dumpable() -> None:
    """Children run as the same user: without this they could open /proc/<harness>/fd/1
    (or ptrace the harness) and forge other tasks' lines on its channel."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
    except (OSError, AttributeError):
        pass


def _child(task: dict, job: dict, result_w: int, output_w: int, scratch: str) -> None:
    """In the forked child: own process group, stdout/stderr to the output pipe, results on
    fd 3, its own empty working folder, the submission's modules from memory, filtered."""
    try:
        os.setpgid(0, 0)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(output_w, 1)
        os.dup2(output_w, 2)
        os.dup2(result_w, 3)
        os.closerange(4, 1 << 16)  # nothing of the harness's own channel survives
        sys.stdout = open(1, "w", buffering=1, closefd=False)
        sys.stderr = open(2, "w", buffering=1, closefd=False)
        os.chdir(scratch)
        os.environ.update(HOME=scratch, TMPDIR=scratch)
        # and for what asked before the fork (TensorFlow's AutoGraph writes its files there:
        # the sandbox's /tmp is read-only, and its warning would be the student's output)
        tempfile.tempdir = scratch
        signal.signal(signal.SIGINT, signal.default_int_handler)  # the student's, as usual
        isolation.serve_submission(job["files"], job["files_dir"])
        if isolation.FILTERED:
            isolation.deny(isolation.TASK_DENIED)
        from . import child  # imported by the parent already: no file is read here
        child.run_task(task, 3, job["files_dir"])
    finally:
        os._exit(70)


class _Capture:
    """Bytes read from one pipe: all of them up to a cap, or the first ``keep`` of them."""

    def __init__(self, cap: int, keep: int):
        self.cap, self.keep, self.total, self.data = cap, keep, 0, bytearray()

    def add(self, chunk: bytes) -> bool:
        """Store chunk; return False once the cap is exceeded."""
        self.total += len(chunk)
        room = self.keep - len(self.data)
        if room > 0:
            self.data += chunk[:room]
        return self.total <= self.cap


class _Running:
    """One task's child process and what has been read from its pipes so far."""

    def __init__(self, task: dict, job: dict, selector: selectors.BaseSelector):
        self.task, self.limit, self.selector, self.status = task, None, selector, None
        self.scratch_root = job["scratch"]
        self.scratch = self.scratch_root.new()
        result_r, result_w = os.pipe()
        output_r, output_w = os.pipe()
        try:
            self.pid = os.fork()
        except OSError:
            for fd in (result_r, result_w, output_r, output_w):
                os.close(fd)
            self.scratch_root.remove(self.scratch)
            raise
        self.started = time.monotonic()
        self.deadline = self.started + task["timeout"]
        if self.pid == 0:
            _child(task, job, result_w, output_w, self.scratch)
        os.close(result_w)
        os.close(output_w)
        self.results = _Capture(job["result_cap"], job["result_cap"])
        self.output = _Capture(job["output_cap"], job["output_keep"])
        self.pipes = {result_r: ("result_limit", self.results),
                      output_r: ("output_limit", self.output)}
        self.open = set(self.pipes)
        for fd in self.pipes:
            os.set_blocking(fd, False)
            selector.register(fd, selectors.EVENT_READ, self)

    def read(self, fd: int) -> None:
        """Read what fd has now; close it at end of file or when its cap is exceeded."""
        name, capture = self.pipes[fd]
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            return
        if not chunk:
            self._close(fd)
        elif not capture.add(chunk):
            self.limit = self.limit or name
            self._close(fd)

    def _close(self, fd: int) -> None:
        if fd in self.open:
            self.open.discard(fd)
            self.selector.unregister(fd)

    def ended(self, status: int, usage) -> None:
        """The child exited (reaped by _reap)."""
        self.status, self.usage, self.exited = status, usage, time.monotonic()

    def done(self) -> bool:
        """True once the child has exited (then its pipes are drained) or a limit was hit."""
        if self.limit is None and self.status is None and time.monotonic() >= self.deadline:
            self.limit = "timeout"
        if self.status is not None and self.open:
            _kill_group(self.pid)
            for fd in list(self.open):
                self.read(fd)
            # A process the task started in a session of its own may hold the pipes open
            # for ever: what it writes after a short grace is not the task's output.
            if time.monotonic() >= self.exited + EXIT_GRACE:
                for fd in list(self.open):
                    self._close(fd)
        return self.limit is not None or (self.status is not None and not self.open)

    def finish(self) -> dict:
        """Kill what is left of the task's processes, reap the child, and describe its end."""
        _kill_group(self.pid)
        if self.status is None:
            _, self.status, self.usage = os.wait4(self.pid, 0)
        for fd in self.pipes:
            self._close(fd)
            os.close(fd)
        self.scratch_root.remove(self.scratch)
        return {"task": self.task["task"], "limit": self.limit, **_exit_info(self.status),
                "cpu_seconds": round(self.usage.ru_utime + self.usage.ru_stime, 3),
                "wall_seconds": round(time.monotonic() - self.started, 3),
                "output": self.output.data.decode("utf-8", "replace"),
                "output_bytes": self.output.total,
                "results": self.results.data.decode("utf-8", "replace")}


def _kill_group(pid: int) -> None:
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _exit_info(status: int) -> dict:
    if os.WIFSIGNALED(status):
        return {"exit_code": None, "signal": os.WTERMSIG(status)}
    return {"exit_code": os.WEXITSTATUS(status), "signal": None}


def _reap(active: list[_Running]) -> None:
    """Collect every child that ended: the tasks', and as pid 1 the orphans the tasks left."""
    by_pid = {task.pid: task for task in active if task.status is None}
    while True:
        try:
            pid, status, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        if pid in by_pid:
            by_pid.pop(pid).ended(status, usage)


def run_tasks(job: dict, report) -> None:
    """Run the job's tasks, at most job['parallel'] at a time; report(outcome) as each ends."""
    pending, active = list(job["tasks"]), []
    stalled = None  # since when no process could be started
    # Closed here, not by the garbage collector: a later job's child, forked while the old
    # selector still waited for collection, would see its fd closed under a new pipe.
    with selectors.DefaultSelector() as selector:
        while pending or active:
            while pending and len(active) < job["parallel"]:
                try:
                    active.append(_Running(pending[0], job, selector))
                except BlockingIOError:
                    # The process limit is full (a fork bomb, running or just killed and not
                    # yet reaped): try again while the running tasks are policed, so the
                    # next task is not its victim.
                    stalled = stalled or time.monotonic()
                    if not active and time.monotonic() - stalled > FORK_PATIENCE:
                        raise
                    break
                stalled = None
                pending.pop(0)
            for key, _ in selector.select(timeout=0.05):
                key.data.read(key.fd)
            _reap(active)
            for task in [t for t in active if t.done()]:
                active.remove(task)
                report(task.finish())


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="harness")
    parser.add_argument("--workdir", required=True, help="writable scratch for the files")
    parser.add_argument("--path", action="append", default=[], help="where numpy/TF live")
    parser.add_argument("--tf", action="store_true", help="import TensorFlow before the job")
    parser.add_argument("--lock", action="append", default=[], metavar="DIR",
                        help="a shared writable folder to make read-only before any task runs")
    parser.add_argument("--filter-optional", action="store_true",
                        help="run even where seccomp cannot be used (the none sandbox only)")
    return parser.parse_args(argv)


def _receive(line: bytes, workdir: str, scratch: isolation.Scratch) -> dict:
    """A job from its line: its files written read-only and kept in memory for the tasks."""
    job = json.loads(line)
    job["files"] = {name: base64.b64decode(data) for name, data in job.pop("files").items()}
    job["files_dir"] = os.path.join(workdir, "files")
    job["scratch"] = scratch
    scratch.clear()
    isolation.write_read_only(job["files"], job["files_dir"])
    return job


def main(argv: list[str]) -> int:
    _not_dumpable()
    args = _arguments(argv)
    sys.path[:0] = args.path
    _import_libraries(args.tf)
    # Before any student code: no process of the sandbox may trace another (this filter is
    # inherited by every task); and, as pid 1, SIGINT's default (ignored) instead of Python's.
    try:
        isolation.deny(isolation.SANDBOX_DENIED)
    except isolation.IsolationError as exc:
        if not args.filter_optional:
            raise
        print(f"harness: {exc}; running unfiltered (no sandbox)", file=sys.stderr)
        isolation.FILTERED = False
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    isolation.lock(args.lock)

    def report(outcome: dict) -> None:
        sys.stdout.write(json.dumps(outcome) + "\n")
        sys.stdout.flush()

    report({"ready": True})  # the libraries loaded: from here on, failures are the tasks' own
    workdir = os.path.abspath(args.workdir)
    scratch = isolation.Scratch(workdir)
    # No writable folder on sys.path: the submission's modules come from memory.
    for line in iter(sys.stdin.buffer.readline, b""):
        run_tasks(_receive(line, workdir, scratch), report)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
