"""The students' pages: upload, a submission's results as they come, their own history."""
from __future__ import annotations

from datetime import datetime

from flask import (Blueprint, Response, abort, current_app, flash, g, jsonify, redirect,
                   render_template, request, url_for)
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from web import errors
from web.auth import load_user, login_required
from web.store import comments, db, quota
from web.store.models import Submission, SubmissionPlot
from web.students import codeview, completion, report, standing, status, uploads

bp = Blueprint("portal", __name__)


def _standing_of(user_id: int):
    return standing.of(db.session(), user_id, staff=g.user.is_instructor)


def _state(found: Submission, where) -> dict:
    """The submission's JSON as the viewer may see it: hidden results wait for their release."""
    shown = where.shown if where else None
    return status.state(db.session(), found, g.user.is_instructor,
                        released=shown.released if shown else True,
                        until=shown.until if shown else None)


def _withheld_until(where) -> datetime | None:
    """Until when hidden results, the manual grade and line comments wait for this viewer
    (web/rules/release.py; staff's standing is always released); None: shown."""
    return where.withheld_until if where else None


def _history_scores(mine: list[Submission], where) -> dict[int, tuple[float, float]]:
    """Each submission's score and maximum as the student is shown them (withheld: visible only)."""
    if _withheld_until(where) is None:
        return {s.id: (s.score, s.max_score) for s in mine if s.score is not None}
    return {s.id: standing.visible_points(s, where.due)[:2] for s in mine if s.score is not None}


@bp.get("/")
@login_required
def index():
    mine = db.session().scalars(select(Submission).where(Submission.user_id == g.user.id)
                                .order_by(Submission.id.desc())).all()
    before = mine[0] if mine else None
    where = _standing_of(g.user.id)
    return render_template("portal/index.html", quota=quota.of(db.session(), g.user, current_app.config),
                           submissions=mine, limits=uploads.Limits.from_config(current_app.config),
                           standing=where, counted=where.counted if where else None,
                           scores=_history_scores(mine, where), previous=before,
                           task_files=sorted(uploads.KEPT_FILES, key=_file_order))


def _file_order(name: str) -> tuple:
    number = name.split("-", 1)[0]
    return (0, int(number)) if number.isascii() and number.isdigit() else (1, name)


def _refuse(message: str, status: int):
    """A refused upload: a browser is sent back to the upload page (Post/Redirect/Get, so a
    reload sends nothing again); a script gets the status code and the page."""
    flash(message, "error")
    if request.accept_mimetypes.provided and request.accept_mimetypes.accept_html:
        return redirect(url_for("portal.index"), 303)
    return index(), status


def _wants_completion() -> bool:
    """The form's "keep my other files" box; a client that sends no form gets completion too,
    so no upload silently drops the rest of a student's work."""
    return "completion_offered" not in request.form or request.form.get("complete") == "1"


@bp.post("/submissions")
@login_required
def upload():
    left = quota.of(db.session(), g.user, current_app.config)
    if left.left == 0:
        return _refuse("You have no submissions left for now. " + left.describe(), 429)
    parts = [(part.filename or "", part.read()) for part in request.files.getlist("files")]
    try:
        accepted = uploads.check(parts, uploads.Limits.from_config(current_app.config))
    except uploads.UploadError as exc:
        return _refuse(f"The upload was refused: {exc}. Nothing was stored.", 400)
    # counted again under the student's lock, held until the commit: uploads sent at once
    # cannot all pass the check above
    reserved = quota.reserve(db.session(), g.user, current_app.config)
    if reserved.left == 0:
        db.session().rollback()
        return _refuse("You have no submissions left for now. " + reserved.describe(), 429)
    before = completion.previous(db.session(), g.user.id) if _wants_completion() else None
    completed = completion.complete(accepted.files, before)
    submission = Submission(user_id=g.user.id, notes=accepted.notes)
    submission.files = completed.files
    db.session().add(submission)
    db.session().commit()
    from web.worker import queue  # the broker is reached only here, after the submission is stored
    if not queue.enqueue(submission.id):
        flash("Your submission is stored; grading starts as soon as the queue answers again.", "note")
    return redirect(url_for("portal.submission", number=submission.id))


