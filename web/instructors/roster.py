"""The instructors' accounts pages: every account, adding one, importing a CSV roster, and one
account's page (its name, a one-time reset link, deactivating it)."""
from __future__ import annotations

from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template, request,
                   url_for)
from sqlalchemy import select

from web.store import accounts, db, resets
from web.auth import instructor_required
from web.store.models import User

bp = Blueprint("roster", __name__, url_prefix="/accounts")
MAX_ROSTER_BYTES = 1 << 20


def _page(made: list | None = None, error: str = "", status: int = 200):
    users = db.session().scalars(select(User).order_by(User.role, User.email)).all()
    # new passwords are shown in this response only: never in a flash, which the session
    # cookie would carry (signed, not encrypted)
    return render_template("roster/index.html", users=users, made=made or [], error=error), status


@bp.get("/")
@instructor_required
def index():
    return _page()


@bp.post("/")
@instructor_required
def add():
    session = db.session()
    try:
        if "roster" in request.files:
            data = request.files["roster"].read(MAX_ROSTER_BYTES + 1)
            if len(data) > MAX_ROSTER_BYTES:
                raise accounts.AccountError("the roster is larger than 1 MiB")
            made = accounts.import_roster(session, data.decode("utf-8-sig", "replace"))
        else:
            role = "instructor" if request.form.get("role") == "instructor" else "student"
            made = [accounts.add_user(session, request.form.get("email", ""), role,
                                      request.form.get("name", ""))]
    except accounts.AccountError as exc:
        session.rollback()
        return _page(error=f"Nothing was added: {exc}.", status=400)
    session.commit()
    return _page(made)


def _user(number: int) -> User:
    found = db.session().get(User, number)
    if found is None:
        abort(404)
    return found


def _user_page(user: User, link: str = "", status: int = 200):
    # a reset link is shown in this response only, like a new password (see _page)
    return render_template("roster/user.html", user=user, link=link), status


@bp.get("/<int:number>")
@instructor_required
def user(number: int):
    return _user_page(_user(number))


@bp.post("/<int:number>")
@instructor_required
def edit(number: int):
    """Rename, deactivate or reactivate an account; its submissions are kept whatever is done."""
    found = _user(number)
    action = request.form.get("action", "")
    if action == "rename":
        accounts.rename(found, request.form.get("name", ""))
        message = "Name saved."
    elif action in ("deactivate", "activate"):
        if found.id == g.user.id:
            flash("Nothing was changed: you cannot deactivate your own account.", "error")
            return redirect(url_for("roster.user", number=number))
        accounts.set_active(found, action == "activate")
        message = ("Deactivated: signed out everywhere, cannot sign in; submissions kept."
                   if action == "deactivate" else "Active again: can sign in.")
    else:
        abort(400)
    db.session().commit()
    flash(message, "note")
    return redirect(url_for("roster.user", number=number))


@bp.post("/<int:number>/reset-link")
@instructor_required
def reset_link(number: int):
    found = _user(number)
    if not found.active:
        return _user_page(found, status=400)
    token = resets.make(current_app.config["SECRET_KEY"], found)
    return _user_page(found, link=url_for("passwords.reset", token=token, _external=True))
