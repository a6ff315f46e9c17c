"""The students' pages: upload, a submission's results as they come, their own history."""
from __future__ import annotations

from flask import Blueprint, render_template

from web.auth import login_required

bp = Blueprint("portal", __name__)


@bp.get("/")
@login_required
def index():
    return render_template("portal/index.html")
