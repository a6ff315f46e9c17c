"""The JSON API for scripts and LMS sync: the grade book, a submission, failure rates; instructors only.

A script sends ``Authorization: Bearer TOKEN`` (a token an instructor made at /api/tokens, shown
once, stored as its SHA-256); a browser may use its signed-in session instead.  The same rows as
the class view and the CSV (web/rules/gradebook.py), so the numbers cannot disagree.  No token or a
bad one: 401; a student's token or session: 403.  Read-only, so no CSRF token is needed.  Times
are ISO 8601 in UTC to the second, 2026-12-02T08:13:44Z (web/rules/times.py).
"""
from __future__ import annotations

import functools
import hashlib
import secrets

from flask import Blueprint, abort, g, jsonify, redirect, render_template, request, url_for
from sqlalchemy import select

from web.instructors import review

from web.rules import gradebook
from web.rules.times import iso

from web.store import db, review_data
from web.auth import instructor_required
from web.store.models import ApiToken, Submission, User, utcnow

bp = Blueprint("api", __name__, url_prefix="/api")
TOKEN_PREFIX = "gr_"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session, user: User, label: str = "") -> str:
    """A new token for user (not committed); the token itself is returned once, never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, digest=_digest(token), label=label.strip()[:200]))
    return token


def _token_user(header: str) -> User | None:
    token = header[len("Bearer "):].strip()
    found = db.session().scalar(select(ApiToken).where(ApiToken.digest == _digest(token)))
    if found is None or not found.user.active:  # a deactivated account's tokens stop too
        return None
    found.last_used_at = utcnow()
    db.session().commit()
    return found.user


def _error(status: int, message: str):
    response = jsonify({"error": message})
    response.status_code = status
    return response


def api_instructor(view):
    """A token's user, else the session's; 401 without either, 403 unless an instructor."""
    @functools.wraps(view)
    def wrapped(**kwargs):
        header = request.headers.get("Authorization", "")
        user = _token_user(header) if header.startswith("Bearer ") else g.user
        if user is None:
            return _error(401, "sign in, or send 'Authorization: Bearer TOKEN' with a token made "
                               "by an instructor at /api/tokens")
        if not user.is_instructor:
            return _error(403, "only instructors may use this API")
        g.user = user
        return view(**kwargs)
    return wrapped


@bp.get("/v1/gradebook")
@api_instructor
def gradebook_json():
    data = review.class_data()
    course = data["course"]
    return jsonify({
        "course": {"deadline": iso(course.deadline),
                   "penalty_per_day": course.penalty_per_day, "grace_days": course.grace_days,
                   "counted": course.counted},
        "max_total": gradebook.MAX_TOTAL,
        "students": [row.to_dict() for row in data["book"]]})


@bp.get("/v1/failures")
@api_instructor
def failures_json():
    data = review.class_data()
    rate = lambda r: {"task": r.task, "label": r.label, "failed": r.failed,  # noqa: E731
                      "counted": r.counted, "rate": round(r.rate, 4)}
    return jsonify({"tasks": [rate(r) for r in data["task_rates"]],
                    "checks": [rate(r) for r in data["check_rates"]]})


@bp.get("/v1/submissions/<int:number>")
@api_instructor
def submission_json(number: int):
    found = db.session().get(Submission, number)
    if found is None:
        return _error(404, f"there is no submission {number}")
    return jsonify(review_data.detail(db.session(), found))


@bp.get("/tokens")
@instructor_required
def tokens():
    mine = db.session().scalars(select(ApiToken).where(ApiToken.user_id == g.user.id)
                                .order_by(ApiToken.id)).all()
    return render_template("api/tokens.html", tokens=mine, new=None)


@bp.post("/tokens")
@instructor_required
def new_token():
    token = create_token(db.session(), g.user, request.form.get("label", ""))
    db.session().commit()
    mine = db.session().scalars(select(ApiToken).where(ApiToken.user_id == g.user.id)
                                .order_by(ApiToken.id)).all()
    # shown in this response only, never in a flash (the session cookie is signed, not encrypted)
    return render_template("api/tokens.html", tokens=mine, new=token)


@bp.post("/tokens/<int:number>/revoke")
@instructor_required
def revoke(number: int):
    found = db.session().get(ApiToken, number)
    if found is None or found.user_id != g.user.id:
        abort(404)
    db.session().delete(found)
    db.session().commit()
    return redirect(url_for("api.tokens"))