@bp.app_errorhandler(413)
def too_large(_error):
    """Flask refused a body over MAX_CONTENT_LENGTH before reading it, or one of more parts
    than MAX_FORM_PARTS (a folder holding .git, say) while reading it."""
    limit = current_app.config["UPLOAD_MAX_BYTES"] / 2 ** 20
    message = (f"The upload was refused: it is larger than {limit:.1f} MiB. Nothing was stored. "
               "Upload only the task files (or the folder supervised_learning/optimization/).")
    if request.content_length is not None and \
            request.content_length <= current_app.config["MAX_CONTENT_LENGTH"]:
        message = (f"The upload was refused: it holds more than {current_app.config['MAX_FORM_PARTS']}"
                   " files. Nothing was stored. Upload only the task files (or the folder "
                   "supervised_learning/optimization/).")
    if request.endpoint != "portal.upload":
        return "The request is larger than this page takes.", 413
    if "user" not in g:  # the CSRF check read the form before the user was loaded
        load_user()
    if g.user is None:
        return errors.page(RequestEntityTooLarge(message))
    return _refuse(message, 413)


def _own(number: int) -> Submission:
    """The signed-in user's submission (an instructor sees any); 404 otherwise, so that another
    student's submission numbers cannot even be told apart from missing ones."""
    found = db.session().get(Submission, number)
    if found is None or (found.user_id != g.user.id and not g.user.is_instructor):
        abort(404)
    return found


def _page_data(found: Submission) -> dict:
    where = _standing_of(found.user_id)
    state = _state(found, where)
    return {"submission": found, "state": state, "cards": report.cards(state["tasks"]),
            "pending": report.pending(state["tasks"]), "total_tasks": len(report.ALL_TASKS),
            "standing": where, "counted": where.counted if where else None,
            "plots": _plots_by_task(found), "files_by_source": _files_by_source(found),
            "comment_counts": {} if _withheld_until(where) else comments.counts(db.session(), found.id)}


def _files_by_source(found: Submission) -> list[tuple[int | None, list[str]]]:
    """The files sent with this submission, then those taken from each earlier one."""
    groups: dict[int | None, list[str]] = {}
    for stored in sorted(found.files, key=lambda f: _file_order(f.name)):
        groups.setdefault(stored.taken_from, []).append(stored.name)
    return sorted(groups.items(), key=lambda item: -1 if item[0] is None else item[0])


def _plots_by_task(found: Submission) -> dict[int, list[tuple[str, str]]]:
    shown: dict[int, list[tuple[str, str]]] = {}
    for stored in found.plots:
        shown.setdefault(stored.task, []).append((stored.name, stored.alt))
    return shown


@bp.get("/submissions/<int:number>")
@login_required
def submission(number: int):
    return render_template("portal/submission.html", **_page_data(_own(number)))


@bp.get("/submissions/<int:number>/part")
@login_required
def submission_part(number: int):
    """The live part of the results page, for the page's script to swap in while grading."""
    return render_template("portal/_results.html", **_page_data(_own(number)))


@bp.get("/submissions/<int:number>.json")
@login_required
def submission_json(number: int):
    found = _own(number)
    return jsonify(_state(found, _standing_of(found.user_id)))


@bp.get("/submissions/<int:number>/plots/<name>")
@login_required
def plot(number: int, name: str):
    found = db.session().scalar(select(SubmissionPlot).where(
        SubmissionPlot.submission_id == _own(number).id, SubmissionPlot.name == name))
    if found is None:
        abort(404)
    return Response(found.png, mimetype="image/png",
                    headers={"Cache-Control": "private, max-age=86400"})


def code_page(found: Submission, stored, staff: bool, marked: int | None, draft: str = "",
              error: str = "", wait: datetime | None = None) -> str:
    """One file's code view with its line comments: read-only for the student, with the
    comment forms for staff (web/instructors/linecomments.py).  Until ``wait`` the comments
    are withheld, as manual grades are (the course's release rule)."""
    shown = {} if wait else comments.on_file(db.session(), found.id, stored.name)
    return render_template("portal/code.html", submission=found, file=stored, marked=marked,
                           lines=codeview.lines(stored.name, stored.data), staff=staff,
                           comments=shown, wait=wait,
                           files=[f.name for f in found.files], max_length=comments.MAX_LENGTH,
                           draft=draft, error=error)


@bp.get("/submissions/<int:number>/files/<name>")
@login_required
def code(number: int, name: str):
    found = _own(number)
    stored = next((f for f in found.files if f.name == name), None)
    if stored is None:
        abort(404, description=f"Submission {number} has no file named {name[:100]!r}.")
    return code_page(found, stored, staff=False, marked=request.args.get("line", type=int),
                     wait=_withheld_until(_standing_of(found.user_id)))


@bp.get("/code.css")
def code_css():
    return Response(codeview.stylesheet(), mimetype="text/css",
                    headers={"Cache-Control": "public, max-age=3600"})
