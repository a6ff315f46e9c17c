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

A task sent with ``pause`` keeps its process for its hidden cases (TensorFlow's start in a
process costs more than most cases): once its public cases are done, the child says so on a
socket of its own, and its line is written then, with ``"paused": true``: what it printed and
returned up to that moment, and nothing after.  The process is stopped and kept.  A later job
that sends the task with ``resume`` continues it: the cases go in on that socket, and the line
written when it ends holds only what came after.  The hidden inputs still enter the sandbox only
with that later job.  A task that cannot be continued (it ended while kept, or never said it was
done) runs in a fresh process as before.

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
import socket
import sys
import tempfile
import time

from . import isolation

EXIT_GRACE = 0.5  # seconds to drain a task's pipes after its process exited
FORK_PATIENCE = 10.0  # seconds to wait for a free process slot with no task running
CONTROL_FD = 4  # in a task kept for more cases: the socket to the harness

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


def _child(task: dict, job: dict, result_w: int, output_w: int, control: int | None,
           scratch: str) -> None:
    """In the forked child: own process group, stdout/stderr to the output pipe, results on
    fd 3 (and the control socket on fd 4 when it is kept for more cases), its own empty
    working folder, the submission's modules from memory, filtered."""
    try:
        os.setpgid(0, 0)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(output_w, 1)
        os.dup2(output_w, 2)
        os.dup2(result_w, 3)
        first_closed = CONTROL_FD
        if control is not None:
            os.dup2(control, CONTROL_FD)
            first_closed = CONTROL_FD + 1
        os.closerange(first_closed, 1 << 16)  # nothing of the harness's own channel survives
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
        child.run_task(task, 3, job["files_dir"], CONTROL_FD if control is not None else None)
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
        self.limit, self.status, self.selector = None, None, None
        self.scratch_root = job["scratch"]
        self.scratch = self.scratch_root.new()
        result_r, result_w = os.pipe()
        output_r, output_w = os.pipe()
        kept = socket.socketpair() if task.get("pause") else None
        try:
            self.pid = os.fork()
        except OSError:
            for fd in (result_r, result_w, output_r, output_w):
                os.close(fd)
            for end in kept or ():
                end.close()
            self.scratch_root.remove(self.scratch)
            raise
        if self.pid == 0:
            _child(task, job, result_w, output_w, kept[1].fileno() if kept else None,
                   self.scratch)
        os.close(result_w)
        os.close(output_w)
        self.control = None
        if kept:
            kept[1].close()
            self.control = kept[0]
            self.control.setblocking(False)
        self.pipes = {result_r: "result_limit", output_r: "output_limit"}
        self.open, self.cpu_before = set(self.pipes), 0.0
        for fd in self.pipes:
            os.set_blocking(fd, False)
        self._start(task, job, selector)

    def _start(self, task: dict, job: dict, selector: selectors.BaseSelector) -> None:
        """Begin a run of the task's cases in this process: fresh captures and clock."""
        self.task, self.selector, self.outbox = task, selector, b""
        # Only the process's first run may pause: a byte from it later means nothing.
        self.may_pause, self.pausing = bool(task.get("pause")), False
        self.started = time.monotonic()
        self.deadline = self.started + task["timeout"]
        result_r, output_r = self.pipes
        self.captures = {result_r: _Capture(job["result_cap"], job["result_cap"]),
                         output_r: _Capture(job["output_cap"], job["output_keep"])}
        for fd in self.open:
            selector.register(fd, selectors.EVENT_READ, self)
        if self.control is not None:
            selector.register(self.control, selectors.EVENT_READ, self)

    def resume(self, task: dict, job: dict, selector: selectors.BaseSelector) -> None:
        """Continue a paused task (see can_resume) with the cases of task."""
        self._start(task, job, selector)
        self.outbox = (json.dumps({"cases": task["cases"],
                                   "cpu_seconds": task["limits"]["cpu_seconds"]}) + "\n").encode()
        selector.modify(self.control, selectors.EVENT_READ | selectors.EVENT_WRITE, self)
        _signal_group(self.pid, signal.SIGCONT)

    def can_resume(self) -> bool:
        """Paused, alive (reaped by _reap otherwise) and still holding its control socket."""
        return self.status is None and self.control is not None

    def ready(self, fd: int, events: int) -> None:
        """Act on what the selector says fd (a pipe or the control socket) is ready for."""
        if self.control is not None and fd == self.control.fileno():
            self._talk(events)
        else:
            self.read(fd)

    def _talk(self, events: int) -> None:
        """The control socket: a byte from the child, before the harness sent it anything,
        means its cases are done; then send what waits for it."""
        if events & selectors.EVENT_READ:
            try:
                said = self.control.recv(4096)
            except (BlockingIOError, InterruptedError):
                said = None
            except OSError:
                said = b""
            if said == b"":  # the task closed its end: it cannot be continued
                self._drop_control()
                return
            self.pausing = self.pausing or bool(said and self.may_pause)
        if events & selectors.EVENT_WRITE and self.outbox:
            try:
                self.outbox = self.outbox[self.control.send(self.outbox):]
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                self.outbox = b""
            if not self.outbox:  # sent: the child reads it after this end is closed
                self._drop_control()

    def _drop_control(self) -> None:
        """Close the harness's end of the control socket: the task cannot be continued."""
        if self.control is not None:
            if self.selector is not None:
                self.selector.unregister(self.control)
            self.control.close()
        self.control, self.pausing, self.outbox = None, False, b""

    def read(self, fd: int) -> bool:
        """Read what fd has now (True if anything); close it at end of file or when its cap
        is exceeded."""
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            return False
        if not chunk:
            self._close(fd)
        elif not self.captures[fd].add(chunk):
            self.limit = self.limit or self.pipes[fd]
            self._close(fd)
        return bool(chunk)

    def _close(self, fd: int) -> None:
        if fd in self.open:
            self.open.discard(fd)
            if self.selector is not None:
                self.selector.unregister(fd)

    def ended(self, status: int, usage) -> None:
        """The child exited (reaped by _reap): what is left of its group goes now, while its
        number cannot yet be another task's (a kept task may not be ended for a while)."""
        self.status, self.usage, self.exited = status, usage, time.monotonic()
        _kill_group(self.pid)

    @property
    def paused(self) -> bool:
        """It said its cases are done, and is alive within its limits: kept for more."""
        return self.pausing and self.status is None and self.limit is None

    def done(self) -> bool:
        """True once the child has exited (then its pipes are drained), a limit was hit, or
        it paused."""
        if self.limit is None and self.status is None and time.monotonic() >= self.deadline:
            self.limit = "timeout"
        if self.status is not None and self.open:
            for fd in list(self.open):
                self.read(fd)
            # A process the task started in a session of its own may hold the pipes open
            # for ever: what it writes after a short grace is not the task's output.
            if time.monotonic() >= self.exited + EXIT_GRACE:
                for fd in list(self.open):
                    self._close(fd)
        if self.paused:
            # All it wrote before it said so belongs to this run (to the caps); what a thread
            # writes on may land in the next run, as if written there.
            for fd in list(self.open):
                while fd in self.open and self.limit is None and self.read(fd):
                    pass
            return True  # paused, or a cap was exceeded while draining
        return self.limit is not None or (self.status is not None and not self.open)

    def finish(self) -> dict:
        """Describe how this run of the task's cases ended.  A paused task is stopped and
        kept (its pipes stay open, for resume); any other is killed with whatever is left of
        its processes, and reaped."""
        if self.paused:
            _signal_group(self.pid, signal.SIGSTOP)
            cpu = _cpu_of(self.pid)
            for fileobj in [*self.open, self.control]:
                self.selector.unregister(fileobj)
            self.selector = None
            outcome = self._describe(cpu, exit_code=None, signal=None, paused=True)
            self.cpu_before = cpu
            return outcome
        self.end()
        return self._describe(self.usage.ru_utime + self.usage.ru_stime, **_exit_info(self.status))

    def end(self) -> None:
        """Kill what is left of the task's processes, reap the child, close what the harness
        holds of it and remove its folder."""
        if self.status is None:
            _kill_group(self.pid)
            _, self.status, self.usage = os.wait4(self.pid, 0)
        for fd in self.pipes:
            self._close(fd)
            os.close(fd)
        self._drop_control()
        self.scratch_root.remove(self.scratch)

    def _describe(self, cpu: float, **how) -> dict:
        result_r, output_r = self.pipes
        output, results = self.captures[output_r], self.captures[result_r]
        return {"task": self.task["task"], "limit": self.limit, **how,
                "cpu_seconds": round(max(0.0, cpu - self.cpu_before), 3),
                "wall_seconds": round(time.monotonic() - self.started, 3),
                "output": output.data.decode("utf-8", "replace"), "output_bytes": output.total,
                "results": results.data.decode("utf-8", "replace")}


