"""The instructors' pages and API on a real database (SQLite file, PostgreSQL): who may see them,
the class view, manual grades, extensions, the late policy, the CSV and the API agreeing."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from html.parser import HTMLParser

import pytest

from tests.web.conftest import client_for, csrf_token, memory_queue_app, queued_ids
from web.instructors import api
from web.store import accounts, db
from web.store.models import AuditEntry, ManualGrade, Submission, SubmissionFile, TaskOutcome, utcnow

DEADLINE = datetime(2026, 11, 1, 12, 0)
PAGES = ["/review/", "/review/submissions/1", "/review/settings", "/review/extensions",
         "/review/gradebook.csv", "/api/tokens"]
POSTS = ["/review/submissions/1/grade", "/review/submissions/1/regrade", "/review/regrade",
         "/review/settings", "/review/extensions", "/api/tokens"]
API = ["/api/v1/gradebook", "/api/v1/failures", "/api/v1/submissions/1"]


def outcome(task: int, score: float, failed: tuple[str, ...] = ()) -> dict:
    """A stored task result as the worker writes it (DESIGN.md's JSON)."""
    status = "passed" if score == 4.0 else "partial" if score else "failed"
    checks = [{"name": name, "kind": "correctness", "visibility": "hidden", "passed": False,
               "score": 0.0, "max_score": 1.0, "message": f"hidden case ({name}): wrong",
               "mistake": None} for name in failed]
    return {"task": task, "file": f"{task}-x.py", "score": score, "max_score": 4.0, "status": status,
            "checks": checks, "message": "stopped: exceeded the time limit" if task == 9 else "",
            "output": "PRINTED by the student" if task == 2 else "", "urls": [],
            "cpu_seconds": 0.1, "wall_seconds": 0.2}


def add_submission(session, user_id: int, created_at: datetime, scores: dict[int, float],
                   status: str = "done") -> int:
    submission = Submission(user_id=user_id, status=status, created_at=created_at,
                            score=sum(scores.values()), max_score=4.0 * len(scores))
    submission.files = [SubmissionFile(name="0-norm_constants.py", data=b"def f():\n    '<b>'\n")]
    submission.results = [TaskOutcome(task=t, result=outcome(t, s, ("even: values",) if s < 4 else ()))
                          for t, s in scores.items()]
    session.add(submission)
    session.flush()
    return submission.id


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def app(request, tmp_path):
    config = {}
    if request.param == "postgresql":
        config["DATABASE_URL"] = request.getfixturevalue("postgres").new_database()
    return memory_queue_app(tmp_path, **config)


@pytest.fixture
def course(app, make_user):
    """ada: on time, 2 submissions; bob: one a day and a half late; cy: none. Ids by e-mail."""
    ids = {email: make_user(email) for email in ("ada@example.org", "bob@example.org", "cy@example.org")}
    ids["prof@example.org"] = make_user("prof@example.org", "instructor")
    with app.app_context():
        session = db.session()
        add_submission(session, ids["ada@example.org"], DEADLINE - timedelta(days=2), {0: 2.0, 1: 4.0})
        add_submission(session, ids["ada@example.org"], DEADLINE - timedelta(days=1), {0: 4.0, 1: 4.0})
        add_submission(session, ids["bob@example.org"], DEADLINE + timedelta(hours=36), {0: 4.0, 1: 1.0})
        session.commit()
    return ids


@pytest.fixture
def prof(app, course):
    return client_for(app, "prof@example.org")


def post(client, path: str, data: dict, page: str = "/review/"):
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **data})


class ClassTable(HTMLParser):
    """The class view's numbers: e-mail -> {task: score or None, 'total': total}."""

    def __init__(self, html: str):
        super().__init__()
        self.rows, self.current = {}, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and "data-student" in attrs:
            self.current = self.rows[attrs["data-student"]] = {"total": float(attrs["data-total"])}
        elif tag == "td" and "data-task" in attrs and self.current is not None:
            score = attrs["data-score"]
            self.current[int(attrs["data-task"])] = float(score) if score else None


def totals(client) -> dict[str, float]:
    return {email: row["total"] for email, row in
            ClassTable(client.get("/review/").get_data(as_text=True)).rows.items()}


def test_students_get_403_and_signed_out_users_are_sent_to_sign_in(app, course):
    student = client_for(app, "ada@example.org")
    for path in PAGES:
        assert student.get(path).status_code == 403, path
    token = csrf_token(student.get("/").get_data(as_text=True))
    for path in POSTS:
        assert student.post(path, data={"csrf_token": token, "score": "4"}).status_code == 403, path
    for path in API:  # the API with a student's session
        response = student.get(path)
        assert response.status_code == 403 and response.get_json() == {
            "error": "only instructors may use this API"}, path
    anonymous = app.test_client()
    for path in PAGES:
        response = anonymous.get(path)
        assert response.status_code == 302 and "/signin" in response.location, path
    for path in API:
        assert anonymous.get(path).status_code == 401, path
    with app.app_context():
        assert db.session().query(ManualGrade).count() == 0
        assert db.session().get(Submission, 1).status == "done"  # no regrade was asked


