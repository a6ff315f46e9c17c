"""Account pages: a user's own password change, one-time reset links, renaming and deactivating
an account, and `grader demo remove`'s removal, on the Flask test client and SQLite."""
from __future__ import annotations

import re
import time
from datetime import datetime

from sqlalchemy import func, select

from tests.web.conftest import PASSWORD, csrf_token, sign_in
from web import create_app
from web.instructors import demo
from web.store import accounts, db
from web.store.models import AuditEntry, ManualGrade, Submission, SubmissionFile, TaskOutcome, User

NEW = "a brand new passphrase"


def _post(client, path: str, data: dict, page: str):
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **data})


def _signed_in(app, email: str, password: str = PASSWORD):
    client = app.test_client()
    assert sign_in(client, email, password).status_code == 302
    return client


def _reset_link(app, prof, user_id: int) -> str:
    page = _post(prof, f"/accounts/{user_id}/reset-link", {}, f"/accounts/{user_id}")
    assert page.status_code == 200
    found = re.search(r"http://localhost(/accounts/reset/[^<\s]+)", page.get_data(as_text=True))
    assert found, "the page shows no reset link"
    return found.group(1)


def test_a_user_changes_their_password_and_their_other_sessions_end(app, make_user):
    make_user("ada@example.org")
    here, elsewhere = _signed_in(app, "ada@example.org"), _signed_in(app, "ada@example.org")
    wrong = _post(here, "/accounts/password", {"current": "not it at all", "new": NEW, "again": NEW},
                  "/accounts/password")
    assert wrong.status_code == 400 and "current password is not right" in wrong.get_data(as_text=True)
    differ = _post(here, "/accounts/password", {"current": PASSWORD, "new": NEW, "again": NEW + "x"},
                   "/accounts/password")
    assert differ.status_code == 400
    changed = _post(here, "/accounts/password", {"current": PASSWORD, "new": NEW, "again": NEW},
                    "/accounts/password")
    assert changed.status_code == 302
    assert here.get("/").status_code == 200  # this session goes on
    assert elsewhere.get("/").status_code == 302  # the other one is signed out
    assert sign_in(app.test_client(), "ada@example.org").status_code == 401
    assert sign_in(app.test_client(), "ada@example.org", NEW).status_code == 302


def test_a_reset_link_works_once_and_only_for_an_instructor_to_make(app, make_user):
    ada = make_user("ada@example.org")
    make_user("prof@example.org", "instructor")
    student = _signed_in(app, "ada@example.org")
    assert student.get(f"/accounts/{ada}").status_code == 403
    link = _reset_link(app, _signed_in(app, "prof@example.org"), ada)
    stranger = app.test_client()
    form = stranger.get(link)
    assert form.status_code == 200 and "ada@example.org" in form.get_data(as_text=True)
    token = csrf_token(form.get_data(as_text=True))
    assert stranger.post(link, data={"csrf_token": token, "new": NEW, "again": NEW}).status_code == 302
    assert student.get("/").status_code == 302  # a reset signs the account out everywhere
    assert sign_in(app.test_client(), "ada@example.org", NEW).status_code == 302
    again = app.test_client().get(link)
    assert again.status_code == 400 and "used already" in again.get_data(as_text=True)
    other = app.test_client()
    token = csrf_token(other.get("/signin").get_data(as_text=True))
    refused = other.post(link, data={"csrf_token": token, "new": "x" * 20, "again": "x" * 20})
    assert refused.status_code == 400
    assert sign_in(app.test_client(), "ada@example.org", NEW).status_code == 302  # unchanged
    assert app.test_client().get(link[:-3] + "abc").status_code == 400  # a forged signature


