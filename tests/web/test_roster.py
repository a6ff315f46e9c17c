"""The instructors' accounts page: adding one account or a roster; students are kept out."""
from __future__ import annotations

import io
import re

import pytest

from tests.web.conftest import csrf_token, sign_in


@pytest.fixture
def instructor(app, make_user):
    make_user("prof@example.org", "instructor")
    client = app.test_client()
    sign_in(client, "prof@example.org")
    return client


def shown_passwords(page: str) -> dict[str, str]:
    return dict(re.findall(r"<td>([^<]+@[^<]+)</td>\s*<td><code>([^<]+)</code>", page))


def test_an_instructor_adds_a_student_who_then_signs_in(app, instructor):
    token = csrf_token(instructor.get("/accounts/").get_data(as_text=True))
    response = instructor.post("/accounts/", data={"csrf_token": token, "email": "Ada@example.org",
                                                   "name": "Ada", "role": "student"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "not shown again" in page
    password = shown_passwords(page)["ada@example.org"]
    assert password not in instructor.get("/accounts/").get_data(as_text=True)  # shown once
    assert sign_in(app.test_client(), "ada@example.org", password).status_code == 302


def test_a_roster_is_imported_whole_or_not_at_all(app, instructor):
    token = csrf_token(instructor.get("/accounts/").get_data(as_text=True))
    roster = b"email,name\nada@example.org,Ada\nbob@example.org,Bob\n"
    response = instructor.post("/accounts/", content_type="multipart/form-data",
                               data={"csrf_token": token, "roster": (io.BytesIO(roster), "r.csv")})
    assert set(shown_passwords(response.get_data(as_text=True))) == {"ada@example.org", "bob@example.org"}
    bad = b"email\ncy@example.org\nnot an address\n"
    response = instructor.post("/accounts/", data={"csrf_token": token, "roster": (io.BytesIO(bad), "r.csv")},
                               content_type="multipart/form-data")
    assert response.status_code == 400 and "Nothing was added" in response.get_data(as_text=True)
    assert "cy@example.org" not in instructor.get("/accounts/").get_data(as_text=True)


def test_students_and_forms_without_the_token_are_kept_out(app, instructor, student):
    assert student.get("/accounts/").status_code == 403
    token = csrf_token(student.get("/").get_data(as_text=True))
    assert student.post("/accounts/", data={"csrf_token": token, "email": "x@example.org"}).status_code == 403
    assert instructor.post("/accounts/", data={"email": "x@example.org"}).status_code == 400
    assert "x@example.org" not in instructor.get("/accounts/").get_data(as_text=True)
