"""The portal: uploading (stored whole, or nothing), the quota shown before uploading, privacy."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from tests.web.conftest import csrf_token, memory_queue_app, queued_ids, sign_in
from web.store import db
from web.store.models import Submission, SubmissionFile

TASK = b"#!/usr/bin/env python3\n\"\"\"task\"\"\"\n"


@pytest.fixture
def app(tmp_path):
    return memory_queue_app(tmp_path, SUBMISSIONS_PER_WINDOW=3, UPLOAD_MAX_BYTES=256 << 10)


def upload(client, files: list[tuple[str, bytes]]):
    token = csrf_token(client.get("/").get_data(as_text=True))
    data = {"csrf_token": token, "files": [(io.BytesIO(content), name) for name, content in files]}
    return client.post("/submissions", data=data, content_type="multipart/form-data")


def count(app, table) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(table))


def test_a_folder_upload_is_stored_whole_and_queued(app, student):
    page = student.get("/").get_data(as_text=True)
    assert "You have 3 of 3 submissions left" in page and "webkitdirectory" in page
    response = upload(student, [("optimization/9-Adam.py", TASK), ("optimization/9-main.py", b"x")])
    assert response.status_code == 302 and response.location == "/submissions/1"
    with app.app_context():
        stored = db.session().get(Submission, 1)
        assert stored.status == "queued" and [(f.name, f.data) for f in stored.files] == [("9-Adam.py", TASK)]
        assert "9-main.py" in stored.notes[0]
    assert queued_ids(app) == [1]
    state = student.get("/submissions/1.json").get_json()
    assert state["status"] == "queued" and state["place"] == 1 and state["files"] == ["9-Adam.py"]
    assert "You have 2 of 3 submissions left" in student.get("/").get_data(as_text=True)


@pytest.mark.parametrize("files, says", [
    ([("../9-Adam.py", TASK)], "not a plain path"),
    ([("9-Adam.py", b"\xff\xfe")], "not UTF-8"),
    ([("notes.txt", b"x")], "no task file"),
])
def test_a_refused_upload_stores_nothing(app, student, files, says):
    response = upload(student, files)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert says in page and "Nothing was stored" in page
    assert count(app, Submission) == count(app, SubmissionFile) == 0
    assert queued_ids(app) == []


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(app, student):
    response = upload(student, [("9-Adam.py", b"#" * (2 << 20))])
    assert response.status_code == 413 and "larger than 0.2 MiB" in response.get_data(as_text=True)
    assert count(app, Submission) == 0


def test_the_quota_is_shown_and_kept(app, student):
    for number in range(3):
        assert upload(student, [("9-Adam.py", TASK)]).status_code == 302
    page = student.get("/").get_data(as_text=True)
    assert "You have 0 of 3 submissions left in any hour" in page and "frees up in" in page
    assert 'name="files"' not in page  # no upload form while none are left
    token = csrf_token(page)
    response = student.post("/submissions", data={"csrf_token": token, "files": [
        (io.BytesIO(TASK), "9-Adam.py")]}, content_type="multipart/form-data")
    assert response.status_code == 429 and count(app, Submission) == 3


def test_a_student_never_sees_another_students_submission(app, student, make_user):
    upload(student, [("9-Adam.py", TASK)])
    make_user("bob@example.org")
    bob = app.test_client()
    sign_in(bob, "bob@example.org")
    for path in ("/submissions/1", "/submissions/1.json", "/submissions/2", "/submissions/2.json"):
        assert bob.get(path).status_code == 404
    assert "/submissions/1" not in bob.get("/").get_data(as_text=True)
    assert student.get("/submissions/1").status_code == 200
    # an instructor sees any
    make_user("prof@example.org", "instructor")
    prof = app.test_client()
    sign_in(prof, "prof@example.org")
    assert prof.get("/submissions/1.json").get_json()["attempts"] == 0


def test_uploading_needs_the_csrf_token_and_a_signed_in_user(app, student):
    response = student.post("/submissions", data={"files": [(io.BytesIO(TASK), "9-Adam.py")]},
                            content_type="multipart/form-data")
    assert response.status_code == 400 and count(app, Submission) == 0
    anonymous = app.test_client()
    assert anonymous.get("/submissions/1.json").status_code == 302
