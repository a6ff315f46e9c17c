"""Putting a stored submission on the queue (Celery), and putting back the ones the queue lost."""
from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from web.store.models import Submission, utcnow

log = logging.getLogger(__name__)


def enqueue(submission_id: int, regrade: bool = False) -> bool:
    """Queue a submission for grading by its id, on the regrade queue if staff asked for it
    again (web/worker/celery_app.py: workers serve the live queue first); False if the broker
    cannot be reached (it stays queued in the database and requeue_waiting sends it again)."""
    from web.worker.celery_app import LIVE, REGRADE
    from web.worker.tasks import grade_submission
    try:
        grade_submission.apply_async((submission_id,), queue=REGRADE if regrade else LIVE,
                                     retry=True,
                                     retry_policy={"max_retries": 2, "interval_start": 0.5})
    except Exception:  # noqa: BLE001 - kombu's connection errors differ by transport
        log.exception("could not queue submission %s", submission_id)
        return False
    return True


def requeue_waiting(session: Session, stale_seconds: int) -> list[int]:
    """Send again every submission still queued, and those running for longer than any grading
    takes: run when a worker starts, so that a message the broker lost (a restart without
    persistence) is not waited for forever.  A submission sent twice is graded once (jobs.py)."""
    stale = utcnow() - timedelta(seconds=stale_seconds)
    waiting = session.execute(select(Submission.id, Submission.regrade).where(or_(
        Submission.status == "queued",
        and_(Submission.status == "running", Submission.started_at < stale))
    ).order_by(Submission.id)).all()
    return [number for number, asked in waiting if enqueue(number, regrade=asked is not None)]