def test_the_class_view_shows_every_student_sorted_and_filtered_with_failure_rates(app, prof):
    page = prof.get("/review/").get_data(as_text=True)
    table = ClassTable(page).rows
    assert list(table) == ["ada@example.org", "bob@example.org", "cy@example.org"]
    assert table["ada@example.org"][0] == 4.0 and table["ada@example.org"]["total"] == 8.0  # latest
    assert table["bob@example.org"][1] == 1.0 and table["cy@example.org"][0] is None
    assert 'class="cell partial"' in page and 'class="cell none"' in page
    assert 'id="task-rates"' in page and "even: values" in page  # the check that fails most
    by_total = ClassTable(prof.get("/review/?sort=total&desc=1").get_data(as_text=True)).rows
    assert list(by_total) == ["ada@example.org", "bob@example.org", "cy@example.org"]
    by_task1 = ClassTable(prof.get("/review/?sort=task1").get_data(as_text=True)).rows
    assert list(by_task1) == ["bob@example.org", "ada@example.org", "cy@example.org"]
    assert list(ClassTable(prof.get("/review/?q=BOB").get_data(as_text=True)).rows) == ["bob@example.org"]
    assert list(ClassTable(prof.get("/review/?show=none").get_data(as_text=True)).rows) == ["cy@example.org"]


def test_the_submission_view_shows_files_hidden_details_output_and_limits(app, prof):
    page = prof.get("/review/submissions/3").get_data(as_text=True)
    assert "bob@example.org" in page and "0-norm_constants.py" in page
    assert "&lt;b&gt;" in page and "<b>" not in page  # the student's code is escaped
    assert "hidden case (even: values): wrong" in page  # hidden cases' details, for staff
    assert prof.get("/review/submissions/99").status_code == 404


def test_grading_task_15_by_hand_is_kept_and_logged(app, prof, course):
    response = post(prof, "/review/submissions/2/grade", {"score": "3.5", "comment": "good post"},
                    "/review/submissions/2")
    assert response.status_code == 302
    assert post(prof, "/review/submissions/2/grade", {"score": "9"}).status_code == 302  # refused
    page = prof.get("/review/submissions/2").get_data(as_text=True)
    assert "Nothing was changed: the score of task 15 is from 0 to 4" in page
    assert "good post" in page and 'id="audit"' in page
    ada = ClassTable(prof.get("/review/").get_data(as_text=True)).rows["ada@example.org"]
    assert (ada[0], ada[1], ada[2], ada[15], ada["total"]) == (4.0, 4.0, None, 3.5, 11.5)
    with app.app_context():
        entry, = db.session().query(AuditEntry).all()
        assert (entry.kind, entry.actor, entry.old_value, entry.new_value, entry.submission_id) == (
            "manual", "prof@example.org", "none", "3.5", 2)
        assert entry.student_id == course["ada@example.org"]


def test_a_late_penalty_then_an_extension_recomputes_the_total_and_logs_both(app, prof, course):
    assert ClassTable(prof.get("/review/").get_data(as_text=True)).rows["bob@example.org"]["total"] == 5.0
    post(prof, "/review/settings", {"deadline": "2026-11-01T12:00", "penalty_per_day": "10",
                                    "grace_days": "0", "counted": "latest",
                                    "submissions_per_window": ""})
    rows = ClassTable(prof.get("/review/").get_data(as_text=True)).rows
    assert rows["bob@example.org"]["total"] == 4.0  # 36 hours late: 2 days, 20% off 5
    assert rows["ada@example.org"]["total"] == 8.0  # on time
    post(prof, "/review/extensions", {"student": course["bob@example.org"], "extension_days": "1",
                                      "grace_days": ""}, "/review/extensions")
    assert ClassTable(prof.get("/review/").get_data(as_text=True)).rows["bob@example.org"]["total"] == 4.5
    post(prof, "/review/extensions", {"student": course["bob@example.org"], "extension_days": "2",
                                      "grace_days": ""}, "/review/extensions")
    assert ClassTable(prof.get("/review/").get_data(as_text=True)).rows["bob@example.org"]["total"] == 5.0
    with app.app_context():
        log = [(e.kind, e.old_value, e.new_value) for e in
               db.session().query(AuditEntry).order_by(AuditEntry.id)]
    assert log == [("policy", "5", "4"), ("extension", "4", "4.5"), ("extension", "4.5", "5")]
    page = prof.get("/review/submissions/3").get_data(as_text=True)
    assert "extension 1 → 2 days" in page  # the log, on the page
    assert "course settings: deadline none → 2026-11-01 12:00 UTC" in page


