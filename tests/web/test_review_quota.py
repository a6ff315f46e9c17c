"""The quota under concurrent uploads (SQLite and a real PostgreSQL), and the course's own limit."""
from __future__ import annotations

import io
import threading

import pytest
from sqlalchemy import select

from tests.web.conftest import csrf_token, memory_queue_app, queued_ids, sign_in
from web.store import accounts, db, review_data
from web.store.models import Submission, User

TASK = b"#!/usr/bin/env python3\n\"\"\"task\"\"\"\n"
UPLOADS = 8


def _app(tmp_path, database_url: str = "", limit: int = 2):
    config = {"DATABASE_URL": database_url} if database_url else {}
    return memory_queue_app(tmp_path, SUBMISSIONS_PER_WINDOW=limit, **config)


def _clients(app, count: int) -> list:
    with app.app_context():
        accounts.add_user(db.session(), "ada@example.org", password="correct horse battery")
        db.session().commit()
    clients = []
    for _ in range(count):  # one session each, as from several browser tabs
        client = app.test_client()
        assert sign_in(client, "ada@example.org").status_code == 302
        clients.append((client, csrf_token(client.get("/").get_data(as_text=True))))
    return clients


def _upload_all_at_once(clients) -> list[int]:
    start = threading.Barrier(len(clients))
    codes = [0] * len(clients)

    def send(index: int, client, token: str) -> None:
        data = {"csrf_token": token, "files": [(io.BytesIO(TASK), "9-Adam.py")]}
        start.wait()
        codes[index] = client.post("/submissions", data=data,
                                   content_type="multipart/form-data").status_code

    threads = [threading.Thread(target=send, args=(i, c, t)) for i, (c, t) in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return codes


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request):
    return "" if request.param == "sqlite" else request.getfixturevalue("postgres").new_database()


def test_simultaneous_uploads_cannot_pass_the_quota_together(tmp_path, database_url):
    app = _app(tmp_path, database_url, limit=2)
    codes = _upload_all_at_once(_clients(app, UPLOADS))
    assert sorted(codes) == [302, 302] + [429] * (UPLOADS - 2), codes
    with app.app_context():
        stored = db.session().scalars(select(Submission.id)).all()
    assert len(stored) == 2
    assert sorted(queued_ids(app)) == sorted(stored)  # and only those were queued


def test_the_course_limit_set_by_an_instructor_is_the_one_enforced(tmp_path):
    app = _app(tmp_path, limit=5)
    (client, token), = _clients(app, 1)
    with app.app_context():
        session = db.session()
        prof = User(email="prof@example.org", role="instructor", password_hash="x")
        session.add(prof)
        session.flush()
        review_data.save_settings(session, prof, None, 10.0, 0, "latest", 1)
        session.commit()
    assert "You have 1 of 1 submissions left" in client.get("/").get_data(as_text=True)
    upload = {"csrf_token": token, "files": [(io.BytesIO(TASK), "9-Adam.py")]}
    assert client.post("/submissions", data=upload, content_type="multipart/form-data").status_code == 302
    again = {"csrf_token": token, "files": [(io.BytesIO(TASK), "9-Adam.py")]}
    assert client.post("/submissions", data=again, content_type="multipart/form-data").status_code == 429
    assert queued_ids(app) == [1]