def test_a_reset_link_is_refused_after_it_expires(tmp_path):
    app = create_app({"INSTANCE": str(tmp_path / "instance"), "SECRET_KEY": "test-key" * 4,
                      "SANDBOX": "none", "RESET_LINK_SECONDS": 1})
    with app.app_context():
        for email, role in (("ada@example.org", "student"), ("prof@example.org", "instructor")):
            accounts.add_user(db.session(), email, role, password=PASSWORD)
        db.session().commit()
        ada = accounts.find(db.session(), "ada@example.org").id
    link = _reset_link(app, _signed_in(app, "prof@example.org"), ada)
    assert app.test_client().get(link).status_code == 200
    time.sleep(2.2)  # itsdangerous timestamps are whole seconds
    late = app.test_client().get(link)
    assert late.status_code == 400 and "expired" in late.get_data(as_text=True)


def test_an_instructor_renames_and_deactivates_an_account_whose_submissions_are_kept(app, make_user):
    ada = make_user("ada@example.org")
    make_user("prof@example.org", "instructor")
    with app.app_context():
        db.session().add(Submission(user_id=ada, status="done", score=4.0, max_score=4.0))
        db.session().commit()
    student, prof = _signed_in(app, "ada@example.org"), _signed_in(app, "prof@example.org")
    page = f"/accounts/{ada}"
    _post(prof, page, {"action": "rename", "name": "Ada Lovelace"}, page)
    assert "Ada Lovelace" in prof.get("/accounts/").get_data(as_text=True)
    _post(prof, page, {"action": "deactivate"}, page)
    assert student.get("/").status_code == 302  # signed out at once
    assert sign_in(app.test_client(), "ada@example.org").status_code == 401
    assert "deactivated" in prof.get("/accounts/").get_data(as_text=True)
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(Submission)) == 1
    assert _post(prof, f"/accounts/{ada}/reset-link", {}, page).status_code == 400
    _post(prof, page, {"action": "activate"}, page)
    assert sign_in(app.test_client(), "ada@example.org").status_code == 302
    me = _post(prof, f"/accounts/{accounts_id(app, 'prof@example.org')}", {"action": "deactivate"}, page)
    assert me.status_code == 302 and sign_in(app.test_client(), "prof@example.org").status_code == 302


def accounts_id(app, email: str) -> int:
    with app.app_context():
        return accounts.find(db.session(), email).id


def test_demo_remove_takes_out_the_demo_accounts_and_their_data_only(app, make_user):
    real = make_user("real.student@example.org")
    with app.app_context():
        session = db.session()
        prof = accounts.add_user(session, demo.INSTRUCTOR, "instructor")
        name = demo._name(3)
        accounts.add_user(session, demo._email(name), "student", name)
        session.flush()
        student = accounts.find(session, demo._email(name))
        for owner in (student.id, real):
            made = Submission(user_id=owner, status="done", score=4.0, max_score=4.0,
                              created_at=datetime(2026, 11, 1))
            made.files = [SubmissionFile(name="0-norm_constants.py", data=b"x")]
            made.results = [TaskOutcome(task=0, result={"score": 4.0})]
            session.add(made)
        session.flush()
        instructor = accounts.find(session, prof.email)
        from web.store import review_data
        review_data.grade_manual(session, instructor, student.submissions[0], 3.0, "demo")
        session.commit()
        assert demo.remove(session) == 2
        session.commit()
        assert session.scalars(select(User.email)).all() == ["real.student@example.org"]
        assert session.scalar(select(func.count()).select_from(Submission)) == 1
        assert session.scalar(select(func.count()).select_from(SubmissionFile)) == 1
        assert session.scalar(select(func.count()).select_from(ManualGrade)) == 0
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0
        assert demo.remove(session) == 0  # again: nothing left to remove


def test_a_deactivated_instructors_api_token_stops_working(app, make_user):
    from web.instructors import api
    prof = make_user("prof@example.org", "instructor")
    with app.app_context():
        token = api.create_token(db.session(), db.session().get(User, prof), "lms")
        db.session().commit()
    headers = {"Authorization": f"Bearer {token}"}
    assert app.test_client().get("/api/v1/gradebook", headers=headers).status_code == 200
    with app.app_context():
        accounts.set_active(db.session().get(User, prof), False)
        db.session().commit()
    assert app.test_client().get("/api/v1/gradebook", headers=headers).status_code == 401
