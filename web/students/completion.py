"""Completing a partial upload from the student's previous submission, file by file.

A student who uploads one fixed file must not lose the rest of their work: each kept file
(task files and README.md) their previous submission had and this upload lacks is copied
into the new submission when it is stored, so what is graded and shown is the whole folder.
Each copied file remembers the submission it was first uploaded with, so "taken from
submission 41" stays true however many partial uploads follow.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.store.models import Submission, SubmissionFile


@dataclass(frozen=True)
class Completed:
    files: list[SubmissionFile]   # ready to attach to the new submission
    taken: dict[str, int]         # file name -> the submission it was first uploaded with
    previous: int | None          # the submission it was completed from


def previous(session: Session, user_id: int) -> Submission | None:
    """The student's latest submission, whatever its status: its files are their latest work."""
    return session.scalars(select(Submission).where(Submission.user_id == user_id)
                           .order_by(Submission.id.desc()).limit(1)).first()


def complete(uploaded: dict[str, bytes], before: Submission | None) -> Completed:
    """The new submission's files: those uploaded, and those of ``before`` the upload lacks."""
    files = [SubmissionFile(name=name, data=data) for name, data in uploaded.items()]
    taken: dict[str, int] = {}
    for old in (before.files if before else []):
        if old.name in uploaded:
            continue
        origin = old.taken_from or before.id
        files.append(SubmissionFile(name=old.name, data=old.data, taken_from=origin))
        taken[old.name] = origin
    return Completed(sorted(files, key=lambda f: f.name), taken, before.id if taken else None)
