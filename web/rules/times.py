"""Times as the CSV grade book and the API give them: ISO 8601 in UTC, to the second, with 'Z'.

Seconds, not microseconds: a spreadsheet or an LMS reads 2026-12-02T08:13:44Z as it is, and
no time this service records means anything finer (a grading takes seconds).  Stored times are
naive UTC (web/store/models.py), so the 'Z' is added; an aware time is converted first.
"""
from __future__ import annotations

from datetime import datetime, timezone

FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def iso(moment: datetime | None) -> str | None:
    """2026-12-02T08:13:44Z for a naive UTC time or an aware one; None for None."""
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime(FORMAT)
