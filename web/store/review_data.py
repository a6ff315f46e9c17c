"""The instructors' review in the database: the grade book's inputs, and every change to a score
(manual grade, terms, course settings, regrade) made together with its audit entry.

No Flask here, so the worker (web/worker/jobs.py) records a regrade's outcome with the same code.
Changes are added to the session, not committed: the caller commits the change and its audit
entry together, or neither.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from checks.tasks import MANUAL_TASK
from web.rules import gradebook, rubric
from web.students import status
from web.rules.latepolicy import Policy, Terms, lateness
from web.rules.times import iso
from web.store import comments
from web.store.models import (AuditEntry, CourseSettings, ManualGrade, StudentTerms, Submission,
                        TaskOutcome, User, utcnow)

REGRADABLE = ("done", "fault")  # queued and running ones are about to be graded anyway
REGRADING = ("queued", "running", "fault")  # where a regrade's snapshot stands in for results


class ReviewError(ValueError):
    """A change an instructor asked for cannot be made; the message says why."""


def _points(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"


# ---------------------------------------------------------------- reading


def settings_row(session: Session) -> CourseSettings:
    """The course's settings (a default row, not stored, until an instructor saves them)."""
    found = session.scalar(select(CourseSettings).order_by(CourseSettings.id).limit(1))
    return found or CourseSettings(deadline=None, penalty_per_day=10.0, grace_days=0,
                                   counted="latest", submissions_per_window=None,
                                   release="at_once", rubric=None, saved_comments=None)


def course(session: Session) -> gradebook.Course:
    row = settings_row(session)
    return gradebook.Course(Policy(row.deadline, row.penalty_per_day, row.grace_days), row.counted)


def all_terms(session: Session) -> dict[int, Terms]:
    return {t.user_id: Terms(t.extension_days, t.grace_days)
            for t in session.scalars(select(StudentTerms))}


def manual_grades(session: Session) -> dict[int, gradebook.Manual]:
    rows = session.execute(select(ManualGrade, User.email).outerjoin(
        User, User.id == ManualGrade.graded_by).where(ManualGrade.task == MANUAL_TASK)).all()
    return {grade.user_id: gradebook.Manual(grade.score, grade.comment, email or "",
                                            tuple(grade.rubric or ()))
            for grade, email in rows}


def students(session: Session) -> list[gradebook.Student]:
    users = session.scalars(select(User).where(User.role == "student").order_by(User.email))
    return [gradebook.Student(u.id, u.email, u.name) for u in users]


def _cell(result: dict) -> gradebook.Cell:
    return gradebook.Cell(float(result.get("score") or 0.0), float(result.get("max_score") or 0.0),
                          str(result.get("status", "")))


def graded(session: Session, student_id: int | None = None) -> list[gradebook.Graded]:
    """Every graded submission with its tasks' scores.  One being graded again (or whose regrade
    ended in a grader fault) keeps the scores it had until new ones are stored: a regrade never
    makes a student's grade disappear, nor turns it into a zero."""
    query = select(Submission.id, Submission.user_id, Submission.created_at, Submission.status,
                   Submission.regrade).where(Submission.status.in_(("done",) + REGRADING))
    if student_id is not None:
        query = query.where(Submission.user_id == student_id)
    found, cells = {}, {}
    for number, user, created, state, asked in session.execute(query):
        if state == "done":
            found[number], cells[number] = (user, created), {}
        elif asked:  # JSON null and SQL NULL alike: only a real snapshot counts
            found[number] = (user, created)
            cells[number] = {int(t): _cell(c) for t, c in asked.get("cells", {}).items()}
    done = [number for number in found if not cells[number]]
    if done:
        for number, task, result in session.execute(select(
                TaskOutcome.submission_id, TaskOutcome.task, TaskOutcome.result).where(
                TaskOutcome.submission_id.in_(done))):
            cells[number][task] = _cell(result)
    return [gradebook.Graded(number, user, created, cells[number])
            for number, (user, created) in found.items()]


def book(session: Session) -> list[gradebook.Row]:
    """The grade book: every student's row, by e-mail (the class view, CSV and API use it)."""
    return gradebook.rows(students(session), graded(session), course(session),
                          all_terms(session), manual_grades(session))


def row_of(session: Session, student_id: int) -> gradebook.Row | None:
    user = session.get(User, student_id)
    if user is None or user.role != "student":
        return None
    return gradebook.rows([gradebook.Student(user.id, user.email, user.name)],
                          graded(session, student_id), course(session), all_terms(session),
                          manual_grades(session))[0]


