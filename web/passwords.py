"""A signed-in user's own password change, and the page a one-time reset link opens."""
from __future__ import annotations

from flask import (Blueprint, current_app, flash, g, redirect, render_template, request,
                   session as cookie, url_for)

from web.auth import login_required
from web.store import accounts, db, resets

bp = Blueprint("passwords", __name__, url_prefix="/accounts")
MAX_PASSWORD = 1024  # argon2 would hash more, but nobody types it


@bp.route("/password", methods=("GET", "POST"))
@login_required
def change():
    """The signed-in user's own change: every other session of theirs ends, this one stays."""
    if request.method == "GET":
        return render_template("auth/password.html")
    new = request.form.get("new", "")[:MAX_PASSWORD]
    try:
        if new != request.form.get("again", "")[:MAX_PASSWORD]:
            raise accounts.AccountError("the two new passwords differ")
        accounts.change_password(g.user, request.form.get("current", "")[:MAX_PASSWORD], new)
    except accounts.AccountError as error:
        db.session().rollback()
        flash(f"The password was not changed: {error}.", "error")
        return render_template("auth/password.html"), 400
    db.session().commit()
    cookie["generation"] = g.user.session_generation  # this session goes on
    flash("Password changed; every other session of yours was signed out.", "note")
    return redirect(url_for("passwords.change"))


def _max_age() -> int:
    return int(current_app.config.get("RESET_LINK_SECONDS", resets.MAX_AGE))


@bp.route("/reset/<token>", methods=("GET", "POST"))
def reset(token: str):
    """A one-time reset link: signed and expiring; it stops working once a password is set."""
    session = db.session()
    try:
        found = resets.user_of(session, current_app.config["SECRET_KEY"], token, _max_age())
    except accounts.AccountError as error:
        return render_template("auth/reset.html", refused=str(error)), 400
    if request.method == "GET":
        return render_template("auth/reset.html", email=found.email)
    new = request.form.get("new", "")[:MAX_PASSWORD]
    try:
        if new != request.form.get("again", "")[:MAX_PASSWORD]:
            raise accounts.AccountError("the two new passwords differ")
        accounts.set_password(found, new)
    except accounts.AccountError as error:
        session.rollback()
        flash(f"The password was not set: {error}.", "error")
        return render_template("auth/reset.html", email=found.email), 400
    session.commit()
    cookie.clear()  # whoever was signed in in this browser is not the one who reset
    flash("Your password is set: sign in with it.", "note")
    return redirect(url_for("auth.signin"))
