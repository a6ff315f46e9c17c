"""A Celery worker for tests whose sandbox breaks the grading midway, after a task was shown.

A stand-in: the real ways a submission's code broke its grading (a result line the decoder
choked on, a harness it stopped) are being closed in the engine itself, so this stub raises
where such a crash would surface, right after the first task of the hidden phase reported
(its result is already stored for the student, web/worker/jobs.py's early results).
``GRADER_TEST_BREAK`` says what is raised: ``submission`` an error of no grader kind (what
student code caused), ``sandbox`` a SandboxError (the grader's own: the engine went away).
Run as ``celery -A tests.web.faulty_worker worker``.
"""
from __future__ import annotations

import json
import os

from grader.sandbox import Sandbox, SandboxError
from grader.sandbox.base import Session
from web.make_celery import celery_app, flask_app  # noqa: F401 - the app Celery loads
from web.worker import tasks


class BrokenChannel(ValueError):
    """Stands for what crafted channel data made the trusted side raise."""


class BreakingSession(Session):
    def __init__(self, inner: Session, breaking: str):
        self.inner, self.breaking = inner, breaking
        self.jobs, self.reported = 0, 0

    def send(self, data: bytes) -> None:
        self.jobs += 1
        self.inner.send(data)

    def readline(self, limit: int) -> bytes:
        # the second job is the hidden phase: once one of its tasks reported (and was stored
        # for the student before this read), break
        if self.jobs >= 2 and self.reported >= 1:
            if self.breaking == "sandbox":
                raise SandboxError("stand-in: the Docker engine stopped answering")
            raise BrokenChannel("stand-in: a result line the decoder could not take")
        line = self.inner.readline(limit)
        try:
            if self.jobs >= 2 and "task" in json.loads(line):
                self.reported += 1
        except ValueError:
            pass
        return line

    def errors(self) -> str:
        return self.inner.errors()

    def kill(self) -> None:
        self.inner.kill()

    def close(self) -> None:
        self.inner.close()


class BreakingSandbox(Sandbox):
    def __init__(self, inner: Sandbox, breaking: str):
        super().__init__(inner.limits)
        self.inner, self.breaking, self.name = inner, breaking, inner.name

    def start(self, tensorflow: bool) -> Session:
        return BreakingSession(self.inner.start(tensorflow), self.breaking)

    def task_processes(self) -> int | None:
        return self.inner.task_processes()


_real = tasks.sandbox
tasks.sandbox = lambda config: BreakingSandbox(_real(config), os.environ["GRADER_TEST_BREAK"])
