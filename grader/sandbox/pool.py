"""Sandboxes started ahead of time, so TensorFlow's import is paid while no one waits.

Each pre-started session is handed out once, for one submission, and never reused; a
replacement starts in the background as soon as one is taken.
"""
from __future__ import annotations

import threading

from grader.sandbox.base import Sandbox, Session


class Pool(Sandbox):
    """A Sandbox whose start() hands out an already started TensorFlow-ready session."""

    def __init__(self, sandbox: Sandbox, size: int = 1):
        super().__init__(sandbox.limits)
        self.sandbox, self.size = sandbox, size
        self.name, self.secure = sandbox.name, sandbox.secure
        self.ready: list[Session] = []
        self.lock = threading.Lock()
        self.closed = False
        self.threads: list[threading.Thread] = []
        for _ in range(size):
            self._refill()

    def _refill(self) -> None:
        thread = threading.Thread(target=self._add, daemon=True)
        self.threads.append(thread)
        thread.start()

    def _add(self) -> None:
        try:
            session = self.sandbox.start(tensorflow=True)
        except Exception:  # noqa: BLE001 - start() in the caller will raise it again, loudly
            return
        with self.lock:
            if not self.closed:
                self.ready.append(session)
                return
        session.close()

    def start(self, tensorflow: bool) -> Session:
        with self.lock:
            session = self.ready.pop(0) if self.ready else None
        if session is None:
            return self.sandbox.start(tensorflow)
        self._refill()
        return session

    def wait(self) -> None:
        """Block until every session being started is ready (for benchmarks and tests)."""
        for thread in list(self.threads):
            thread.join()

    def task_processes(self) -> int | None:
        return self.sandbox.task_processes()

    def close(self) -> None:
        with self.lock:
            self.closed, sessions, self.ready = True, self.ready, []
        for session in sessions:
            session.close()
