"""Each task's result as soon as the harness reports it, for the page that fills in task by task.

The runner reads the harness's lines itself and returns only when every task is done; this
Sandbox wraps the real one and watches the same lines, parsing them with the runner's own
parser, so a task's result can be scored and stored while the others still run.  The final
report is stored afterwards anyway: what is shown early is what the runner will also keep
(the first line of each task after the harness is ready).
"""
from __future__ import annotations

import json
import logging
from typing import Callable

from checks.results import TaskRun
from checks.tasks import Task
from grader import runner
from grader.sandbox import Sandbox, Session

log = logging.getLogger(__name__)


class _Watched(Session):
    def __init__(self, session: Session, seen: Callable[[bytes], None]):
        self.session, self.seen = session, seen

    def send(self, data: bytes) -> None:
        self.session.send(data)

    def readline(self, limit: int) -> bytes:
        line = self.session.readline(limit)
        self.seen(line)
        return line

    def errors(self) -> str:
        return self.session.errors()

    def kill(self) -> None:
        self.session.kill()

    def close(self) -> None:
        self.session.close()


class Watched(Sandbox):
    """sandbox, with on_task(TaskRun) called once per task as its line comes."""

    def __init__(self, sandbox: Sandbox, tasks: list[Task], on_task: Callable[[TaskRun], None]):
        super().__init__(sandbox.limits)
        self.sandbox, self.on_task = sandbox, on_task
        self.name, self.secure = sandbox.name, sandbox.secure
        self.tasks = {task.id: task for task in tasks}
        self.reported: set[int] = set()

    def start(self, tensorflow: bool) -> Session:
        ready = False

        def seen(raw: bytes) -> None:
            nonlocal ready
            try:
                line = json.loads(raw)
            except ValueError:
                return
            if not isinstance(line, dict):
                return
            ready = ready or line.get("ready") is True
            number = line.get("task")
            task = self.tasks.get(number) if ready and type(number) is int else None
            if task is not None and task.id not in self.reported:
                self.reported.add(task.id)
                try:
                    self.on_task(runner.parse_task_line(line, task, self.limits))
                except Exception:  # noqa: BLE001 - showing progress must never stop grading
                    log.exception("could not store the early result of task %s", task.id)

        return _Watched(self.sandbox.start(tensorflow), seen)

    def task_processes(self) -> int | None:
        return self.sandbox.task_processes()
