"""The late policy: a student's own deadline, how many days late a submission is, and its penalty.

Pure: plain values in, plain values out (no database, no clock).  Times are naive UTC, as stored.
A student's deadline is the course's, moved back by their grace days (the course default unless
they have their own) and by any extension an instructor granted.  Every started day after it
counts as a whole day late; each costs ``penalty_per_day`` percent of the submission's automatic
score, never more than all of it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

DAY = timedelta(days=1)


@dataclass(frozen=True)
class Policy:
    """The course's rule: its deadline (None: none), the percent lost per day late, grace days."""

    deadline: datetime | None = None
    penalty_per_day: float = 10.0
    grace_days: int = 0


@dataclass(frozen=True)
class Terms:
    """One student's exceptions: days of extension, and their own grace days (None: the course's)."""

    extension_days: int = 0
    grace_days: int | None = None


@dataclass(frozen=True)
class Lateness:
    due: datetime | None  # this student's deadline
    days_late: int
    penalty: float        # fraction of the automatic score lost, 0 to 1

    @property
    def percent(self) -> float:
        return round(100 * self.penalty, 2)


def due(policy: Policy, terms: Terms = Terms()) -> datetime | None:
    """The student's own deadline."""
    if policy.deadline is None:
        return None
    grace = policy.grace_days if terms.grace_days is None else terms.grace_days
    try:
        return policy.deadline + (grace + terms.extension_days) * DAY
    except OverflowError:  # past the calendar's end (or before its start): as far as it goes
        return datetime.max if grace + terms.extension_days > 0 else datetime.min


def lateness(submitted_at: datetime, policy: Policy, terms: Terms = Terms()) -> Lateness:
    """How late a submission made at submitted_at is for this student, and what it costs."""
    deadline = due(policy, terms)
    if deadline is None or submitted_at <= deadline:
        return Lateness(deadline, 0, 0.0)
    days = math.ceil((submitted_at - deadline) / DAY)  # a started day counts whole
    return Lateness(deadline, days, min(days * policy.penalty_per_day / 100, 1.0))


def penalised(score: float, late: Lateness) -> float:
    """The score once the late penalty is taken off."""
    return round(score * (1 - late.penalty), 4)
