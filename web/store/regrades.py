"""A regrade of the whole class as a batch: marking it, and how far it has come (n of N done)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.store.models import Submission, utcnow


def mark_batch(session: Session, numbers: list[int]) -> None:
    """Tag the submissions just marked for regrading (review_data.request_regrade) with one
    batch, so progress counts this regrade only (not committed)."""
    batch = {"at": utcnow().isoformat(), "total": len(numbers)}
    for submission in session.scalars(select(Submission).where(Submission.id.in_(numbers))):
        submission.regrade = {**(submission.regrade or {}), "batch": batch}


def progress(session: Session) -> dict:
    """The newest batch's progress: total, done, failed (a grader fault) and whether it still
    runs.  A regraded submission drops its mark when graded, so what still carries it is what
    is left; nothing left: no batch running."""
    marked = [(status, asked["batch"]) for status, asked in session.execute(
        select(Submission.status, Submission.regrade).where(
            Submission.status.in_(("queued", "running", "fault"))))
        if isinstance(asked, dict) and isinstance(asked.get("batch"), dict)]
    if not marked:
        return {"running": False, "total": 0, "done": 0, "failed": 0}
    newest = max(batch["at"] for _, batch in marked)
    mine = [(status, batch) for status, batch in marked if batch["at"] == newest]
    left = sum(1 for status, _ in mine if status in ("queued", "running"))
    failed = len(mine) - left
    total = int(mine[0][1].get("total", len(mine)))
    return {"running": left > 0, "total": total, "done": max(total - len(mine), 0),
            "failed": failed, "left": left}