def counted_results(session: Session, rows: list[gradebook.Row]) -> list[dict]:
    """The stored task results of the counted submissions (for the checks' failure rates)."""
    numbers = [row.submission.id for row in rows if row.submission]
    if not numbers:
        return []
    return list(session.scalars(select(TaskOutcome.result).where(
        TaskOutcome.submission_id.in_(numbers))))


def audit(session: Session, student_id: int) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).where(AuditEntry.student_id == student_id)
                                .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())))


def entry_dict(entry: AuditEntry) -> dict:
    return {"at": iso(entry.at), "by": entry.actor, "kind": entry.kind,
            "what": entry.what, "old": entry.old_value, "new": entry.new_value,
            "submission": entry.submission_id}


def _limits(result: dict) -> list[str]:
    """What the sandbox stopped a task for (time, memory, output...), from its message."""
    return [line for line in str(result.get("message", "")).splitlines() if line.startswith("stopped:")]


def detail(session: Session, submission: Submission) -> dict:
    """Everything staff see of a submission: the student, its lateness, whether it counts, the
    files, each task's checks (hidden ones in full), the output, limits hit, the audit log and
    the line comments.  Times are ISO 8601 (web/rules/times.py), as the API gives them."""
    document = status.state(session, submission, staff=True)
    user = submission.user
    terms = all_terms(session).get(user.id, Terms())
    late = lateness(submission.created_at, course(session).policy, terms)
    row = row_of(session, user.id)
    grade = manual_grades(session).get(user.id)
    for task in document["tasks"]:
        task["limits"] = _limits(task)
    document.update(
        student={"id": user.id, "email": user.email, "name": user.name},
        days_late=late.days_late, penalty_percent=late.percent,
        due=iso(late.due),
        counted=bool(row and row.submission and row.submission.id == submission.id),
        files=[{"name": f.name, "text": f.data.decode("utf-8", "replace")} for f in submission.files],
        manual={"task": MANUAL_TASK, "score": grade.score, "max_score": gradebook.MANUAL_MAX,
                "comment": grade.comment, "graded_by": grade.graded_by,
                "rubric": list(grade.rubric)} if grade else None,
        audit=[entry_dict(entry) for entry in audit(session, user.id)],
        comments=[comments.to_dict(c) for c in comments.of_submission(session, submission.id)])
    return document


# ---------------------------------------------------------------- changing


def _entry(session: Session, actor: User | None, student_id: int, kind: str, what: str,
           old: str, new: str, submission_id: int | None = None, name: str = "") -> None:
    session.add(AuditEntry(actor_id=actor.id if actor else None,
                           actor=actor.email if actor else name or "grader", student_id=student_id,
                           submission_id=submission_id, kind=kind, what=what[:2000],
                           old_value=old[:200], new_value=new[:200]))


def _record_totals(session: Session, actor: User, kind: str, what: str,
                   before: list[gradebook.Row], after: list[gradebook.Row]) -> int:
    """An entry for each student whose total changed; how many."""
    old = {row.student.id: row.total for row in before}
    changed = 0
    for row in after:
        if old.get(row.student.id) != row.total:
            _entry(session, actor, row.student.id, kind, what, _points(old.get(row.student.id)),
                   _points(row.total), row.submission.id if row.submission else None)
            changed += 1
    return changed


def grade_manual(session: Session, actor: User, submission: Submission, score: float,
                 comment: str, rubric_given: list | None = None) -> None:
    """Task 15 graded by hand for the submission's student (one grade per student);
    rubric_given: the rubric with the items given (web/rules/rubric.py), None for a plain score."""
    if not 0 <= score <= gradebook.MANUAL_MAX:
        raise ReviewError(f"the score of task {MANUAL_TASK} is from 0 to {gradebook.MANUAL_MAX:g}")
    grade = session.scalar(select(ManualGrade).where(ManualGrade.user_id == submission.user_id,
                                                     ManualGrade.task == MANUAL_TASK))
    old = grade.score if grade else None
    if grade is None:
        grade = ManualGrade(user_id=submission.user_id, task=MANUAL_TASK, score=score)
        session.add(grade)
    grade.score, grade.comment = score, comment.strip()[:4000]
    grade.submission_id, grade.graded_by, grade.graded_at = submission.id, actor.id, utcnow()
    grade.rubric = rubric_given
    items = rubric.given_labels(rubric_given)
    what = (f"task {MANUAL_TASK} graded by hand"
            + (f" (rubric: {', '.join(items) or 'no item given'})" if rubric_given is not None else "")
            + (f": {grade.comment}" if grade.comment else ""))
    _entry(session, actor, submission.user_id, "manual", what, _points(old), _points(score),
           submission.id)


