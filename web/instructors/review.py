"""The instructors' pages: the class view, a submission in full, task 15 by hand, the course's
settings, students' extensions, regrades and the CSV grade book.  Students get 403."""
from __future__ import annotations

from datetime import datetime

from flask import (Blueprint, Response, abort, flash, g, jsonify, redirect, render_template,
                   request, url_for)
from sqlalchemy import func, select

from web.rules import blogpost, classtable, gradebook, gradingqueue, release, rubric
from web.security import LARGEST_ID

from web.store import comments, db, regrades, review_data, task15
from web.auth import instructor_required
from web.store.models import StudentTerms, Submission, utcnow
from web.students import report

bp = Blueprint("review", __name__, url_prefix="/review")


def class_data(sort: str = "name", descending: bool = False, text: str = "",
               show: str = "all") -> dict:
    """The class view's data (the page and the API): the grade book's rows, shown ones sorted
    and filtered, and the failure rates over every counted submission."""
    session = db.session()
    book = review_data.book(session)
    shown = classtable.sort_rows(classtable.filter_rows(book, text, show), sort, descending)
    waiting = session.scalar(select(func.count()).select_from(Submission)
                             .where(Submission.status.in_(("queued", "running"))))
    return {"book": book, "rows": shown, "course": review_data.settings_row(session),
            "regrade": regrades.progress(session), "ungraded": len(gradingqueue.waiting(book)),
            "task_rates": classtable.task_failure_rates(book), "waiting": waiting,
            "check_rates": classtable.check_failure_rates(review_data.counted_results(session, book))}


@bp.get("/")
@instructor_required
def index():
    sort = request.args.get("sort", "name")
    descending = request.args.get("desc") == "1"
    text, show = request.args.get("q", "")[:200], request.args.get("show", "all")
    return render_template("review/class.html", sort=sort, descending=descending, text=text,
                           show=show, shows=classtable.SHOW, tasks=gradebook.AUTO_TASKS,
                           shade=classtable.shade, manual_shade=classtable.manual_shade,
                           max_total=gradebook.MAX_TOTAL, **class_data(sort, descending, text, show))


def _submission(number: int) -> Submission:
    found = db.session().get(Submission, number)
    if found is None:
        abort(404)
    return found


def _submission_data(found: Submission) -> dict:
    detail = review_data.detail(db.session(), found)
    pending, total = report.pending(detail["tasks"]), len(report.ALL_TASKS)
    # a regrade waiting for its worker still has the last grading's tasks: none of its own yet
    done = 0 if found.status == "queued" else total - len(pending)
    stored = next((t.get("urls") for t in detail["tasks"] if t.get("task") == 15), None)
    return {"submission": found, "detail": detail, "pending": pending, "total_tasks": total,
            "done": done, "blog_urls": blogpost.urls({}, stored)}


@bp.get("/submissions/<int:number>")
@instructor_required
def submission(number: int):
    found = _submission(number)
    return render_template("review/submission.html", manual_max=gradebook.MANUAL_MAX,
                           comment_counts=comments.counts(db.session(), found.id),
                           **_submission_data(found))


@bp.get("/submissions/<int:number>/part")
@instructor_required
def submission_part(number: int):
    """The parts of the page that change while grading (web/static/submission.js swaps them in)."""
    return render_template("review/_live.html", **_submission_data(_submission(number)))


def _number(name: str, kind=float, blank=None):
    text = request.form.get(name, "").strip()
    if not text:
        return blank
    try:
        value = kind(text)
    except ValueError:
        raise review_data.ReviewError(f"{name.replace('_', ' ')}: {text[:40]!r} is not a number") from None
    if kind is int and abs(value) > LARGEST_ID:  # past the database's integer: not a count or an id
        raise review_data.ReviewError(f"{name.replace('_', ' ')}: {text[:40]!r} is too large")
    return value


def _done(message: str, target: str):
    flash(message, "note")
    return redirect(target)


def _refused(error: Exception, target: str):
    db.session().rollback()
    flash(f"Nothing was changed: {error}.", "error")
    return redirect(target)


@bp.post("/submissions/<int:number>/grade")
@instructor_required
def grade(number: int):
    found = _submission(number)
    back = url_for("review.submission", number=number)
    try:
        score = _number("score")
        if score is None:
            raise review_data.ReviewError("give a score")
        review_data.grade_manual(db.session(), g.user, found, score, request.form.get("comment", ""))
    except review_data.ReviewError as error:
        return _refused(error, back)
    db.session().commit()
    return _done(f"Task 15 of {found.user.email} graded: {score:g}.", back)


