"""Task 15's grading queue: who is graded next, in a stable order through the class.

Pure: the grade book's rows in, rows out.  The order is the class view's default one (name,
then e-mail), so the instructor walks the class as the table lists it; only students whose
counted submission has no task-15 grade wait.  A student skipped stays in the queue, after
the others.
"""
from __future__ import annotations

from web.rules.gradebook import Row


def _order(row: Row) -> tuple[str, str]:
    return ((row.student.name or row.student.email).lower(), row.student.email)


def waiting(rows: list[Row]) -> list[Row]:
    """Every student with a counted submission and no task-15 grade, in the queue's order."""
    return sorted((row for row in rows if row.submission is not None and row.manual is None),
                  key=_order)


def next_ungraded(rows: list[Row], after: int | None = None) -> Row | None:
    """The next student to grade: the first waiting one after the student whose id is after
    (in the queue's order), else the first waiting one from the start; None when none is left."""
    queue = waiting(rows)
    if not queue:
        return None
    current = next((row for row in rows if row.student.id == after), None)
    if current is not None:
        later = [row for row in queue if _order(row) > _order(current)]
        if later:
            return later[0]
    return queue[0]
