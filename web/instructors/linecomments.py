"""Staff comments on lines of a submitted file: the staff's code view, and adding, editing and
removing a comment.  Each change is logged (web/store/comments.py); students get 403 here and
see the comments read-only on their own code view (web/students/portal.py)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, request, url_for

from web.auth import instructor_required
from web.store import comments, db
from web.store.models import LineComment, Submission, SubmissionFile
from web.students import codeview, standing
from web.students.portal import code_page as page

bp = Blueprint("comments", __name__, url_prefix="/review")


def _file(number: int, name: str) -> tuple[Submission, SubmissionFile]:
    found = db.session().get(Submission, number)
    stored = next((f for f in found.files if f.name == name), None) if found else None
    if stored is None:
        abort(404, description=f"Submission {number} has no file named {name[:100]!r}.")
    return found, stored


@bp.get("/submissions/<int:number>/files/<name>")
@instructor_required
def code(number: int, name: str):
    found, stored = _file(number, name)
    return page(found, stored, staff=True, marked=request.args.get("line", type=int))


def _line() -> int | None:
    text = request.form.get("line", "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


@bp.post("/submissions/<int:number>/files/<name>/comments")
@instructor_required
def add(number: int, name: str):
    found, stored = _file(number, name)
    line, text = _line(), request.form.get("text", "")
    try:
        if line is None:
            raise comments.CommentError("give the number of the line to comment on")
        made = comments.add(db.session(), g.user, found, name, line, text,
                            codeview.line_count(stored.data))
    except comments.CommentError as error:
        db.session().rollback()
        # the page again, the text kept in its form: nothing typed is lost to a refusal
        return page(found, stored, staff=True, marked=line, draft=text[:20000],
                    error=str(error)), 400
    db.session().commit()
    flash(f"Comment added on line {line}; {found.user.email} sees it on their code view"
          f"{_when_shown(found)}.", "note")
    return redirect(url_for("comments.code", number=number, name=name) + f"#comment-{made.id}")


def _when_shown(found: Submission) -> str:
    """' after ...' when the course's release rule holds the student's comments back."""
    where = standing.of(db.session(), found.user_id)  # as the student sees it
    until = where.withheld_until if where else None
    return f" after {until:%Y-%m-%d %H:%M} UTC, their deadline (the release setting)" if until else ""


def _comment(comment_id: int) -> LineComment:
    found = db.session().get(LineComment, comment_id)
    if found is None:
        abort(404)
    return found


def _back(comment: LineComment) -> str:
    return url_for("comments.code", number=comment.submission_id, name=comment.file_name)


@bp.post("/comments/<int:comment_id>/edit")
@instructor_required
def edit(comment_id: int):
    comment = _comment(comment_id)
    try:
        comments.edit(db.session(), g.user, comment, request.form.get("text", ""))
    except comments.CommentError as error:
        db.session().rollback()
        flash(f"Nothing was saved: {error}.", "error")
        return redirect(_back(comment) + f"#comment-{comment.id}")
    db.session().commit()
    flash(f"The comment on line {comment.line} was changed.", "note")
    return redirect(_back(comment) + f"#comment-{comment.id}")


@bp.post("/comments/<int:comment_id>/delete")
@instructor_required
def remove(comment_id: int):
    comment = _comment(comment_id)
    back, line = _back(comment), comment.line
    comments.remove(db.session(), g.user, comment)
    db.session().commit()
    flash(f"The comment on line {line} was removed.", "note")
    return redirect(back + f"#L-{line}")
