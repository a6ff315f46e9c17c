"""A submission as its pages show it: where it is in the queue, and each task's result so far."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from web.rules import release, visibility
from web.rules.times import iso
from web.store.models import Submission, utcnow

RECENT = 20  # gradings averaged for the estimate

MESSAGES = {
    "queued": "Waiting in the queue.",
    "running": "Being graded: tasks appear below as they finish.",
    "done": "Graded.",
    "fault": "The grader itself had a problem with this submission; this is not your code's "
             "fault and no score was recorded. Staff can see it and will grade it again.",
}
# after a grader fault: whether it used one of the student's submissions (web/store/quota.py)
FAULT_QUOTA = {
    False: " It does not count toward your submission limit.",
    True: " It counts toward your submission limit, because some of its results were shown "
          "while it ran.",
}


def seconds_per_grading(session: Session) -> float | None:
    """The mean time of the recent gradings, None before any."""
    recent = session.execute(select(Submission.started_at, Submission.finished_at)
                             .where(Submission.status == "done", Submission.started_at.is_not(None),
                                    Submission.finished_at.is_not(None))
                             .order_by(Submission.id.desc()).limit(RECENT)).all()
    if not recent:
        return None
    return sum((end - start).total_seconds() for start, end in recent) / len(recent)


def _queue_place(session: Session, submission: Submission) -> dict:
    """Only what is really ahead: workers take every live submission before any regrade
    (web/worker/celery_app.py), so a live one waits behind older live ones only, and a regrade
    behind every live one and the older regrades."""
    waiting = session.execute(select(Submission.id, Submission.regrade)
                              .where(Submission.status == "queued")).all()
    live = [number for number, asked in waiting if not asked]
    if submission.regrade:
        ahead = len(live) + sum(1 for number, asked in waiting if asked and number < submission.id)
    else:
        ahead = sum(1 for number in live if number < submission.id)
    running = session.scalar(select(func.count()).select_from(Submission)
                             .where(Submission.status == "running"))
    each = seconds_per_grading(session)
    # the ones running show how many workers there are, at least one; a live submission waits
    # for one of them to finish, regrade or not
    estimate = None if each is None else round(each * (ahead + 1) / max(running, 1))
    return {"place": ahead + 1, "estimate_seconds": estimate}


def _time_left(session: Session, submission: Submission) -> int | None:
    """Seconds a running grading has left, from how long recent gradings took."""
    each = seconds_per_grading(session)
    if each is None or submission.started_at is None:
        return None
    return max(0, round(each - (utcnow() - submission.started_at).total_seconds()))


def _message(submission: Submission) -> str:
    text = MESSAGES[submission.status]
    if submission.status == "fault":
        text += FAULT_QUOTA[bool(submission.shown)]
    return text


def state(session: Session, submission: Submission, staff: bool = False, released: bool = True,
          until: datetime | None = None) -> dict:
    """The JSON of a submission's page; staff also see the grader's faults and unredacted text.
    A student's hidden results wait until released (web/rules/release.py); until then the
    score is the visible checks' and ``withheld`` says how many points wait, and until when."""
    released = released or staff

    def shown(result: dict) -> dict:
        return visibility.for_staff(result) if staff else \
            visibility.for_student(result, released, until)
    document = {
        "id": submission.id, "status": submission.status,
        "message": _message(submission),
        "created_at": iso(submission.created_at), "finished_at": iso(submission.finished_at),
        "score": submission.score, "max_score": submission.max_score,
        "notes": list(submission.notes or []),
        "files": [file.name for file in submission.files],
        # the files completed from an earlier submission (web/students/completion.py): name -> its id
        "taken_from": {file.name: file.taken_from for file in submission.files if file.taken_from},
        "tasks": [shown(outcome.result) for outcome in submission.results],
        "place": None, "estimate_seconds": None,
    }
    if not staff:
        document["released"] = released
    if not released and submission.score is not None:
        score, maximum, held = release.points(document["tasks"])
        document.update(score=score, max_score=maximum, withheld=release.Withheld(
            held, sum((t.get("withheld") or {}).get("checks", 0) for t in document["tasks"]),
            until).to_dict())
    if submission.status == "queued":
        document.update(_queue_place(session, submission))
    elif submission.status == "running":
        document["estimate_seconds"] = _time_left(session, submission)
    if staff:
        document.update(attempts=submission.attempts, fault=submission.fault,
                        worker=submission.worker)
    return document
