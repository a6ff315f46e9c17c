"""Sandboxes started ahead of time, so TensorFlow's import is paid while no one waits.

Each pre-started session is handed out once, for one submission, and never reused.  Its
replacement starts when that submission's session is closed, so starting the next sandbox
does not compete for the CPU with the grading it is meant to speed up.
"""
from __future__ import annotations

import threading

from grader.sandbox.base import Sandbox, Session


class _Primed(Session):
    """A started session whose 'ready' line was already read; close() asks for a refill."""

    def __init__(self, session: Session, first_line: bytes, on_close):
        self.session, self.first_line, self.on_close = session, first_line, on_close

    def send(self, data: bytes) -> None:
        self.session.send(data)

    def readline(self, limit: int) -> bytes:
        if self.first_line is not None:
            line, self.first_line = self.first_line, None
            return line
        return self.session.readline(limit)

    def errors(self) -> str:
        return self.session.errors()

    def kill(self) -> None:
        self.session.kill()

    def close(self) -> None:
        try:
            self.session.close()
        finally:
            self.on_close()


class Pool(Sandbox):
    """A Sandbox whose start() hands out a session that has already imported TensorFlow.

    One long-lived thread starts every pooled sandbox: bwrap's --die-with-parent follows the
    thread that spawned it, so a short-lived starter thread would take its sandbox with it.
    """

    def __init__(self, sandbox: Sandbox, size: int = 1):
        super().__init__(sandbox.limits)
        self.sandbox, self.size = sandbox, size
        self.name, self.secure = sandbox.name, sandbox.secure
        self.ready: list[_Primed] = []
        self.wanted, self.closed = size, False
        self.changed = threading.Condition()
        self.keeper = threading.Thread(target=self._keep, daemon=True, name="sandbox-pool")
        self.keeper.start()

    def _keep(self) -> None:
        while True:
            with self.changed:
                self.changed.wait_for(lambda: self.closed or self.wanted > 0)
                if self.closed:
                    return
            primed = self._start_one()
            with self.changed:
                self.wanted -= 1
                if primed is not None:
                    self.ready.append(primed)
                self.changed.notify_all()
                if self.closed and primed is not None:
                    self.ready.remove(primed)
                    primed.session.close()

    def _start_one(self) -> _Primed | None:
        try:
            session = self.sandbox.start(tensorflow=True)
        except Exception:  # noqa: BLE001 - start() in the caller will raise it again, loudly
            return None
        # Wait for the imports here, off the clock; a harness that fails to start is handed
        # out anyway and reported by the runner like any failed start.
        return _Primed(session, session.readline(1 << 16), self._refill)

    def _refill(self) -> None:
        with self.changed:
            if len(self.ready) + self.wanted < self.size:
                self.wanted += 1
                self.changed.notify_all()

    def start(self, tensorflow: bool) -> Session:
        with self.changed:
            session = self.ready.pop(0) if self.ready else None
        if session is None:  # none ready yet: start one here; closing it still refills
            return _Primed(self.sandbox.start(tensorflow), None, self._refill)
        return session

    def wait(self) -> None:
        """Block until the pool is full again (for benchmarks and tests)."""
        with self.changed:
            self.changed.wait_for(lambda: self.closed or self.wanted <= 0)

    def task_processes(self) -> int | None:
        return self.sandbox.task_processes()

    def close(self) -> None:
        with self.changed:
            self.closed, sessions, self.ready = True, self.ready, []
            self.changed.notify_all()
        for session in sessions:
            session.session.close()
        # A sandbox being started now is closed by the keeper once it is up; wait for that,
        # or the process may exit first (the keeper is a daemon) and leave it running.
        if self.keeper is not threading.current_thread():
            self.keeper.join(self.limits.startup_seconds)
