"""Staff comments on lines of submitted files: reading them, and each change made together with
its audit entry (the pattern of web/store/review_data.py: added to the session, the caller
commits both or neither).

No Flask here.  The text is the instructor's, shown to the student: pages escape it (Jinja's
autoescape), and it is bounded here so that no page or log grows without limit.
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from web.rules.times import iso
from web.store.models import AuditEntry, LineComment, Submission, User, utcnow

MAX_LENGTH = 2000  # characters: a paragraph or two; longer feedback belongs in the comment of task 15


class CommentError(ValueError):
    """A comment cannot be stored as asked; the message says why, in the instructor's terms."""


def clean(text: str) -> str:
    """The comment's text with line breaks made one character each (browsers send CRLF, while
    their maxlength counts one), stripped; refused when empty or too long."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise CommentError("the comment is empty: write something first")
    if len(text) > MAX_LENGTH:
        raise CommentError(f"a comment is at most {MAX_LENGTH} characters, and this one has "
                           f"{len(text)}: shorten it by {len(text) - MAX_LENGTH}")
    return text


def on_file(session: Session, submission_id: int, name: str) -> dict[int, list[LineComment]]:
    """The comments on one file, by line, oldest first."""
    found: dict[int, list[LineComment]] = {}
    for comment in session.scalars(select(LineComment).where(
            LineComment.submission_id == submission_id, LineComment.file_name == name)
            .order_by(LineComment.line, LineComment.id)):
        found.setdefault(comment.line, []).append(comment)
    return found


def counts(session: Session, submission_id: int) -> dict[str, int]:
    """How many comments each file of the submission has (files without any are left out)."""
    return dict(session.execute(select(LineComment.file_name, func.count()).where(
        LineComment.submission_id == submission_id).group_by(LineComment.file_name)).all())


def of_submission(session: Session, submission_id: int) -> list[LineComment]:
    return list(session.scalars(select(LineComment).where(
        LineComment.submission_id == submission_id)
        .order_by(LineComment.file_name, LineComment.line, LineComment.id)))


def to_dict(comment: LineComment) -> dict:
    """The API's record of a comment (times in ISO 8601, web/rules/times.py)."""
    return {"id": comment.id, "file": comment.file_name, "line": comment.line,
            "text": comment.text, "by": comment.author, "at": iso(comment.created_at),
            "edited_at": iso(comment.updated_at)}


def _log(session: Session, actor: User, comment: LineComment, student_id: int, what: str,
         old: str, new: str) -> None:
    session.add(AuditEntry(actor_id=actor.id, actor=actor.email, student_id=student_id,
                           submission_id=comment.submission_id, kind="comment",
                           what=(f"comment on {comment.file_name} line {comment.line} {what}"
                                 + (f": {new}" if new else ""))[:2000],
                           old_value=old[:200], new_value=new[:200]))


def add(session: Session, actor: User, submission: Submission, name: str, line: int,
        text: str, lines: int) -> LineComment:
    """A new comment on line `line` (1 to `lines`) of the submission's file `name`."""
    if not 1 <= line <= lines:
        raise CommentError(f"{name} has lines 1 to {lines}; there is no line {line}")
    comment = LineComment(submission_id=submission.id, file_name=name, line=line,
                          text=clean(text), author_id=actor.id, author=actor.email,
                          created_at=utcnow())
    session.add(comment)
    _log(session, actor, comment, submission.user_id, "added", "", comment.text)
    return comment


def edit(session: Session, actor: User, comment: LineComment, text: str) -> None:
    new = clean(text)
    old, comment.text, comment.updated_at = comment.text, new, utcnow()
    _log(session, actor, comment, _student(session, comment), "edited", old, new)


def remove(session: Session, actor: User, comment: LineComment) -> None:
    _log(session, actor, comment, _student(session, comment), "removed", comment.text, "")
    session.delete(comment)


def _student(session: Session, comment: LineComment) -> int:
    return session.get(Submission, comment.submission_id).user_id
