"""The students' pages without a browser: partial uploads completed from the previous
submission, the standing panel's numbers, the report card, the code view and the error pages."""
from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from checks.mistakes import BY_ID
from tests.web.conftest import csrf_token, memory_queue_app, sign_in
from web.store import db, review_data
from web.store.models import Submission, TaskOutcome, User, utcnow
from web.students import report, standing

TASK = b"#!/usr/bin/env python3\n\"\"\"task\"\"\"\n"


@pytest.fixture
def app(tmp_path):
    return memory_queue_app(tmp_path)


def upload(client, files, complete: bool | None = None, accept: str | None = None):
    token = csrf_token(client.get("/").get_data(as_text=True))
    data = {"csrf_token": token, "files": [(io.BytesIO(content), name) for name, content in files]}
    if complete is not None:  # as the form sends it
        data["completion_offered"] = "1"
        if complete:
            data["complete"] = "1"
    headers = {"Accept": accept} if accept else {}
    return client.post("/submissions", data=data, content_type="multipart/form-data",
                       headers=headers)


def stored(app, number: int) -> dict:
    with app.app_context():
        found = db.session().get(Submission, number)
        return {f.name: (f.data, f.taken_from) for f in found.files}


def test_a_partial_upload_is_completed_from_the_previous_submission(app, student):
    upload(student, [("opt/0-norm_constants.py", TASK), ("opt/1-normalize.py", TASK),
                     ("opt/README.md", b"# blog\n")])
    fixed = TASK + b"# fixed\n"
    assert upload(student, [("1-normalize.py", fixed)], complete=True).status_code == 302
    assert stored(app, 2) == {"0-norm_constants.py": (TASK, 1), "1-normalize.py": (fixed, None),
                              "README.md": (b"# blog\n", 1)}
    upload(student, [("0-norm_constants.py", TASK)])  # a client sending no form field: completed
    # a file copied twice still names the submission it was uploaded with
    assert stored(app, 3)["README.md"] == (b"# blog\n", 1)
    assert stored(app, 3)["1-normalize.py"] == (fixed, 2)
    assert student.get("/submissions/3.json").get_json()["taken_from"] == {
        "1-normalize.py": 2, "README.md": 1}
    page = student.get("/submissions/3").get_data(as_text=True)
    assert "Taken from submission <a href=\"/submissions/2\">2</a>" in page
    assert "Taken from submission <a href=\"/submissions/1\">1</a>" in page
    form = student.get("/").get_data(as_text=True)
    assert 'name="complete" value="1" id="complete" checked' in form
    assert "taken from submission 3" in form


def test_unticking_keep_grades_only_the_files_sent(app, student):
    upload(student, [("0-norm_constants.py", TASK), ("1-normalize.py", TASK)])
    upload(student, [("1-normalize.py", TASK)], complete=False)
    assert stored(app, 2) == {"1-normalize.py": (TASK, None)}


def test_a_refused_upload_in_a_browser_is_redirected_with_its_message(app, student):
    response = upload(student, [("notes.txt", b"x")], accept="text/html,*/*")
    assert response.status_code == 303 and response.location == "/"
    page = student.get("/").get_data(as_text=True)
    assert "no task file was found" in page and "Nothing was stored" in page


def _graded(app, student_email: str, results: list[dict], when=None) -> int:
    with app.app_context():
        session = db.session()
        user = session.scalar(select(User).where(User.email == student_email))
        found = Submission(user_id=user.id, status="done", created_at=when or utcnow(),
                           score=sum(r["score"] for r in results), max_score=60.0, notes=[])
        found.results = [TaskOutcome(task=r["task"], result=r) for r in results]
        session.add(found)
        session.commit()
        return found.id


def _result(task: int, checks: list[dict], status: str = "failed", message: str = "") -> dict:
    score = sum(c["score"] for c in checks)
    return {"task": task, "file": f"{task}-x.py", "score": score, "max_score": 4.0,
            "status": status, "message": message, "checks": checks, "output": "",
            "hidden_output": ""}


def _check(name, passed, mistake=None, message="", kind="correctness", visibility="public"):
    text = message + ("\n" + BY_ID[mistake].explanation() if mistake else "")
    return {"name": name, "kind": kind, "visibility": visibility, "passed": passed,
            "score": 0.4 if passed else 0.0, "max_score": 0.4, "message": text, "mistake": mistake}


MISTAKE = next(iter(BY_ID))


def test_the_report_card_says_a_known_mistake_once_and_folds_the_checks_that_share_it():
    checks = [_check(f"case{n}: value", False, MISTAKE, f"batch {n} differs") for n in range(6)]
    checks += [_check("style: pycodestyle", False, message="E501 line 11, column 80: too long",
                      kind="style"), _check("case9: shape", True)]
    card = report.card(_result(3, checks))
    assert len(card.failures) == 2
    folded = card.failures[0]
    assert folded.mistake == MISTAKE and len(folded.others) == 5 and folded.lost == 2.4
    assert folded.first.message == "batch 0 differs"  # the explanation is said apart, once
    assert folded.explanation == BY_ID[MISTAKE].explanation()
    assert card.failures[1].first.line == ("3-x.py", 11)
    assert [c.name for c in card.passed] == ["case9: shape"]
    assert report.pending([{"task": 0}, {"task": 3}])[:3] == [1, 2, 4]
    raised = ('raised ValueError: bad\n  File "3-x.py", line 12, in create_mini_batches\n'
              '  File "2-shuffle_data.py", line 7, in shuffle_data\nValueError: bad')
    card = report.card(_result(3, [_check("case0: value", False, message=raised)]))
    assert card.failures[0].first.line == ("2-shuffle_data.py", 7)  # the innermost frame


