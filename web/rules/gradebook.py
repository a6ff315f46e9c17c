"""The grade book: one row per student, built once and shown as the class view, the CSV and the API.

Pure: it takes plain records (students, graded submissions, manual grades, the late policy) and
gives plain rows, so the three views of the same numbers cannot disagree.  A student's counted
submission is their latest graded one, or their best (after its late penalty), as the course
says; submissions still queued, running, or left as a grader fault are never counted (a fault
is not a zero).  The late penalty applies to the counted submission's automatic score; task 15,
graded by hand, is added as the instructor gave it.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from checks.tasks import MANUAL_TASK, TASK_POINTS, TASKS
from web.rules.latepolicy import Lateness, Policy, Terms, lateness, penalised
from web.rules.times import iso

AUTO_TASKS = tuple(sorted(TASKS))
MANUAL_MAX = TASK_POINTS  # task 15 is worth as much as any other task
COUNTED_RULES = ("latest", "best")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets run as a formula


@dataclass(frozen=True)
class Student:
    id: int
    email: str
    name: str = ""


@dataclass(frozen=True)
class Cell:
    """One task of one submission: its score and status as graded."""

    score: float
    max_score: float
    status: str


@dataclass(frozen=True)
class Graded:
    """A graded submission: its time and each task's cell."""

    id: int
    student_id: int
    created_at: datetime
    tasks: dict[int, Cell]

    @property
    def score(self) -> float:
        return round(sum(self.tasks[t].score for t in AUTO_TASKS if t in self.tasks), 4)


@dataclass(frozen=True)
class Manual:
    score: float
    comment: str = ""
    graded_by: str = ""
    rubric: tuple = ()  # the rubric's items as graded, each with "given" (web/rules/rubric.py)


@dataclass(frozen=True)
class Course:
    policy: Policy = Policy()
    counted: str = "latest"


@dataclass(frozen=True)
class Row:
    student: Student
    submission: Graded | None
    submissions: int                  # graded submissions the student has
    late: Lateness | None
    manual: Manual | None
    cells: dict[int, Cell] = field(default_factory=dict)

    @property
    def automatic(self) -> float | None:
        return self.submission.score if self.submission else None

    @property
    def after_penalty(self) -> float | None:
        return penalised(self.automatic, self.late) if self.submission else None

    @property
    def total(self) -> float:
        """What the student gets: the penalised automatic score plus the manual grade."""
        manual = self.manual.score if self.manual else 0.0
        return round((self.after_penalty or 0.0) + manual, 4)

    def to_dict(self) -> dict:
        """The API's record of this row (the CSV has the same values, flattened)."""
        return {
            "student": {"id": self.student.id, "email": self.student.email, "name": self.student.name},
            "submission": self.submission.id if self.submission else None,
            "submitted_at": _time(self.submission.created_at) if self.submission else None,
            "submissions": self.submissions,
            "tasks": {str(task): _cell_dict(self.cells.get(task)) for task in AUTO_TASKS},
            "manual": {"task": MANUAL_TASK, "score": self.manual.score, "max_score": MANUAL_MAX,
                       "comment": self.manual.comment, "graded_by": self.manual.graded_by,
                       "rubric": list(self.manual.rubric)}
            if self.manual else None,
            "automatic": self.automatic,
            "days_late": self.late.days_late if self.late else None,
            "penalty_percent": self.late.percent if self.late else None,
            "due": _time(self.late.due) if self.late and self.late.due else None,
            "total": self.total, "max_total": MAX_TOTAL,
        }


MAX_TOTAL = round(len(AUTO_TASKS) * TASK_POINTS + MANUAL_MAX, 4)


def _time(moment: datetime) -> str:
    return iso(moment)  # ISO 8601, UTC, to the second (web/rules/times.py)


def _cell_dict(cell: Cell | None) -> dict | None:
    return None if cell is None else {"score": cell.score, "max_score": cell.max_score,
                                      "status": cell.status}


def counted(graded: list[Graded], course: Course, terms: Terms) -> Graded | None:
    """The submission that counts: the latest, or the best after its late penalty (the
    latest of equals, so a resubmission that does no better changes nothing)."""
    if not graded:
        return None
    by_time = sorted(graded, key=lambda g: (g.created_at, g.id))
    if course.counted != "best":
        return by_time[-1]
    return max(reversed(by_time),
               key=lambda g: penalised(g.score, lateness(g.created_at, course.policy, terms)))


def rows(students: list[Student], graded: list[Graded], course: Course,
         terms: dict[int, Terms], manual: dict[int, Manual]) -> list[Row]:
    """One row per student, in the order given."""
    mine: dict[int, list[Graded]] = {}
    for submission in graded:
        mine.setdefault(submission.student_id, []).append(submission)
    made = []
    for student in students:
        theirs = mine.get(student.id, [])
        own_terms = terms.get(student.id, Terms())
        chosen = counted(theirs, course, own_terms)
        late = lateness(chosen.created_at, course.policy, own_terms) if chosen else None
        made.append(Row(student=student, submission=chosen, submissions=len(theirs), late=late,
                        manual=manual.get(student.id), cells=dict(chosen.tasks) if chosen else {}))
    return made


CSV_HEADER = (["email", "name", "submission", "submitted_at"]
              + [f"task_{task}" for task in AUTO_TASKS]
              + ["automatic", "days_late", "penalty_percent", f"task_{MANUAL_TASK}_manual",
                 "total", "max_total", f"task_{MANUAL_TASK}_comment"])


def _safe(value: object) -> object:
    """A cell a spreadsheet shows as text: names and comments come from users, and a leading
    '=' would make Excel or LibreOffice run them as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def csv_record(row: Row) -> list[str]:
    data = row.to_dict()
    tasks = [_number(c["score"]) if c else "" for c in data["tasks"].values()]
    manual = row.manual
    return [_safe(str(v)) for v in (
        [row.student.email, row.student.name, data["submission"] or "", data["submitted_at"] or ""]
        + tasks + [_number(row.automatic), _number(data["days_late"]),
                   _number(data["penalty_percent"]), _number(manual.score if manual else None),
                   _number(row.total), _number(MAX_TOTAL), manual.comment if manual else ""])]


def to_csv(book: list[Row]) -> str:
    """The grade book as CSV text, one line per student."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_record(row) for row in book)
    return out.getvalue()
