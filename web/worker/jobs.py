"""Grading one stored submission on a worker: claim it, grade it in the sandbox, store what it got.

Idempotent, so the queue may deliver a submission twice: a submission is graded by the one
queue message that claimed it (its id is stored in ``claim``); another message for it finds it
claimed and does nothing, and a redelivery of the same message (its worker died) takes over.
Every write after the claim is conditional on the claim and the attempt number, so a grading
that lost its claim can never overwrite the one that took over.

Faults, by whose they are.  Results are shown task by task as they finish, so a grading that
stops midway has already shown some.  A fault of the grader's own (no sandbox, a harness that
does not start, stale expected outputs, the database) is retried, then left as ``fault`` for
staff: never a score of zero, and free for the student's quota, unless some result of it was
shown (``Submission.shown``): what a student saw of a grading is never free.  Any other fault
once results were shown is the submission's doing (its code broke the grading after other
tasks reported): it is graded at once with the tasks that finished, the others marked as
stopped, and counts like any graded submission.
"""
from __future__ import annotations

import dataclasses
import logging
import os
import socket
from datetime import timedelta

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session

from sqlalchemy.exc import SQLAlchemyError

from checks.results import TaskRun
from checks.tasks import TASKS
from grader import expected, grading, submission
from grader.runner import HarnessError
from grader.sandbox import Sandbox, SandboxError
from web.rules import visibility
from web.store import review_data
from web.store.models import Submission, SubmissionFile, SubmissionPlot, TaskOutcome, utcnow

log = logging.getLogger(__name__)
# faults of the grader's own, whenever they happen: retried, never blamed on the submission
GRADERS_OWN = (SandboxError, HarnessError, expected.ExpectedOutputsError, SQLAlchemyError)
UNFINISHED = ("the grading stopped before this task finished: the submission's code broke the "
              "grading, so it is graded with the tasks that finished")


class Unavailable(Sandbox):
    """Stands for a sandbox that could not be made on this worker: using it raises why."""

    def __init__(self, error: Exception):
        super().__init__()
        self.error = error

    def start(self, tensorflow: bool):
        raise self.error


@dataclasses.dataclass(frozen=True)
class Claim:
    submission_id: int
    message: str   # the queue message's id
    attempt: int

    def mine(self):
        return and_(Submission.id == self.submission_id, Submission.claim == self.message,
                    Submission.attempts == self.attempt, Submission.status == "running")


def claim(session: Session, submission_id: int, message: str, stale_seconds: int,
          max_attempts: int) -> Claim | None:
    """Take the submission for this message, or None if it is graded, or claimed by another
    message that is still within its time."""
    stale = utcnow() - timedelta(seconds=stale_seconds)
    takeover = or_(Submission.claim == message, Submission.started_at < stale)
    claimable = and_(Submission.id == submission_id,
                     or_(Submission.status == "queued",
                         and_(Submission.status == "running", takeover)))
    lost = session.scalar(select(Submission.attempts).where(
        claimable, Submission.status == "running", Submission.attempts >= max_attempts))
    if lost is not None:  # its worker died every time: a grader fault, not a zero
        session.execute(update(Submission).where(claimable).values(
            status="fault", claim="", finished_at=utcnow(),
            fault=f"the worker grading it stopped {lost} times (killed, or out of memory)"))
        session.execute(delete(TaskOutcome).where(TaskOutcome.submission_id == submission_id))
        session.commit()
        return None
    taken = session.execute(update(Submission).where(claimable).values(
        status="running", claim=message, attempts=Submission.attempts + 1, started_at=utcnow(),
        worker=f"{socket.gethostname()} {os.getpid()}"[:200]))
    if taken.rowcount != 1:
        session.rollback()
        return None
    # what an earlier attempt stored is from a grading that did not finish
    session.execute(delete(TaskOutcome).where(TaskOutcome.submission_id == submission_id))
    attempt = session.scalar(select(Submission.attempts).where(Submission.id == submission_id))
    session.commit()
    return Claim(submission_id, message, attempt)


def _outcome_rows(claimed: Claim, results: list, runs: dict[int, TaskRun]) -> list[TaskOutcome]:
    rows = []
    for result in results:
        task = TASKS.get(result.task)
        document = (visibility.with_student_messages(result, runs.get(result.task), task)
                    if task else result.to_dict())
        rows.append(TaskOutcome(submission_id=claimed.submission_id, task=result.task,
                                result=document))
    return rows


def _store_early(session: Session, claimed: Claim, result, run: TaskRun) -> bool:
    """One task's result while the others run, if the claim still holds; the submission is
    marked as shown in the same transaction, so it counts from the moment the student can see it."""
    marked = session.execute(update(Submission).where(claimed.mine()).values(shown=True))
    if marked.rowcount != 1:
        session.rollback()
        return False
    session.execute(delete(TaskOutcome).where(TaskOutcome.submission_id == claimed.submission_id,
                                              TaskOutcome.task == result.task))
    session.add_all(_outcome_rows(claimed, [result], {result.task: run}))
    session.commit()
    return True