def set_terms(session: Session, actor: User, student_id: int, extension_days: int,
              grace_days: int | None) -> None:
    """A student's extension and own grace days; the entry gives their total before and after."""
    if extension_days < 0 or (grace_days is not None and grace_days < 0):
        raise ReviewError("days cannot be negative")
    before = row_of(session, student_id)
    if before is None:
        raise ReviewError("there is no such student")
    terms = session.get(StudentTerms, student_id) or StudentTerms(user_id=student_id,
                                                                   extension_days=0)
    old = (terms.extension_days or 0, terms.grace_days)
    terms.extension_days, terms.grace_days = extension_days, grace_days
    session.add(terms)
    session.flush()
    after = row_of(session, student_id)
    what = (f"extension {old[0]} → {extension_days} days, grace days "
            f"{_days(old[1])} → {_days(grace_days)}; total recomputed")
    _entry(session, actor, student_id, "extension", what, _points(before.total),
           _points(after.total), after.submission.id if after.submission else None)


def _days(value: int | None) -> str:
    return "course default" if value is None else str(value)


def save_settings(session: Session, actor: User, deadline: datetime | None,
                  penalty_per_day: float, grace_days: int, counted: str,
                  submissions_per_window: int | None) -> int:
    """The course's settings; an entry for each student whose total they change (how many)."""
    if counted not in gradebook.COUNTED_RULES:
        raise ReviewError(f"the counted submission is one of {', '.join(gradebook.COUNTED_RULES)}")
    if not 0 <= penalty_per_day <= 100 or grace_days < 0 or (submissions_per_window or 0) < 0:
        raise ReviewError("the penalty is 0 to 100 percent per day, and counts cannot be negative")
    before = book(session)
    row = settings_row(session)
    old = (row.deadline, row.penalty_per_day, row.grace_days, row.counted)
    row.deadline, row.penalty_per_day, row.grace_days = deadline, penalty_per_day, grace_days
    row.counted, row.submissions_per_window = counted, submissions_per_window
    session.add(row)
    session.flush()
    changes = [f"{name} {_setting(a)} → {_setting(b)}" for name, a, b in zip(
        ("deadline", "penalty % per day", "grace days", "counted"), old,
        (deadline, penalty_per_day, grace_days, counted)) if a != b]
    return _record_totals(session, actor, "policy", "course settings: " + "; ".join(changes),
                          before, book(session))


def _setting(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M} UTC"
    return f"{value:g}" if isinstance(value, float) else str(value)


def request_regrade(session: Session, actor: User, numbers: list[int]) -> list[int]:
    """Mark submissions for grading again (the caller commits, then queues them): each keeps
    who asked and its scores, for the entry the worker writes when it is graded."""
    chosen = session.scalars(select(Submission).where(Submission.id.in_(numbers),
                                                      Submission.status.in_(REGRADABLE))).all()
    for submission in chosen:
        scores = dict(session.execute(select(TaskOutcome.task, TaskOutcome.result).where(
            TaskOutcome.submission_id == submission.id)).all())
        previous = submission.regrade or {}  # a faulted regrade: its snapshot is still the truth
        cells = previous.get("cells") or ({str(t): {key: r.get(key) for key in
                                                    ("score", "max_score", "status")}
                                           for t, r in scores.items()}
                                          if submission.status == "done" else {})
        submission.regrade = {"by": actor.id, "actor": actor.email,
                              "score": previous.get("score", submission.score), "cells": cells}
        submission.status, submission.claim, submission.attempts = "queued", "", 0
        submission.fault, submission.finished_at = "", None
    return sorted(s.id for s in chosen)


def finish_regrade(session: Session, submission_id: int, report) -> None:
    """Called by the worker as it stores a grading: if it was a regrade, the entry of what
    changed (old and new automatic score, and each task that moved); manual grades are elsewhere
    and untouched."""
    submission = session.get(Submission, submission_id)
    asked = submission.regrade if submission else None
    if not asked:
        return
    old_tasks = asked.get("cells", {})
    before = {t.task: (old_tasks.get(str(t.task)) or {}).get("score") or 0.0  # none stored: 0
              for t in report.tasks}
    moved = [f"task {t.task} {_points(before[t.task])} → {_points(t.score)}"
             for t in report.tasks if t.task != MANUAL_TASK and before[t.task] != t.score]
    what = "regrade" + (": " + ", ".join(moved) if moved else ": no task changed")
    actor = session.get(User, asked["by"]) if asked.get("by") else None
    _entry(session, actor, submission.user_id, "regrade", what, _points(asked.get("score")),
           _points(report.score), submission_id, name=str(asked.get("actor", "")))
    submission.regrade = None
