"""Claims on a submission: a duplicate message skips, a redelivery takes over, a stale claim expires."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from web.store import accounts, db

from web.worker import jobs
from web.store.models import Submission, TaskOutcome, utcnow


@pytest.fixture
def session(app):
    with app.app_context():
        accounts.add_user(db.session(), "ada@example.org", password="a long password")
        db.session().add(Submission(user_id=1))
        db.session().commit()
        yield db.session()


def claim(session, message: str, stale: int = 3600, attempts: int = 3):
    return jobs.claim(session, 1, message, stale, attempts)


def test_one_message_claims_and_a_duplicate_skips(session):
    first = claim(session, "m1")
    assert first == jobs.Claim(1, "m1", 1)
    assert claim(session, "m2") is None  # another message while m1 grades: nothing to do
    row = session.get(Submission, 1)
    session.refresh(row)
    assert row.status == "running" and row.claim == "m1" and row.attempts == 1


def test_a_redelivered_message_takes_over_and_the_old_grading_cannot_write(session):
    old = claim(session, "m1")
    session.add(TaskOutcome(submission_id=1, task=0, result={"partial": True}))
    session.commit()
    new = claim(session, "m1")  # the same message again: its worker died
    assert new.attempt == 2 and session.query(TaskOutcome).count() == 0
    report = type("R", (), {"score": 1.0, "max_score": 60.0, "tasks": []})()
    assert not jobs._store_final(session, old, report, {})
    assert jobs._store_final(session, new, report, {})
    row = session.get(Submission, 1)
    session.refresh(row)
    assert row.status == "done" and row.score == 1.0
    assert claim(session, "m1") is None and claim(session, "m3") is None  # graded: nothing to do


def test_a_stale_claim_expires(session):
    claim(session, "m1")
    session.execute(update(Submission).values(started_at=utcnow() - timedelta(seconds=100)))
    session.commit()
    assert claim(session, "m2", stale=60).attempt == 2


def test_a_submission_whose_worker_keeps_dying_is_left_for_staff(session):
    for attempt in range(3):
        assert claim(session, "m1").attempt == attempt + 1
    assert claim(session, "m1") is None
    row = session.get(Submission, 1)
    session.refresh(row)
    assert row.status == "fault" and "stopped 3 times" in row.fault and row.score is None
