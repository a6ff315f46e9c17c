"""Task 15 graded by hand, in the database: the course's rubric, reusable comments and release
rule, the grading queue, and what the grading page shows of one student.

Changes are added to the session, not committed (as web/store/review_data.py): the caller
commits a grade and its audit entry together.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from checks.tasks import MANUAL_TASK
from web.rules import blogpost, gradebook, gradingqueue, release, rubric
from web.store import review_data
from web.store.models import ManualGrade, Submission, TaskOutcome, User


def items(session: Session) -> tuple[rubric.Item, ...]:
    return rubric.from_json(review_data.settings_row(session).rubric)


def comments(session: Session) -> tuple[str, ...]:
    return tuple(str(c) for c in review_data.settings_row(session).saved_comments or ())


def next_student(session: Session, after: int | None = None) -> gradebook.Row | None:
    """The next student to grade (web/rules/gradingqueue.py), None when none is left."""
    return gradingqueue.next_ungraded(review_data.book(session), after)


@dataclass
class Page:
    """The grading page of one student's task 15."""

    row: gradebook.Row
    submission: Submission | None   # the counted one: the one graded
    texts: dict[str, str]           # its text files (README.md...)
    urls: list[blogpost.Url]
    others: list[Submission]        # every submission of the student, newest first
    grade: ManualGrade | None
    items: tuple[rubric.Item, ...]
    comments: tuple[str, ...]
    waiting: int                    # students left to grade, this one included if ungraded

    @property
    def given(self) -> set[int]:
        """The items the current grade gave (by position), when it was given with this rubric."""
        stored = self.grade.rubric if self.grade else None
        if not stored or [(d.get("label"), d.get("points")) for d in stored] != \
                [(i.label, i.points) for i in self.items]:
            return set()
        return {n for n, d in enumerate(stored) if d.get("given")}

    @property
    def fingerprint(self) -> str:
        return rubric.fingerprint(self.items, self.comments)


def page(session: Session, student_id: int) -> Page | None:
    """The grading page's data; None when there is no such student."""
    row = review_data.row_of(session, student_id)
    if row is None:
        return None
    book = review_data.book(session)
    counted = session.get(Submission, row.submission.id) if row.submission else None
    files = {f.name: f.data for f in counted.files} if counted else {}
    stored = session.scalar(select(TaskOutcome.result).where(
        TaskOutcome.submission_id == counted.id, TaskOutcome.task == MANUAL_TASK)) if counted else None
    texts = blogpost.text_files(files)
    return Page(row=row, submission=counted, texts=texts,
                urls=blogpost.urls(texts, (stored or {}).get("urls")),
                others=list(session.scalars(select(Submission).where(
                    Submission.user_id == student_id).order_by(Submission.id.desc()))),
                grade=session.scalar(select(ManualGrade).where(
                    ManualGrade.user_id == student_id, ManualGrade.task == MANUAL_TASK)),
                items=items(session), comments=comments(session),
                waiting=len(gradingqueue.waiting(book)))


def save_grade(session: Session, actor: User, student_id: int, fingerprint: str,
               ticked: list[str], reused: list[str], free: str, keep: bool) -> rubric.Grade:
    """Grade the student's counted submission from the grading page's form (ReviewError or
    rubric.RubricError when it cannot be taken); keep: save the free comment for reuse."""
    shown = page(session, student_id)
    if shown is None:
        raise review_data.ReviewError("there is no such student")
    if shown.submission is None:
        raise review_data.ReviewError("this student has no graded submission to grade")
    if fingerprint != shown.fingerprint:
        raise review_data.ReviewError("the rubric or the reusable comments changed while this "
                                      "page was open; look at them again and grade once more")
    made = rubric.grade(shown.items, shown.comments, ticked, reused, free)
    review_data.grade_manual(session, actor, shown.submission, made.score, made.comment, made.given)
    free = " ".join(free.split())
    if keep and free and free not in shown.comments:
        kept = rubric.parse_comments("\n".join(shown.comments + (free,)))
        _settings(session).saved_comments = list(kept)
    return made


def _settings(session: Session):
    row = review_data.settings_row(session)
    session.add(row)  # the default row is stored the first time something is saved in it
    return row


def save_settings(session: Session, release_mode: str | None, rubric_text: str | None,
                  comments_text: str | None) -> None:
    """The release rule, the rubric and the reusable comments (None: left as they are).
    Grades already given keep the rubric they were given with."""
    if release_mode is not None and release_mode not in release.MODES:
        raise review_data.ReviewError("results are released " + " or ".join(release.MODES.values()))
    parsed = rubric.parse(rubric_text, gradebook.MANUAL_MAX) if rubric_text is not None else None
    kept = rubric.parse_comments(comments_text) if comments_text is not None else None
    row = _settings(session)
    if release_mode is not None:
        row.release = release_mode
    if parsed is not None:
        row.rubric = None if parsed == rubric.DEFAULT else rubric.to_json(parsed)
    if kept is not None:
        row.saved_comments = list(kept)
