"""Where a student stands: their deadline and time left, which submission counts and its late
penalty, task 15's grade and comment, and the total, from the grade book's own row, as the
course's release rule lets them see it (web/rules/release.py).

The numbers are the grade book's (web/rules/gradebook.py, read through web/store/review_data.py),
so once results are released a student sees exactly what the class view, the CSV and the API say
about them; while they are withheld, the visible checks' points only (``Standing.shown``).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from checks.tasks import MANUAL_TASK
from web.rules import gradebook, latepolicy, release, visibility
from web.store import review_data
from web.store.models import Submission, utcnow


@dataclass(frozen=True)
class Standing:
    due: datetime | None           # this student's own deadline (naive UTC)
    left: timedelta | None         # time left before it (negative: past)
    grace_days: int                # theirs, or the course's
    own_grace: bool                # an instructor gave them their own grace days
    extension_days: int
    penalty_per_day: float
    counted_rule: str              # latest | best
    row: gradebook.Row
    # what the student is shown of it: everything once released (web/rules/release.py)
    shown: release.Shown | None = None
    release_mode: str = release.AT_ONCE

    @property
    def withheld_until(self) -> datetime | None:
        """Until when hidden results, the manual grade and line comments wait for this viewer;
        None when they are shown (always for staff, and without a deadline)."""
        return None if self.shown is None or self.shown.released else self.shown.until

    @property
    def counted(self) -> int | None:
        return self.row.submission.id if self.row.submission else None

    @property
    def max_total(self) -> float:
        return gradebook.MAX_TOTAL

    @property
    def manual_task(self) -> int:
        return MANUAL_TASK

    @property
    def manual_max(self) -> float:
        return gradebook.MANUAL_MAX

    def time_left(self) -> str:
        """'2 days 3 hours left', 'closed 5 hours ago', or '' without a deadline."""
        if self.left is None:
            return ""
        span = abs(self.left)
        days, hours = span.days, span.seconds // 3600
        minutes = (span.seconds % 3600) // 60
        parts = ([f"{days} day{'s' * (days != 1)}"] if days else []) + \
                ([f"{hours} hour{'s' * (hours != 1)}"] if hours or days else []) + \
                ([] if days else [f"{minutes} minute{'s' * (minutes != 1)}"])
        text = " ".join(parts[:2])
        return f"{text} left" if self.left >= timedelta(0) else f"passed {text} ago"


def _seen(submission: Submission, until: datetime | None) -> list[dict]:
    """The results of a submission's tasks 0-14 as its student sees them while hidden results
    are withheld."""
    return [visibility.for_student(outcome.result, False, until)
            for outcome in submission.results if outcome.task in gradebook.AUTO_TASKS]


def visible_points(submission: Submission, until: datetime | None) -> tuple[float, float, float]:
    """(score, maximum, withheld points) of a submission's tasks 0-14 while withheld."""
    return release.points(_seen(submission, until))


def _visible_cells(submission: Submission, until: datetime | None) -> dict[int, gradebook.Cell]:
    return {int(seen["task"]): gradebook.Cell(float(seen.get("score") or 0),
                                              float(seen.get("max_score") or 0),
                                              str(seen.get("status", "")))
            for seen in _seen(submission, until)}


def _row_as_seen(session: Session, row: gradebook.Row, until: datetime | None) -> gradebook.Row:
    """The row with the submission that counts chosen by the points the student sees.  Under
    the 'best' rule the grade book's choice weighs the hidden cases too: showing it while they
    are withheld would tell the student which of two submissions did better on them."""
    seen = [dataclasses.replace(graded, tasks=_visible_cells(session.get(Submission, graded.id), until))
            for graded in review_data.graded(session, row.student.id)]
    manual = {row.student.id: row.manual} if row.manual else {}
    return gradebook.rows([row.student], seen, review_data.course(session),
                          review_data.all_terms(session), manual)[0]


def of(session: Session, student_id: int, now: datetime | None = None,
       staff: bool = False) -> Standing | None:
    """The student's standing now; None for an account that is not a student's.  staff (an
    instructor looking) are shown everything, whatever the release rule says."""
    row = review_data.row_of(session, student_id)
    if row is None:
        return None
    settings = review_data.settings_row(session)
    terms = review_data.all_terms(session).get(student_id, latepolicy.Terms())
    policy = latepolicy.Policy(settings.deadline, settings.penalty_per_day, settings.grace_days)
    due = latepolicy.due(policy, terms)
    now = now or utcnow()
    shown = staff or release.released(settings.release, due, now)
    visible = None
    if not shown and settings.counted == "best":
        row = _row_as_seen(session, row, due)
    if not shown and row.submission:
        score, _, held = visible_points(session.get(Submission, row.submission.id), due)
        visible = (score, held)
    return Standing(due=due, left=(due - now) if due else None,
                    grace_days=policy.grace_days if terms.grace_days is None else terms.grace_days,
                    own_grace=terms.grace_days is not None, extension_days=terms.extension_days,
                    penalty_per_day=settings.penalty_per_day, counted_rule=settings.counted, row=row,
                    shown=release.shown(row, shown, due, visible), release_mode=settings.release)