def test_the_csv_and_the_api_give_the_class_views_numbers(app, prof, course):
    post(prof, "/review/submissions/3/grade", {"score": "2", "comment": "=cmd|' /C calc'!A0"},
         "/review/submissions/3")
    table = ClassTable(prof.get("/review/").get_data(as_text=True)).rows
    response = prof.get("/review/gradebook.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    lines = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [line["email"] for line in lines] == list(table)
    for line in lines:
        shown = table[line["email"]]
        assert float(line["total"]) == shown["total"]
        for task in range(15):
            assert (float(line[f"task_{task}"]) if line[f"task_{task}"] else None) == shown.get(task)
        assert (float(line["task_15_manual"]) if line["task_15_manual"] else None) == shown[15]
    assert lines[1]["task_15_comment"].startswith("'=")  # not a formula in a spreadsheet

    with app.app_context():
        token = api.create_token(db.session(), accounts.find(db.session(), "prof@example.org"), "lms")
        db.session().commit()
    scripted = app.test_client()
    book = scripted.get("/api/v1/gradebook", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert {s["student"]["email"]: s["total"] for s in book["students"]} == {
        email: row["total"] for email, row in table.items()}
    bob = next(s for s in book["students"] if s["student"]["email"] == "bob@example.org")
    assert bob["tasks"]["1"]["score"] == 1.0 and bob["manual"]["score"] == 2.0
    detail = scripted.get("/api/v1/submissions/3", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert detail["files"][0]["name"] == "0-norm_constants.py" and detail["audit"][0]["new"] == "2"
    assert "hidden case (even: values): wrong" in str(detail["tasks"])
    rates = scripted.get("/api/v1/failures", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert rates["checks"][0]["label"] == "even: values"
    assert scripted.get("/api/v1/gradebook", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_a_students_token_is_refused(app, course):
    with app.app_context():
        token = api.create_token(db.session(), accounts.find(db.session(), "ada@example.org"))
        db.session().commit()
    response = app.test_client().get("/api/v1/gradebook", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403 and "students" not in response.get_data(as_text=True)


def test_an_instructor_makes_a_token_shown_once_and_can_revoke_it(app, prof):
    page = post(prof, "/api/tokens", {"label": "LMS sync"}, "/api/tokens").get_data(as_text=True)
    token = page.split('id="token">', 1)[1].split("<", 1)[0]
    assert token.startswith("gr_") and token not in prof.get("/api/tokens").get_data(as_text=True)
    headers = {"Authorization": f"Bearer {token}"}
    assert app.test_client().get("/api/v1/gradebook", headers=headers).status_code == 200
    with app.app_context():
        from web.store.models import ApiToken
        stored = db.session().query(ApiToken).one()
        assert stored.digest != token and stored.last_used_at is not None
    post(prof, f"/api/tokens/{stored.id}/revoke", {}, "/api/tokens")
    assert app.test_client().get("/api/v1/gradebook", headers=headers).status_code == 401


def test_regrade_marks_and_queues_without_waiting_and_keeps_the_old_scores(app, prof):
    response = post(prof, "/review/regrade", {"confirm": "yes"})
    assert response.status_code == 302
    assert "3 submissions queued" in prof.get("/review/").get_data(as_text=True)
    assert sorted(queued_ids(app)) == [1, 2, 3]
    with app.app_context():
        first = db.session().get(Submission, 1)
        assert first.status == "queued" and first.attempts == 0
        assert first.regrade.pop("batch")["total"] == 3  # the class's regrade, for its progress
        assert first.regrade == {"by": 4, "actor": "prof@example.org", "score": 6.0, "cells": {
            "0": {"score": 2.0, "max_score": 4.0, "status": "partial"},
            "1": {"score": 4.0, "max_score": 4.0, "status": "passed"}}}
    # asked again while they wait: nothing more is queued
    post(prof, "/review/submissions/1/regrade", {}, "/review/submissions/1")
    assert queued_ids(app) == []
    # while they wait, and if their regrade ends in a grader fault, the scores they had count
    before = {"ada@example.org": 8.0, "bob@example.org": 5.0, "cy@example.org": 0.0}
    assert totals(prof) == before
    with app.app_context():
        db.session().query(TaskOutcome).delete()  # what a worker's claim does
        db.session().query(Submission).update({"status": "fault"})
        db.session().commit()
    assert totals(prof) == before
    post(prof, "/review/submissions/3/regrade", {}, "/review/submissions/3")  # again, after the fault
    with app.app_context():
        again = db.session().get(Submission, 3)
        assert again.status == "queued" and again.regrade["score"] == 5.0
        assert again.regrade["cells"]["1"]["score"] == 1.0  # the scores before the fault, kept
    assert queued_ids(app) == [3]


def test_the_instructor_nav_links_to_the_class_view(app, prof):
    assert 'href="/review/"' in prof.get("/").get_data(as_text=True)
    assert utcnow()  # the clock the audit entries use is UTC
