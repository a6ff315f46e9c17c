"""The students' pages: upload, a submission's results as they come, their own history."""
from __future__ import annotations

from flask import (Blueprint, abort, current_app, flash, g, jsonify, redirect, render_template,
                   request, url_for)
from sqlalchemy import select

from web.store import db, quota

from web.students import status, uploads
from web.auth import load_user, login_required
from web.store.models import Submission, SubmissionFile

bp = Blueprint("portal", __name__)


@bp.get("/")
@login_required
def index():
    mine = db.session().scalars(select(Submission).where(Submission.user_id == g.user.id)
                                .order_by(Submission.id.desc())).all()
    return render_template("portal/index.html", quota=quota.of(db.session(), g.user, current_app.config),
                           submissions=mine, limits=uploads.Limits.from_config(current_app.config))


def _refuse(message: str, status: int):
    flash(message, "error")
    return index(), status


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
    submission = Submission(user_id=g.user.id, notes=accepted.notes)
    submission.files = [SubmissionFile(name=name, data=data) for name, data in accepted.files.items()]
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
        return message, 413
    return _refuse(message, 413)


def _own(number: int) -> Submission:
    """The signed-in user's submission (an instructor sees any); 404 otherwise, so that another
    student's submission numbers cannot even be told apart from missing ones."""
    found = db.session().get(Submission, number)
    if found is None or (found.user_id != g.user.id and not g.user.is_instructor):
        abort(404)
    return found


@bp.get("/submissions/<int:number>")
@login_required
def submission(number: int):
    found = _own(number)
    return render_template("portal/submission.html", submission=found,
                           state=status.state(db.session(), found, g.user.is_instructor))


@bp.get("/submissions/<int:number>.json")
@login_required
def submission_json(number: int):
    return jsonify(status.state(db.session(), _own(number), g.user.is_instructor))
