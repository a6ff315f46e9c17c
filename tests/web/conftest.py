"""Fixtures for the web service: an app on a real SQLite file, accounts, signed-in clients."""
from __future__ import annotations

import re

import pytest

from web import create_app

from web.store import accounts, db

PASSWORD = "correct horse battery"


@pytest.fixture
def app(tmp_path):
    """The app on a fresh SQLite file, CSRF protection on (as in production)."""
    app = create_app({"INSTANCE": str(tmp_path / "instance"), "SECRET_KEY": "test-key" * 4,
                      "SANDBOX": "none", "TESTING": True})
    yield app


@pytest.fixture
def make_user(app):
    """make_user(email, role="student") -> the new user's id; password PASSWORD."""

    def make(email: str, role: str = "student") -> int:
        with app.app_context():
            accounts.add_user(db.session(), email, role, password=PASSWORD)
            db.session().commit()
            return accounts.find(db.session(), email).id

    return make


def memory_queue_app(tmp_path, **config):
    """An app whose queue is Celery's in-memory broker: no worker takes the messages, so a
    test can read them with queued_ids.  That broker is the whole process's: what earlier
    tests left in it is cleared first."""
    app = create_app({"INSTANCE": str(tmp_path / "instance"), "SECRET_KEY": "k" * 32,
                      "SANDBOX": "none", "CELERY": {"broker_url": "memory://"}, **config})
    queued_ids(app)
    return app


def queued_ids(app, queues: tuple[str, ...] = ("live", "regrade")) -> list[int]:
    """The submission ids waiting on the queues (taken off them), the live queue's first."""
    celery = app.extensions["celery"]
    ids = []
    with celery.connection_for_write() as connection:
        for name in queues:
            queue = connection.SimpleQueue(name)
            while True:
                try:
                    message = queue.get(timeout=0.2)
                except queue.Empty:
                    break
                ids.append(message.payload[0][0])
                message.ack()
            queue.close()
    return ids


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF token in its form"
    return found.group(1)


def sign_in(client, email: str, password: str = PASSWORD):
    token = csrf_token(client.get("/signin").get_data(as_text=True))
    return client.post("/signin", data={"email": email, "password": password, "csrf_token": token})


def client_for(app, email: str):
    """A test client of app signed in as email (made with make_user's password)."""
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


@pytest.fixture
def student(app, make_user):
    """A client signed in as the student ada@example.org."""
    make_user("ada@example.org")
    client = app.test_client()
    assert sign_in(client, "ada@example.org").status_code == 302
    return client


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for the whole run (tests/web/services.py); new_database() per test."""
    from tests.web.services import PostgresServer
    server = PostgresServer()
    yield server
    server.stop()
