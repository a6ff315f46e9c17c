"""The per-student limit on submissions: how many are left in the sliding window, and when one frees."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.models import Submission, User, utcnow


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
    """The user's quota now.  Instructors have none; a submission the grader could not grade
    (fault) does not count, since it was not the student's doing."""
    limit = 0 if user.is_instructor else config["SUBMISSIONS_PER_WINDOW"]
    window = config["WINDOW_SECONDS"]
    since = utcnow() - timedelta(seconds=window)
    times = session.scalars(
        select(Submission.created_at).where(Submission.user_id == user.id,
                                            Submission.created_at > since,
                                            Submission.status != "fault")
        .order_by(Submission.created_at)).all()
    # the submission whose leaving the window brings the count under the limit
    freeing = times[max(len(times) - limit, 0)] if times and limit else None
    return Quota(limit=limit, used=len(times), window_seconds=window,
                 next_free=freeing + timedelta(seconds=window) if freeing else None)