def _queue(numbers: list[int]) -> int:
    """Send the marked submissions to the regrade queue, which workers serve only when no live
    submission waits (web/worker/celery_app.py); the page does not wait for any grading."""
    from web.worker import queue  # the broker is reached only here, after the marks are stored
    return sum(1 for number in numbers if queue.enqueue(number, regrade=True))


@bp.post("/submissions/<int:number>/regrade")
@instructor_required
def regrade(number: int):
    _submission(number)
    numbers = review_data.request_regrade(db.session(), g.user, [number])
    db.session().commit()
    if not numbers:
        return _done("It is being graded already.", url_for("review.submission", number=number))
    _queue(numbers)
    return _done("Queued for grading again; its manual grade is kept, and the score change will "
                 "show in the log below.", url_for("review.submission", number=number))


def _regradable(session) -> int:
    return session.scalar(select(func.count()).select_from(Submission)
                          .where(Submission.status.in_(review_data.REGRADABLE)))


@bp.get("/regrade")
@instructor_required
def regrade_confirm():
    """What a regrade of everyone costs, before it is asked for: how many, and about how long."""
    from web.students.status import seconds_per_grading
    session = db.session()
    count, each = _regradable(session), seconds_per_grading(session)
    return render_template("review/regrade.html", count=count,
                           minutes=None if each is None else max(round(count * each / 60), 1),
                           regrade=regrades.progress(session))


@bp.post("/regrade")
@instructor_required
def regrade_all():
    if request.form.get("confirm") != "yes":  # only the confirmation page's form says yes
        return redirect(url_for("review.regrade_confirm"))
    session = db.session()
    every = session.scalars(select(Submission.id)).all()
    numbers = review_data.request_regrade(session, g.user, list(every))
    regrades.mark_batch(session, numbers)
    session.commit()
    sent = _queue(numbers)
    return _done(f"{len(numbers)} submissions queued for grading again ({sent} sent to the "
                 "workers now, the others as soon as the queue answers); manual grades are "
                 "kept, and students' new submissions are graded first.", url_for("review.index"))


@bp.get("/regrade/progress.json")
@instructor_required
def regrade_progress():
    """The class view's regrade progress (web/static/regrade.js asks every few seconds)."""
    return jsonify(regrades.progress(db.session()))


@bp.get("/gradebook.csv")
@instructor_required
def gradebook_csv():
    text = gradebook.to_csv(review_data.book(db.session()))
    name = f"gradebook-{utcnow():%Y%m%d-%H%M}.csv"
    return Response(text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _deadline(text: str) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None, second=0, microsecond=0)
    except ValueError:
        raise review_data.ReviewError(f"the deadline {text[:40]!r} is not a date and time") from None


@bp.route("/settings", methods=("GET", "POST"))
@instructor_required
def settings():
    back = url_for("review.settings")
    if request.method == "GET":
        session = db.session()
        return render_template("review/settings.html", course=review_data.settings_row(session),
                               rules=gradebook.COUNTED_RULES, modes=release.MODES,
                               manual_max=gradebook.MANUAL_MAX,
                               rubric_text=rubric.to_text(task15.items(session)),
                               comments_text="\n".join(task15.comments(session)))
    try:
        changed = review_data.save_settings(
            db.session(), g.user, _deadline(request.form.get("deadline", "")),
            _number("penalty_per_day", float, 0.0), _number("grace_days", int, 0),
            request.form.get("counted", "latest"), _number("submissions_per_window", int))
        # fields a form does not send are left as they are
        task15.save_settings(db.session(), request.form.get("release"),
                             request.form.get("rubric"), request.form.get("comments"))
    except (review_data.ReviewError, rubric.RubricError) as error:
        return _refused(error, back)
    db.session().commit()
    return _done(f"Saved; {changed} student{'s' * (changed != 1)}' totals changed (see each "
                 "submission's log).", back)


@bp.route("/extensions", methods=("GET", "POST"))
@instructor_required
def extensions():
    back = url_for("review.extensions")
    session = db.session()
    if request.method == "POST":
        try:
            student = _number("student", int)
            if student is None:
                raise review_data.ReviewError("choose a student")
            review_data.set_terms(session, g.user, student, _number("extension_days", int, 0),
                                  _number("grace_days", int))
        except review_data.ReviewError as error:
            return _refused(error, back)
        session.commit()
        return _done("Saved; the student's late penalty was recomputed.", back)
    terms = {t.user_id: t for t in session.scalars(select(StudentTerms))}
    return render_template("review/extensions.html", book=review_data.book(session), terms=terms,
                           course=review_data.settings_row(session))