def test_the_results_page_leads_with_a_summary_and_links_the_style_line(app, student):
    checks = [_check(f"case{n}: value", False, MISTAKE, f"batch {n} differs") for n in range(6)]
    checks.append(_check("style: pycodestyle", False, message="line 11, column 80: E501", kind="style"))
    number = _graded(app, "ada@example.org", [
        _result(3, checks), _result(4, [], "missing", "4-x.py is missing")])
    page = student.get(f"/submissions/{number}").get_data(as_text=True)
    assert page.index('id="summary"') < page.index('id="task-3"')
    assert page.count(BY_ID[MISTAKE].message) == 1
    assert "5 more checks fail the same way" in page
    assert f'href="/submissions/{number}/files/3-x.py?line=11#L-11"' in page
    assert "4-x.py was not in this submission" in page
    assert "Task 14" in page and 'data-status="pending"' not in page.split('id="summary"')[0]


def test_the_standing_panel_follows_the_grade_book(app, student, make_user):
    prof_id = make_user("prof@example.org", "instructor")
    number = _graded(app, "ada@example.org", [_result(0, [_check("c", True)] * 10, "passed")],
                     when=utcnow() - timedelta(days=1))
    page = student.get("/").get_data(as_text=True)
    assert "none set" in page and "4.00 / 64" in page and 'data-counted="1"' in page
    with app.app_context():
        session = db.session()
        prof = session.get(User, prof_id)
        review_data.save_settings(session, prof, utcnow() - timedelta(days=3), 25.0, 0, "latest", None)
        review_data.grade_manual(session, prof, session.get(Submission, number), 3.5, "good post")
        session.commit()
        ada = session.scalar(select(User).where(User.email == "ada@example.org"))
        where = standing.of(session, ada.id)
        row = next(r for r in review_data.book(session) if r.student.id == ada.id)
        assert where.row.total == row.total == 3.5 + 4.0 * 0.5  # 2 days late at 25% a day
        assert where.time_left().startswith("passed 3 days")
    page = student.get(f"/submissions/{number}").get_data(as_text=True)
    assert "2 days late: −50%" in page and "“good post”" in page and "5.50 / 64" in page
    with app.app_context():
        session = db.session()
        review_data.set_terms(session, session.get(User, prof_id), ada.id, 5, None)
        session.commit()
    page = student.get("/").get_data(as_text=True)
    assert "an extension of 5 days" in page and "7.50 / 64" in page and "left" in page


def test_the_code_view_numbers_and_marks_lines_and_escapes_the_code(app, student, make_user):
    # "Trojan Source": a right-to-left override makes the line read otherwise; shown as an escape
    trojan = "access = 'user' # \u202e } \u2066 if admin: \u2069 \u2066\n".encode()
    upload(student, [("0-norm_constants.py",
                      TASK + b"x = '<script>alert(1)</script>'\n" + trojan + b"y = 1\x0c\n")])
    page = student.get("/submissions/1/files/0-norm_constants.py?line=3").get_data(as_text=True)
    assert "\u202e" not in page and "\u2066" not in page and "\x0c" not in page
    text = re.sub(r"<[^>]+>", "", page)  # what the reader sees, highlighting aside
    assert "# \\u202e } \\u2066 if admin:" in text and "y = 1\\x0c" in text
    assert 'id="L-%d"' % (TASK.count(b"\n") + 3) in page  # no line lost to an escape
    assert 'id="L-3"' in page and 'href="#L-3"' in page
    assert 'class="line hll" id="L-3"' in page  # the marked line
    assert "<script>alert" not in page
    assert student.get("/submissions/1/files/9-Adam.py").status_code == 404
    assert student.get("/code.css").status_code == 200
    make_user("bob@example.org")
    bob = student.application.test_client()
    sign_in(bob, "bob@example.org")
    assert bob.get("/submissions/1/files/0-norm_constants.py").status_code == 404


@pytest.mark.parametrize("method, path, code", [
    ("get", "/nowhere", 404), ("get", "/submissions/999999999999", 404),
    ("get", "/submissions", 405), ("get", "/review/", 403)])
def test_error_pages_have_the_navigation_and_a_way_back(app, student, method, path, code):
    response = getattr(student, method)(path)
    page = response.get_data(as_text=True)
    assert response.status_code == code
    assert 'aria-label="Site"' in page and "Sign out" in page and 'id="way-back"' in page


def test_a_form_from_a_tab_signed_out_elsewhere_leads_back_to_sign_in(app, student):
    token = csrf_token(student.get("/").get_data(as_text=True))
    student.post("/signout", data={"csrf_token": token}, follow_redirects=True)  # the other tab
    response = student.post("/submissions", data={"csrf_token": token,
                                                  "files": [(io.BytesIO(TASK), "9-Adam.py")]},
                            content_type="multipart/form-data")
    assert response.status_code == 303 and response.location == "/signin"
    assert "signed out, perhaps in another tab" in student.get("/signin").get_data(as_text=True)
