"""The instructors' grading of task 15 (the blog post): one student's page with the rubric, and
"grade next ungraded", which walks through the class.  Students get 403."""
from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from web.auth import instructor_required
from web.rules import gradebook, release, rubric
from web.store import db, review_data, task15
from web.students import standing

bp = Blueprint("task15", __name__, url_prefix="/review/task15")
NONE_LEFT = ("Every student with a graded submission has a task-15 grade: none is left to "
             "grade.")


@bp.get("/next")
@instructor_required
def next_ungraded():
    """The next student without a task-15 grade (after ?after=ID, in the class's order)."""
    after = request.args.get("after", type=int)
    found = task15.next_student(db.session(), after)
    if found is None:
        flash(NONE_LEFT, "note")
        return redirect(url_for("review.index"))
    return redirect(url_for("task15.grade", student=found.student.id))


def _render(shown: task15.Page, status: int = 200, form: dict | None = None):
    form = form or {}
    where = standing.of(db.session(), shown.row.student.id, staff=True)  # only its deadline
    return render_template(
        "review/task15.html", p=shown, manual_max=gradebook.MANUAL_MAX,
        release_mode=review_data.settings_row(db.session()).release, modes=release.MODES,
        due=where.due if where else None,
        chosen=form.get("chosen", shown.given), reused=form.get("reused", set()),
        free=form.get("free", shown.grade.comment if shown.grade else ""),
        keep=form.get("keep", False)), status


@bp.route("/<int:student>", methods=("GET", "POST"))
@instructor_required
def grade(student: int):
    session = db.session()
    shown = task15.page(session, student)
    if shown is None:
        abort(404)
    if request.method == "GET":
        return _render(shown)
    form = request.form
    try:
        made = task15.save_grade(session, g.user, student, form.get("fingerprint", ""),
                                 form.getlist("item"), form.getlist("reuse"),
                                 form.get("comment", ""), form.get("keep") == "1")
    except (review_data.ReviewError, rubric.RubricError) as error:
        session.rollback()
        flash(f"Nothing was saved: {error}.", "error")
        chosen = {int(i) for i in form.getlist("item") if i.isascii() and i.isdigit()}
        reused = {int(i) for i in form.getlist("reuse") if i.isascii() and i.isdigit()}
        return _render(task15.page(session, student), 400,
                       {"chosen": chosen, "reused": reused, "free": form.get("comment", ""),
                        "keep": form.get("keep") == "1"})
    session.commit()
    who = shown.row.student.name or shown.row.student.email
    flash(f"Task 15 of {who} graded: {made.score:g} / {gradebook.MANUAL_MAX:g}.", "note")
    if form.get("then") == "stay":
        return redirect(url_for("task15.grade", student=student))
    return redirect(url_for("task15.next_ungraded", after=student))
