"""A harness running as a local child process (the none and bwrap backends share this)."""
from __future__ import annotations

import subprocess
from typing import Callable

from grader.sandbox.base import Session, StderrTail, kill_group


class ProcessSession(Session):
    """The harness as a subprocess in its own session; cleanup runs after it is killed."""

    def __init__(self, command: list[str], env: dict, cwd: str,
                 cleanup: Callable[[], None] = lambda: None,
                 preexec: Callable[[], None] | None = None):
        self.cleanup = cleanup
        try:
            self.process = subprocess.Popen(
                command, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, start_new_session=True, preexec_fn=preexec)
        except BaseException:
            cleanup()
            raise
        self.stderr = StderrTail(self.process.stderr)

    def send(self, data: bytes) -> None:
        try:
            self.process.stdin.write(data)
            self.process.stdin.flush()
        except (BrokenPipeError, ValueError):
            pass  # the harness died; its missing lines tell the story

    def readline(self, limit: int) -> bytes:
        return self.process.stdout.readline(limit)

    def errors(self) -> str:
        return self.stderr.text()

    def kill(self) -> None:
        kill_group(self.process.pid)

    def close(self) -> None:
        self.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                pipe.close()
            except OSError:
                pass
        self.cleanup()
