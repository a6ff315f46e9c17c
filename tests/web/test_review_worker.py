"""Regrading for real: a redis-server, a Celery worker grading in the sandbox, PostgreSQL."""
from __future__ import annotations

import csv
import io
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.helpers import reference_files
from tests.web.conftest import PASSWORD, sign_in
from tests.web.services import wait_for
from tests.web.test_queue import make_service, redis_server, stored, workers  # noqa: F401 - fixtures
from tests.web.test_review import ClassTable, post
from web.instructors import api
from web.store import accounts, db, review_data
from web.store.models import AuditEntry, Submission, SubmissionFile, TaskOutcome, utcnow

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


def _as_an_older_check_graded_it(session, user_id: int, files: dict[str, str],
                                 scores: dict[int, float]) -> int:
    """A submission stored with the scores a since-corrected check gave it."""
    submission = Submission(user_id=user_id, status="done", attempts=1,
                            created_at=utcnow() - timedelta(hours=1), finished_at=utcnow(),
                            score=sum(scores.values()), max_score=64.0)
    submission.files = [SubmissionFile(name=name, data=text.encode()) for name, text in files.items()]
    submission.results = [TaskOutcome(task=task, result={
        "task": task, "file": "", "score": score, "max_score": 4.0, "checks": [], "message": "",
        "status": "passed" if score == 4.0 else "failed", "output": "", "urls": []})
        for task, score in scores.items()]
    session.add(submission)
    session.flush()
    return submission.id


def test_regrading_everyone_after_a_check_change_updates_scores_and_keeps_manual_grades(
        tmp_path, redis_server, postgres, workers):  # noqa: F811
    app, environ = make_service(tmp_path, redis_server, postgres.new_database())
    reference = reference_files()
    with app.app_context():
        session = db.session()
        for email, role in (("bob@example.org", "student"), ("prof@example.org", "instructor")):
            accounts.add_user(session, email, role, password=PASSWORD)
        session.flush()
        prof = accounts.find(session, "prof@example.org")
        ada = _as_an_older_check_graded_it(
            session, accounts.find(session, "ada@example.org").id,
            {"0-norm_constants.py": reference["0-norm_constants.py"],
             "1-normalize.py": reference["1-normalize.py"]}, {0: 0.0, 1: 4.0})
        bob = _as_an_older_check_graded_it(
            session, accounts.find(session, "bob@example.org").id,
            {"1-normalize.py": reference["1-normalize.py"]}, {1: 1.0})
        for number, score in ((ada, 3.5), (bob, 2.0)):
            review_data.grade_manual(session, prof, session.get(Submission, number), score, "blog post")
        token = api.create_token(session, prof, "lms")
        session.commit()
    workers(environ)
    client = app.test_client()
    assert sign_in(client, "prof@example.org").status_code == 302

    began = time.monotonic()
    response = post(client, "/review/regrade", {"confirm": "yes"})
    assert response.status_code == 302 and time.monotonic() - began < 10  # queued, not graded here
    assert "2 submissions queued" in client.get("/review/").get_data(as_text=True)

    def regraded():
        with app.app_context():
            found = db.session().scalars(select(Submission).order_by(Submission.id)).all()
            return all(s.status in ("done", "fault") and s.regrade is None for s in found)

    wait_for(regraded, 240, "both submissions to be graded again", every=0.5)
    new = {number: stored(app, number) for number in (ada, bob)}
    assert all(s.status == "done" and len(s.results) == 16 for s in new.values())
    task0 = new[ada].results[0].result
    assert task0["score"] > 3.0 and all(c["passed"] for c in task0["checks"] if c["kind"] == "correctness")
    assert new[bob].results[1].result["score"] > 3.0
    for submission in new.values():
        assert submission.score == pytest.approx(sum(r.result["score"] for r in submission.results))

    with app.app_context():
        log = {e.submission_id: e for e in db.session().scalars(
            select(AuditEntry).where(AuditEntry.kind == "regrade"))}
    assert set(log) == {ada, bob}
    assert (log[ada].actor, log[ada].old_value, log[ada].new_value) == (
        "prof@example.org", "4", f"{new[ada].score:g}")
    assert log[ada].what.startswith("regrade: task 0 0 → ") and "task 2" not in log[ada].what

    # manual grades kept; the class view, the CSV and the API agree on the new totals
    table = ClassTable(client.get("/review/").get_data(as_text=True)).rows
    assert table["ada@example.org"][15] == 3.5 and table["bob@example.org"][15] == 2.0
    assert table["ada@example.org"]["total"] == pytest.approx(new[ada].score + 3.5)
    lines = list(csv.DictReader(io.StringIO(client.get("/review/gradebook.csv").get_data(as_text=True))))
    assert {line["email"]: float(line["total"]) for line in lines} == {
        email: row["total"] for email, row in table.items()}
    book = app.test_client().get("/api/v1/gradebook", headers={"Authorization": f"Bearer {token}"})
    assert {s["student"]["email"]: s["total"] for s in book.get_json()["students"]} == {
        email: row["total"] for email, row in table.items()}
    page = client.get(f"/review/submissions/{ada}").get_data(as_text=True)
    assert "regrade: task 0 0 → " in page and "blog post" in page
