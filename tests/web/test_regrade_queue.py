"""Regrade every submission: asked to confirm with a count, queued on the regrade queue, its
progress (n of N) as JSON and on the class view; a student's queue place counts live ones only."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.web.conftest import memory_queue_app, queued_ids
from tests.web.test_review import add_submission, course, post, prof  # noqa: F401 - fixtures
from web.store import db
from web.store.models import Submission, utcnow
from web.students import status


@pytest.fixture
def app(tmp_path):
    return memory_queue_app(tmp_path)


def test_regrade_every_submission_asks_to_confirm_first(app, prof):  # noqa: F811
    page = prof.get("/review/").get_data(as_text=True)
    assert 'action="/review/regrade"' in page and 'method="get"' in page
    unconfirmed = post(prof, "/review/regrade", {})
    assert unconfirmed.status_code == 302 and unconfirmed.location.endswith("/review/regrade")
    assert queued_ids(app) == []
    with app.app_context():
        assert all(s.regrade is None for s in db.session().query(Submission))
    confirm = prof.get("/review/regrade").get_data(as_text=True)
    assert "<strong>3</strong> submissions will be graded again" in confirm
    assert 'name="confirm" value="yes"' in confirm


def test_a_confirmed_regrade_goes_on_the_regrade_queue_and_shows_its_progress(app, prof):  # noqa: F811
    assert post(prof, "/review/regrade", {"confirm": "yes"}).status_code == 302
    assert queued_ids(app, ("live",)) == []
    assert sorted(queued_ids(app, ("regrade",))) == [1, 2, 3]
    progress = prof.get("/review/regrade/progress.json").get_json()
    assert progress == {"running": True, "total": 3, "done": 0, "failed": 0, "left": 3}
    with app.app_context():  # what the worker does as it stores one regrade, and a grader fault
        first, second = db.session().get(Submission, 1), db.session().get(Submission, 2)
        first.status, first.regrade = "done", None
        second.status = "fault"
        db.session().commit()
    progress = prof.get("/review/regrade/progress.json").get_json()
    assert (progress["done"], progress["failed"], progress["running"]) == (1, 1, True)
    page = prof.get("/review/").get_data(as_text=True)
    assert 'id="regrade-done">1</span> of <span id="regrade-total">3</span>' in page
    assert "/static/regrade.js" in page and 'id="regrade-refresh"' in page  # works without JS too
    with app.app_context():
        db.session().get(Submission, 3).status = "done"
        db.session().get(Submission, 3).regrade = None
        db.session().commit()
    assert prof.get("/review/regrade/progress.json").get_json()["running"] is False
    assert 'id="regrade-progress" class="note" role="status"' in prof.get("/review/").get_data(as_text=True)


def test_a_students_queue_place_counts_only_live_submissions_ahead(app, prof, course):  # noqa: F811
    post(prof, "/review/regrade", {"confirm": "yes"})
    with app.app_context():
        session = db.session()
        first = add_submission(session, course["cy@example.org"], utcnow(), {}, status="queued")
        second = add_submission(session, course["bob@example.org"], utcnow(), {}, status="queued")
        done = session.get(Submission, 1)
        done.started_at, done.finished_at = utcnow() - timedelta(seconds=30), utcnow()
        done.status, done.regrade = "done", None
        session.commit()
        live = [status.state(session, session.get(Submission, n)) for n in (first, second)]
        regrade = status.state(session, session.get(Submission, 2))
    assert [s["place"] for s in live] == [1, 2]  # the 2 regrades waiting are not ahead
    assert live[0]["estimate_seconds"] == 30
    assert regrade["place"] == 3  # a regrade waits behind every live one
