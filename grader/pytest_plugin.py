"""The pytest plugin: ``pytest --submission PATH`` grades the public cases of PATH, one item per task.

Registered under the ``pytest11`` entry point, so it needs no test file and works from any
folder.  Without ``--submission`` it does nothing (the grader is not even imported).  With it,
pytest collects nothing from disk; each automatically graded task becomes one item named
after its file and function (``3-mini_batch.py::create_mini_batches``).  The first item runs
the same grading as ``grader check PATH --public-only`` for all of them (one harness run), and
each item fails with that report's text for its task.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

_SESSION = pytest.StashKey["GradingSession"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("grader", "grading a submission of the Optimization assignment")
    group.addoption("--submission", metavar="PATH",
                    help="grade the public cases of this submission (folder, zip or task file) "
                         "instead of collecting tests")
    group.addoption("--submission-tasks", metavar="LIST",
                    help="with --submission: tasks to grade, e.g. 0,9 or 0-3 (default: 0 to 14)")
    group.addoption("--submission-timeout", metavar="SECONDS", type=float,
                    help="with --submission: wall-time limit per task "
                         "(default: 10 numpy, 60 TensorFlow)")


class GradingFault(Exception):
    """The grader itself failed; shown as such, never as the student's mistake."""


class TaskFailed(Exception):
    """A task did not pass; its argument is the report text of the task."""


class GradingSession:
    """One submission graded once, on the first item's demand; made only with --submission."""

    def __init__(self, config: pytest.Config, given: str) -> None:
        from checks.tasks import TASKS
        from grader import grading, runner, submission

        self.tasks, self.grade = TASKS, grading.grade
        self.path = Path(config.invocation_params.dir, given)
        try:  # an unreadable submission is a usage error, said before anything runs
            submission.load(self.path, {task.file for task in TASKS.values()})
        except submission.SubmissionError as exc:
            raise pytest.UsageError(f"--submission: cannot read the submission: {exc}") from None
        chosen = tuple(TASKS)
        if config.getoption("submission_tasks"):
            try:
                chosen = grading.parse_task_list(config.getoption("submission_tasks"))
            except ValueError as exc:
                raise pytest.UsageError(f"--submission-tasks: {exc}") from None
        limits, timeout = runner.Limits(), config.getoption("submission_timeout")
        if timeout:
            limits = dataclasses.replace(limits, timeout_numpy=timeout, timeout_tf=timeout)
        self.options = grading.Options(tasks=tuple(n for n in chosen if n in TASKS),
                                       public_only=True, limits=limits)
        self.report = None
        self.fault: str | None = None

    def result(self, task_id: int):
        """The TaskResult of task_id, grading every chosen task on the first call."""
        from grader import expected, kit, runner, sandbox

        if self.report is None and self.fault is None:
            try:
                chosen = sandbox.create(kit.default_sandbox(), self.options.limits)
                options = dataclasses.replace(self.options, sandbox=chosen)
                self.report = self.grade(self.path, options)
            except (expected.ExpectedOutputsError, runner.HarnessError, sandbox.SandboxError) as exc:
                self.fault = f"internal problem of the grader, not your code's fault: {exc}"
        if self.fault:
            raise GradingFault(self.fault)
        return next(t for t in self.report.tasks if t.task == task_id)

    def render(self, result) -> str:
        from checks.results import Report
        from grader import report

        return report.render(Report(tasks=[result]))


def pytest_configure(config: pytest.Config) -> None:
    given = config.getoption("submission")
    if given:
        config.stash[_SESSION] = GradingSession(config, given)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """With --submission, nothing on disk is collected: the submission is the only test."""
    return True if _SESSION in config.stash else None


@pytest.hookimpl(tryfirst=True)  # before -k and -m deselect, so that they apply to these items
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: list[pytest.Item]) -> None:
    grading = config.stash.get(_SESSION, None)
    if grading is None:
        return
    items.clear()  # anything named on the command line is not what --submission asks for
    for task_id in grading.options.tasks:
        task = grading.tasks[task_id]
        collector = TaskFile.from_parent(session, name=task.file, nodeid=_nodeid(config, task.file),
                                         task=task, grading=grading)
        items.extend(session.genitems(collector))  # reported as collected, like any file


def pytest_collection_finish(session: pytest.Session) -> None:
    """Grade only the tasks whose items are left once -k, -m and the like have deselected."""
    grading = session.config.stash.get(_SESSION, None)
    if grading is not None:
        kept = tuple(item.parent.task.id for item in session.items if isinstance(item, TaskItem))
        grading.options = dataclasses.replace(grading.options, tasks=kept)


def _nodeid(config: pytest.Config, name: str) -> str:
    """An id that pytest shows as just name, as if the file were in the current folder.

    Ids are relative to the rootdir, which pytest may have put elsewhere (the PATH after
    --submission counts when it looks for one); pytest shows them relative to the current
    folder, so an absolute id is shown right too."""
    here = Path(config.invocation_params.dir, name)
    try:
        return here.relative_to(config.rootpath).as_posix()
    except ValueError:
        return here.as_posix()


class TaskFile(pytest.Collector):
    """One task's file in the submission; its one item grades the task."""

    def __init__(self, *, task, grading: GradingSession, **kwargs) -> None:
        super().__init__(**kwargs)
        self.task, self.grading = task, grading

    def collect(self):
        yield TaskItem.from_parent(self, name=self.task.function)


class TaskItem(pytest.Item):
    """Passes when every public check of the task passes (the task's status is ``passed``)."""

    def runtest(self) -> None:
        result = self.parent.grading.result(self.parent.task.id)
        if result.status != "passed":  # the text says what failed, and what the code printed
            raise TaskFailed(self.parent.grading.render(result))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, (TaskFailed, GradingFault)):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.parent.grading.path, None, f"task {self.parent.task.id}: {self.parent.task.file}"


def pytest_report_header(config: pytest.Config) -> str | None:
    grading = config.stash.get(_SESSION, None)
    if grading is None:
        return None
    return (f"grading the public cases of {grading.path} "
            "(the server also runs hidden cases, which count too)")


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    grading = config.stash.get(_SESSION, None)
    if grading is None or grading.report is None:
        return
    terminalreporter.write_sep("-", "grader")
    terminalreporter.write_line(f"Score on the public cases: {grading.report.score:.2f} / "
                                f"{grading.report.max_score:.2f}")
