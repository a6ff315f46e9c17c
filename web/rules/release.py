"""When students see hidden cases' results and manual grades, and what they see until then.

Pure: plain values in, plain values out (no database, no clock).  The course chooses one rule
for both (as Gradescope's ``after_published``): shown at once, or after the deadline, that is
the student's own deadline (the course's, moved back by their grace days and extension), so a
student with an extension cannot learn the hidden cases' verdicts from a classmate's earlier
release any sooner than from their own.  Without a deadline there is nothing to wait for, and
everything is shown.

While results are withheld a student sees the public and style checks only: each task's score
and maximum are those checks' own, its status is judged from them alone, and the points of the
hidden checks are named as withheld, never their verdicts.  The total they are shown is the
points of those visible checks of the counted submission, after its late penalty, plus the
manual grade once it is released: exactly the numbers on the page, never the withheld ones.
Staff always see everything.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from web.rules.latepolicy import penalised
from web.rules.times import iso

AT_ONCE = "at_once"
AFTER_DEADLINE = "after_deadline"
MODES = {AT_ONCE: "at once", AFTER_DEADLINE: "after the deadline"}
_JUDGED = ("passed", "partial", "failed")  # statuses the checks decide (not missing, error, manual)


def released(mode: str, due: datetime | None, now: datetime) -> bool:
    """Whether hidden results and manual grades are shown to a student whose deadline is due."""
    if mode != AFTER_DEADLINE or due is None:
        return True
    return now > due


@dataclass(frozen=True)
class Withheld:
    """What a student is not shown yet: the hidden checks' points, and until when."""

    points: float          # the hidden checks' maximum, summed
    checks: int
    until: datetime | None

    def to_dict(self) -> dict:
        return {"max_score": self.points, "checks": self.checks,
                "until": iso(self.until)}


def _status(result: dict, checks: list[dict]) -> str:
    status = str(result.get("status", ""))
    if status not in _JUDGED or not checks:
        return status
    if all(c.get("passed") for c in checks):
        return "passed"
    return "partial" if any(float(c.get("score") or 0) > 0 for c in checks) else "failed"


def withhold(result: dict, until: datetime | None, hidden_note: str = "") -> dict:
    """A task's result (already the student's view) without its hidden checks: score, maximum
    and status from the visible checks alone, and ``withheld`` naming the hidden points.
    hidden_note is the line a stopped hidden run adds to the message (removed too)."""
    hidden = [c for c in result.get("checks", []) if c.get("visibility") == "hidden"]
    if not hidden:
        return result
    shown = [c for c in result.get("checks", []) if c.get("visibility") != "hidden"]
    message = str(result.get("message", ""))
    if hidden_note:
        message = "\n".join(line for line in message.splitlines() if line != hidden_note)
    points = round(sum(float(c.get("max_score") or 0) for c in hidden), 4)
    return {**result, "checks": shown, "message": message, "status": _status(result, shown),
            "score": round(sum(float(c.get("score") or 0) for c in shown), 4),
            "max_score": round(float(result.get("max_score") or 0) - points, 4),
            "withheld": Withheld(points, len(hidden), until).to_dict()}


def points(results: list[dict]) -> tuple[float, float, float]:
    """(score, maximum, withheld points) over task results as shown (withheld or not)."""
    score = round(sum(float(r.get("score") or 0) for r in results), 4)
    maximum = round(sum(float(r.get("max_score") or 0) for r in results), 4)
    held = round(sum(float((r.get("withheld") or {}).get("max_score") or 0) for r in results), 4)
    return score, maximum, held


@dataclass(frozen=True)
class Shown:
    """A student's standing as they are shown it: while withheld, the visible checks' points of
    the counted submission after its late penalty, and no manual grade."""

    released: bool
    until: datetime | None
    automatic: float | None       # tasks 0-14, before the late penalty
    after_penalty: float | None
    manual: object | None         # the grade book's Manual, None until released (or graded)
    withheld_points: float        # the hidden checks' points not counted yet
    total: float


def shown(row, is_released: bool, until: datetime | None,
          visible: tuple[float, float] | None = None) -> Shown:
    """The grade book's row as the student is shown it; visible is (score, withheld points) of
    the counted submission's tasks 0-14 with hidden checks withheld (unused once released)."""
    if is_released or row.submission is None or visible is None:
        automatic, held = row.automatic, 0.0
    else:
        automatic, held = visible
    after = penalised(automatic, row.late) if automatic is not None and row.late else automatic
    manual = row.manual if is_released else None
    total = round((after or 0.0) + (manual.score if manual else 0.0), 4)
    return Shown(is_released, until, automatic, after, manual, held, total)
