"""Regrades never delay a live submission, for real: a redis-server, a Celery worker grading in
the bwrap sandbox, 30 regrades queued and then one student's upload."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.helpers import reference_files
from tests.web.conftest import PASSWORD, sign_in
from tests.web.services import wait_for
from tests.web.test_queue import make_service, redis_server, submit, workers  # noqa: F401 - fixtures
from tests.web.test_review import post
from web.store import accounts, db
from web.store.models import AuditEntry, Submission, SubmissionFile, TaskOutcome, utcnow

pytestmark = pytest.mark.redis
REGRADES = 30


def _old_submissions(app, files: dict[str, str]) -> list[int]:
    """REGRADES graded submissions of bob's, from two days ago (outside any quota window)."""
    with app.app_context():
        session = db.session()
        for email, role in (("bob@example.org", "student"), ("prof@example.org", "instructor")):
            accounts.add_user(session, email, role, password=PASSWORD)
        session.flush()
        bob = accounts.find(session, "bob@example.org").id
        made = []
        for _ in range(REGRADES):
            submission = Submission(user_id=bob, status="done", attempts=1, score=0.0, max_score=64.0,
                                    created_at=utcnow() - timedelta(days=2), finished_at=utcnow())
            submission.files = [SubmissionFile(name=n, data=t.encode()) for n, t in files.items()]
            submission.results = [TaskOutcome(task=1, result={"task": 1, "score": 0.0})]
            session.add(submission)
            made.append(submission)
        session.commit()
        return [submission.id for submission in made]


def _all(app) -> dict[int, Submission]:
    with app.app_context():
        return {s.id: s for s in db.session().scalars(select(Submission))}


def _seconds(submission: Submission, start: str = "started_at") -> float:
    return (submission.finished_at - getattr(submission, start)).total_seconds()


def test_a_live_upload_is_graded_before_thirty_queued_regrades(tmp_path, redis_server, workers):  # noqa: F811
    app, environ = make_service(tmp_path, redis_server)
    files = {"1-normalize.py": reference_files()["1-normalize.py"]}
    old = _old_submissions(app, files)
    workers(environ)  # one worker, one grading at a time: the live queue first
    prof = app.test_client()
    assert sign_in(prof, "prof@example.org").status_code == 302
    assert post(prof, "/review/regrade", {"confirm": "yes"}, "/review/regrade").status_code == 302
    wait_for(lambda: any(s.status == "running" for s in _all(app).values()), 120,
             "the first regrade to start")

    _, live = submit(app, files)  # ada uploads while the regrades wait
    wait_for(lambda: _all(app)[live].status in ("done", "fault"), 240, "the live submission")
    now = _all(app)
    progress = prof.get("/review/regrade/progress.json").get_json()
    assert now[live].status == "done" and now[live].regrade is None
    regraded_before = sum(1 for n in old if now[n].status == "done" and now[n].regrade is None)
    assert regraded_before <= 2, regraded_before  # at most the one running when it came, and a slow poll
    assert progress["running"] and progress["total"] == REGRADES
    assert progress["done"] == regraded_before

    def finished():
        found = _all(app)
        return all(found[n].status in ("done", "fault") and found[n].regrade is None for n in old)

    wait_for(finished, 30 * 60, "the 30 regrades to finish", every=1)
    found = _all(app)
    assert all(found[n].status == "done" for n in old)
    longest = max(_seconds(s) for s in found.values() if s.started_at)
    assert _seconds(found[live], "created_at") < 2 * longest  # waited for one grading at most
    assert sum(1 for n in old if found[n].finished_at > found[live].finished_at) >= REGRADES - 2
    with app.app_context():
        logged = db.session().scalars(select(AuditEntry.submission_id).where(
            AuditEntry.kind == "regrade")).all()
    assert sorted(logged) == old  # every regrade has its audit entry, the live one none
    assert prof.get("/review/regrade/progress.json").get_json()["running"] is False