def _cpu_of(pid: int) -> float:
    """CPU seconds used so far by a live child and the children it reaped (/proc), 0 if
    unreadable: a figure shown to the student, never a limit."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rpartition(b")")[2].split()
        return sum(int(fields[i]) for i in (11, 12, 13, 14)) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _signal_group(pid: int, number: int) -> None:
    """Signal a task's process group, and its first process should it have left the group."""
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, number)
        except (ProcessLookupError, PermissionError):
            pass


def _kill_group(pid: int) -> None:
    _signal_group(pid, signal.SIGKILL)


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


def run_tasks(job: dict, report, kept: dict[int, _Running]) -> None:
    """Run the job's tasks, at most job['parallel'] at a time; report(outcome) as each ends.
    kept: the paused tasks, by task id; a task sent with ``resume`` continues there if it can."""
    pending, active = list(job["tasks"]), []
    stalled = None  # since when no process could be started
    # Closed here, not by the garbage collector: a later job's child, forked while the old
    # selector still waited for collection, would see its fd closed under a new pipe.
    with selectors.DefaultSelector() as selector:
        _reap(list(kept.values()))  # a kept task that died meanwhile cannot be continued
        if job.get("alone"):  # a task run again alone: nothing of the others may be left
            _end_kept(kept)
        while pending or active:
            while pending and len(active) < job["parallel"]:
                task, earlier = pending[0], kept.pop(pending[0]["task"], None)
                if task.get("resume") and earlier is not None and earlier.can_resume():
                    earlier.resume(task, job, selector)
                    active.append(earlier)
                    pending.pop(0)
                    continue
                if earlier is not None:
                    earlier.end()
                try:
                    active.append(_Running(task, job, selector))
                except BlockingIOError:
                    # The process limit is full (a fork bomb, running or just killed and not
                    # yet reaped, or threads a kept task holds: it gives way, and its hidden
                    # cases run in a fresh process): try again while the running tasks are
                    # policed, so the next task is not its victim.
                    _end_kept(kept)
                    stalled = stalled or time.monotonic()
                    if not active and time.monotonic() - stalled > FORK_PATIENCE:
                        raise
                    break
                stalled = None
                pending.pop(0)
            for key, events in selector.select(timeout=0.05):
                key.data.ready(key.fd, events)
            _reap(active + list(kept.values()))
            for task in [t for t in active if t.done()]:
                active.remove(task)
                outcome = task.finish()
                if outcome.get("paused"):
                    kept[outcome["task"]] = task
                report(outcome)


def _end_kept(kept: dict[int, _Running]) -> None:
    for task in kept.values():
        task.end()
    kept.clear()


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


def _receive(line: bytes, workdir: str, scratch: isolation.Scratch,
             kept: dict[int, _Running]) -> dict:
    """A job from its line: its files written read-only and kept in memory for the tasks."""
    job = json.loads(line)
    job["files"] = {name: base64.b64decode(data) for name, data in job.pop("files").items()}
    job["files_dir"] = os.path.join(workdir, "files")
    job["scratch"] = scratch
    scratch.clear(keep={task.scratch for task in kept.values()})
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
    kept: dict[int, _Running] = {}
    # No writable folder on sys.path: the submission's modules come from memory.
    try:
        for line in iter(sys.stdin.buffer.readline, b""):
            run_tasks(_receive(line, workdir, scratch, kept), report, kept)
    finally:
        _end_kept(kept)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
