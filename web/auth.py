"""Signing in and out, the signed-in user on every request, and the limits on failed sign-ins."""
from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template, request,
                   session, url_for)

from web.store import accounts, db, signins
from web.store.models import User

bp = Blueprint("auth", __name__)


@bp.before_app_request
def load_user() -> None:
    """The session's user, only while the cookie's generation is the user's: signing out or a
    new password ends every session made before (accounts.end_sessions)."""
    user_id = session.get("user_id")
    user = db.session().get(User, user_id) if type(user_id) is int else None
    if user is not None and session.get("generation") != user.session_generation:
        session.clear()
        user = None
    g.user = user


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


def safe_next(target: str | None) -> str:
    """Only a path on this site: never send someone off-site after they sign in.  Browsers drop
    tabs and newlines and read a backslash as a slash, so `/\\t/evil.example` would leave the
    site: a target is taken only if it is printable ASCII without a backslash and parses with
    no scheme and no host."""
    if (target and target.startswith("/") and "\\" not in target
            and all(0x21 <= ord(character) < 0x7f for character in target)):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and not target.startswith("//"):
            return target
    return url_for("portal.index")


def _refuse_for(seconds: int, email: str):
    minutes = max(-(-seconds // 60), 1)
    flash(f"Too many failed sign-ins for this address from here. Try again in {minutes} minute"
          f"{'s' * (minutes != 1)} (or ask your instructor to reset your password).", "error")
    response = current_app.make_response((render_template("auth/signin.html", email=email), 429))
    response.headers["Retry-After"] = str(seconds)
    return response


@bp.route("/signin", methods=("GET", "POST"))
def signin():
    if request.method == "GET":
        return render_template("auth/signin.html", next=request.args.get("next", "")[:2000])
    email = request.form.get("email", "").strip().lower()[:254]
    password = request.form.get("password", "")[:1024]
    address = _client_address()
    attempt, wait = signins.begin(db.session(), email, address, current_app.config)
    if wait:
        signins.withdraw(db.session(), attempt)
        return _refuse_for(wait, email)
    user = accounts.find(db.session(), email)
    if not accounts.verify_password(user, password):  # the attempt stays counted
        flash("Wrong e-mail address or password.", "error")
        return render_template("auth/signin.html", email=email), 401
    signins.succeeded(db.session(), email, address)
    db.session().commit()
    session.clear()  # a fresh session: nothing from before signing in carries over
    session["user_id"], session["generation"] = user.id, user.session_generation
    return redirect(safe_next(request.form.get("next")))


@bp.post("/signout")
def signout():
    if g.user is not None:  # every session of this user ends, copies of this cookie included
        accounts.end_sessions(g.user)
        db.session().commit()
    session.clear()
    return redirect(url_for("auth.signin"))
