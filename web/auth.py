"""Signing in and out, the signed-in user on every request, and the rate limit on failed sign-ins."""
from __future__ import annotations

import functools
from datetime import timedelta

from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template, request,
                   session, url_for)
from sqlalchemy import delete, func, select

from web.store import accounts, db
from web.store.models import SignInFailure, User, utcnow

bp = Blueprint("auth", __name__)


@bp.before_app_request
def load_user() -> None:
    user_id = session.get("user_id")
    g.user = db.session().get(User, user_id) if user_id is not None else None


def login_required(view):
    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.user is None:
            return redirect(url_for("auth.signin", next=request.path))
        return view(**kwargs)
    return wrapped


def instructor_required(view):
    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.user is None:
            return redirect(url_for("auth.signin", next=request.path))
        if not g.user.is_instructor:
            abort(403)
        return view(**kwargs)
    return wrapped


def _client_address() -> str:
    # behind a proxy, ProxyFix (configured by the operator) makes remote_addr the client's
    return (request.remote_addr or "unknown")[:64]


def _too_many_failures(email: str, address: str) -> bool:
    config = current_app.config
    since = utcnow() - timedelta(seconds=config["SIGNIN_WINDOW_SECONDS"])
    recent = select(func.count()).select_from(SignInFailure).where(SignInFailure.at >= since)
    by_email = db.session().scalar(recent.where(SignInFailure.email == email))
    by_address = db.session().scalar(recent.where(SignInFailure.address == address))
    return (by_email >= config["SIGNIN_FAILURES"]
            or by_address >= 10 * config["SIGNIN_FAILURES"])


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never send someone off-site after they sign in."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return url_for("portal.index")


@bp.route("/signin", methods=("GET", "POST"))
def signin():
    if request.method == "GET":
        return render_template("auth/signin.html", next=request.args.get("next", ""))
    email = request.form.get("email", "").strip().lower()[:254]
    password = request.form.get("password", "")[:1024]
    address = _client_address()
    if _too_many_failures(email, address):
        minutes = -(-current_app.config["SIGNIN_WINDOW_SECONDS"] // 60)
        flash(f"Too many failed sign-ins. Wait up to {minutes} minutes, then try again "
              "(or ask your instructor to reset your password).", "error")
        return render_template("auth/signin.html", email=email), 429
    user = accounts.find(db.session(), email)
    if not accounts.verify_password(user, password):
        db.session().add(SignInFailure(email=email, address=address))
        db.session().commit()
        flash("Wrong e-mail address or password.", "error")
        return render_template("auth/signin.html", email=email), 401
    db.session().execute(delete(SignInFailure).where(SignInFailure.email == email))
    db.session().commit()
    session.clear()  # a fresh session: nothing from before signing in carries over
    session["user_id"] = user.id
    return redirect(_safe_next(request.form.get("next")))


@bp.post("/signout")
def signout():
    session.clear()
    return redirect(url_for("auth.signin"))
