"""The per-student limit on submissions: how many are left in the sliding window, and when one frees.

The limit is the course settings' (set by instructors on the review pages), else
GRADER_SUBMISSIONS_PER_WINDOW.  ``reserve`` makes the check and the insert that follows it one
step: it locks the student's row first, so two uploads sent at once cannot both pass the check.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from web.store.models import CourseSettings, Submission, User, utcnow


@dataclass(frozen=True)
class Quota:
    limit: int                   # 0: no limit
    used: int
    window_seconds: int
    next_free: datetime | None   # when the oldest counted submission leaves the window

    @property
    def left(self) -> int | None:
        return None if not self.limit else max(self.limit - self.used, 0)

    def describe(self) -> str:
        """For the upload page, before the student uploads."""
        if self.left is None:
            return "There is no limit on submissions."
        window = _duration(self.window_seconds)
        text = f"You have {self.left} of {self.limit} submissions left in any {window}."
        if self.next_free and self.left < self.limit:
            wait = max(int((self.next_free - utcnow()).total_seconds()), 0)
            text += f" The next one frees up in {_duration(wait)}."
        return text


def _duration(seconds: int) -> str:
    if seconds >= 3600 and seconds % 3600 == 0:
        return "hour" if seconds == 3600 else f"{seconds // 3600} hours"
    minutes = max(-(-seconds // 60), 1)
    return f"{minutes} minute{'s' * (minutes != 1)}"


def of(session: Session, user: User, config) -> Quota:
    """The user's quota now.  Instructors have none.  A submission the grader could not grade
    (fault) does not count, since it was not the student's doing, unless the student saw some
    of its results first: what a student saw of a grading is never free (web/worker/jobs.py)."""
    limit = 0 if user.is_instructor else limit_of(session, config)
    window = config["WINDOW_SECONDS"]
    since = utcnow() - timedelta(seconds=window)
    times = session.scalars(
        select(Submission.created_at).where(Submission.user_id == user.id,
                                            Submission.created_at > since,
                                            or_(Submission.status != "fault",
                                                Submission.shown.is_(True)))
        .order_by(Submission.created_at)).all()
    # the submission whose leaving the window brings the count under the limit
    freeing = times[max(len(times) - limit, 0)] if times and limit else None
    return Quota(limit=limit, used=len(times), window_seconds=window,
                 next_free=freeing + timedelta(seconds=window) if freeing else None)


def limit_of(session: Session, config) -> int:
    """Submissions per window for students: the course's own limit if an instructor set one."""
    chosen = session.scalar(select(CourseSettings.submissions_per_window)
                            .order_by(CourseSettings.id).limit(1))
    return config["SUBMISSIONS_PER_WINDOW"] if chosen is None else chosen


def _lock(session: Session, user_id: int) -> None:
    """Hold the user's row until the transaction ends; another upload by them waits here."""
    if session.get_bind().dialect.name == "sqlite":
        # SQLite locks the whole database, not rows: a write as the transaction's first
        # statement takes its write lock (what BEGIN IMMEDIATE does), before anything is counted
        session.execute(update(User).where(User.id == user_id).values(id=User.id))
    else:
        session.execute(select(User.id).where(User.id == user_id).with_for_update())


def reserve(session: Session, user: User, config) -> Quota:
    """The quota, counted in a fresh transaction that holds the user's lock: the caller adds the
    submission and commits (or rolls back) in it, so no other upload of theirs counts meanwhile."""
    session.commit()  # whatever was read before is not part of the locked transaction
    _lock(session, user.id)
    return of(session, user, config)