def _store_final(session: Session, claimed: Claim, report, runs: dict, fault: str = "") -> bool:
    finished = session.execute(update(Submission).where(claimed.mine()).values(
        status="done", score=report.score, max_score=report.max_score, finished_at=utcnow(),
        fault=fault, shown=True))
    if finished.rowcount != 1:  # another message took over: its grading is the one kept
        session.rollback()
        return False
    review_data.finish_regrade(session, claimed.submission_id, report)  # audited with the scores
    session.execute(delete(TaskOutcome).where(TaskOutcome.submission_id == claimed.submission_id))
    session.add_all(_outcome_rows(claimed, report.tasks, runs))
    _store_plots(session, claimed, getattr(report, "plots", None) or {})
    session.commit()
    return True


def _store_plots(session: Session, claimed: Claim, drawn: dict[str, bytes]) -> None:
    """The public cases' plots (grader/plots.py), kept with the results, alt text included."""
    from grader.plots import PLOTS  # matplotlib is imported only when plots are stored
    session.execute(delete(SubmissionPlot).where(SubmissionPlot.submission_id == claimed.submission_id))
    for task, plot in sorted(PLOTS.items()):
        if plot.name in drawn:
            session.add(SubmissionPlot(submission_id=claimed.submission_id, task=task,
                                       name=plot.name, png=drawn[plot.name],
                                       alt=f"{plot.title}: your values drawn over the reference's, "
                                           f"{plot.ylabel} against {plot.xlabel}"))


def _record_fault(session: Session, claimed: Claim, error: Exception, final: bool) -> None:
    session.rollback()
    text = f"{type(error).__name__}: {error}"[:4000]
    session.execute(update(Submission).where(claimed.mine()).values(
        status="fault" if final else "queued", fault=text, claim="" if final else claimed.message,
        finished_at=utcnow() if final else None))
    session.execute(delete(TaskOutcome).where(TaskOutcome.submission_id == claimed.submission_id))
    session.commit()


def _grade(session: Session, claimed: Claim, sandbox: Sandbox) -> bool:
    files = dict(session.execute(select(SubmissionFile.name, SubmissionFile.data).where(
        SubmissionFile.submission_id == claimed.submission_id)).all())
    stored = submission.Submission(files=files, origin=f"submission {claimed.submission_id}")
    options = grading.Options()
    tasks = grading.selected(options)
    wanted = {task.id: expected.load(task) for task in tasks}

    shown: dict[int, TaskRun] = {}

    def early(run: TaskRun) -> None:
        try:
            alone = dataclasses.replace(options, tasks=(run.task,))
            result = grading.score(stored, [TASKS[run.task]], {run.task: run}, wanted,
                                   alone).tasks[0]
            if _store_early(session, claimed, result, run):
                shown[run.task] = run
        except Exception:  # noqa: BLE001 - showing progress must never stop grading
            log.exception("could not store the early result of task %s", run.task)

    try:
        runs = grading.run(stored, tasks, dataclasses.replace(options, sandbox=sandbox), early)
        report, fault = grading.score(stored, tasks, runs, wanted, options), ""
    except GRADERS_OWN:
        raise
    except Exception as error:  # noqa: BLE001 - whatever the submission's code made of the grading
        if not shown:
            raise
        log.warning("submission %s broke its grading after %s tasks were shown: %r",
                    claimed.submission_id, len(shown), error)
        runs = {**{task.id: TaskRun(task=task.id, load="ok", stopped=UNFINISHED)
                   for task in tasks if task.file in stored.files}, **shown}
        report = grading.score(stored, tasks, runs, wanted, options)
        fault = f"graded with the tasks that finished: {type(error).__name__}: {error}"[:4000]
    report.plots = _drawn(tasks, runs, wanted)
    return _store_final(session, claimed, report, runs, fault)


def _drawn(tasks: list, runs: dict, wanted: dict) -> dict[str, bytes]:
    """The public cases' plots for the student's page; a plot that cannot be drawn is left out
    (the grading itself is sound, and a missing picture is no reason to grade again)."""
    try:
        from grader import plots  # matplotlib is imported only here
        return plots.draw(tasks, runs, wanted)
    except Exception:  # noqa: BLE001 - see above
        log.exception("could not draw the plots")
        return {}


def grade(session: Session, submission_id: int, message: str, sandbox: Sandbox, config) -> str:
    """Grade the submission for this queue message: 'done', 'skipped' (graded or claimed
    elsewhere), 'superseded', 'retry' (a grader fault; send again later) or 'fault'."""
    claimed = claim(session, submission_id, message, config["VISIBILITY_SECONDS"],
                    config["GRADING_ATTEMPTS"])
    if claimed is None:
        return "skipped"
    try:
        return "done" if _grade(session, claimed, sandbox) else "superseded"
    except Exception as error:  # noqa: BLE001 - every fault of the grader, and bugs of ours
        log.exception("grading submission %s failed (attempt %s)", submission_id, claimed.attempt)
        final = claimed.attempt >= config["GRADING_ATTEMPTS"]
        _record_fault(session, claimed, error, final)
        return "fault" if final else "retry"
