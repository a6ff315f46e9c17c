"""The instructors' accounts page: every account, adding one, importing a CSV roster."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlalchemy import select

from web.store import accounts, db
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
