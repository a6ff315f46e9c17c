"""Times (issue 12, item 6): ISO 8601 in UTC to the second in the CSV grade book and the API;
every time on the pages a <time> the browser shows in the viewer's zone, UTC in its title."""
from __future__ import annotations

import csv
import io
import re
from datetime import datetime

from tests.web.test_review import add_submission, app, client_for, course, post, prof  # noqa: F401
from web.instructors import api
from web.rules.times import iso
from web.store import accounts, db

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
PRECISE = datetime(2026, 11, 2, 9, 5, 7, 123456)  # microseconds a database keeps
RAW = re.compile(r"\d\d:\d\d:\d\d\.\d+|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")  # µs, or seconds shown


def test_iso_is_utc_to_the_second():
    assert iso(PRECISE) == "2026-11-02T09:05:07Z"
    assert iso(None) is None


def _precise_course(app, course):
    with app.app_context():
        session = db.session()
        add_submission(session, course["cy@example.org"], PRECISE, {0: 4.0})
        session.commit()
    return "cy@example.org"


def test_the_csv_and_the_api_give_iso_8601_without_microseconds(app, prof, course):
    _precise_course(app, course)
    post(prof, "/review/settings", {"deadline": "2026-11-01T12:00", "penalty_per_day": "10",
                                    "grace_days": "0", "counted": "latest",
                                    "submissions_per_window": ""})
    post(prof, "/review/submissions/4/files/0-norm_constants.py/comments",
         {"line": "1", "text": "see the spec"}, "/review/submissions/4/files/0-norm_constants.py")
    lines = list(csv.DictReader(io.StringIO(prof.get("/review/gradebook.csv").get_data(as_text=True))))
    cy = next(line for line in lines if line["email"] == "cy@example.org")
    assert cy["submitted_at"] == "2026-11-02T09:05:07Z"
    assert all(ISO.match(line["submitted_at"]) for line in lines if line["submitted_at"])
    with app.app_context():
        token = api.create_token(db.session(), accounts.find(db.session(), "prof@example.org"))
        db.session().commit()
    headers = {"Authorization": f"Bearer {token}"}
    scripted = app.test_client()
    book = scripted.get("/api/v1/gradebook", headers=headers).get_json()
    assert book["course"]["deadline"] == "2026-11-01T12:00:00Z"
    row = next(s for s in book["students"] if s["student"]["email"] == "cy@example.org")
    assert (row["submitted_at"], row["due"]) == ("2026-11-02T09:05:07Z", "2026-11-01T12:00:00Z")
    detail = scripted.get("/api/v1/submissions/4", headers=headers).get_json()
    assert detail["created_at"] == "2026-11-02T09:05:07Z"
    stamps = [detail["due"]] + [e["at"] for e in detail["audit"]] + [c["at"] for c in detail["comments"]]
    assert len(stamps) >= 3 and all(ISO.match(stamp) for stamp in stamps), stamps
    assert detail["comments"][0]["text"] == "see the spec" and detail["comments"][0]["line"] == 1
    mine = client_for(app, "cy@example.org").get("/submissions/4.json").get_json()
    assert mine["created_at"] == "2026-11-02T09:05:07Z"


def test_every_page_shows_times_as_time_elements_never_raw(app, prof, course):
    _precise_course(app, course)
    post(prof, "/review/settings", {"deadline": "2026-11-01T12:00", "penalty_per_day": "10",
                                    "grace_days": "0", "counted": "latest",
                                    "submissions_per_window": ""})
    post(prof, "/api/tokens", {"label": "lms"}, "/api/tokens")
    cy = client_for(app, "cy@example.org")
    pages = {path: prof.get(path).get_data(as_text=True) for path in (
        "/review/", "/review/submissions/4", "/review/extensions", "/review/settings",
        "/api/tokens", "/accounts/")}
    pages.update({path: cy.get(path).get_data(as_text=True) for path in ("/", "/submissions/4")})
    for path, page in pages.items():
        assert '<time datetime="' in page, path
        assert not RAW.search(re.sub(r'datetime="[^"]*"', "", page)), (path, RAW.search(page))
    submission = pages["/review/submissions/4"]
    assert '<time datetime="2026-11-02T09:05:07Z" title="2026-11-02 09:05 UTC">' in submission
    assert '<time datetime="2026-11-01T12:00:00Z" title="2026-11-01 12:00 UTC">' in pages["/review/"]
    assert 'data-short="1"' in pages["/review/"]  # the class table's compact form
