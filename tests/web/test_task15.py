"""Task 15's grading pages and the release rule through Flask on a real database: the queue,
the rubric, reusable comments, validation, the audit log, hostile blog URLs, and what a student
sees before and after hidden results and manual grades are released."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.web.conftest import client_for, csrf_token
from web import create_app
from web.store import db
from web.store.models import (AuditEntry, CourseSettings, ManualGrade, Submission, SubmissionFile,
                              TaskOutcome, User, utcnow)

HIDDEN = "tiny-scale: values within tolerance"
README = (b"# My post <script>alert('readme')</script>\n"
          b"https://medium.com/@ada/optimizers-explained\n"
          b"<img src=x onerror=alert(1)> javascript:alert(document.cookie)\n")


def task_result(task: int) -> dict:
    """A task with a public check passed (2 points), a style check (0.4) and a hidden one failed (1.6)."""
    checks = [{"name": "spec: values", "kind": "correctness", "visibility": "public", "passed": True,
               "score": 2.0, "max_score": 2.0, "message": "ok", "mistake": None},
              {"name": "style: docstrings", "kind": "style", "visibility": "public", "passed": True,
               "score": 0.4, "max_score": 0.4, "message": "ok", "mistake": None},
              {"name": HIDDEN, "kind": "correctness", "visibility": "hidden", "passed": False,
               "score": 0.0, "max_score": 1.6, "message": "hidden case (tiny): got 3.1 SECRET",
               "mistake": None, "failure": "wrong"}]
    return {"task": task, "file": f"{task}-x.py", "score": 2.4, "max_score": 4.0, "status": "partial",
            "checks": checks, "message": "", "output": "", "urls": [], "cpu_seconds": 0.1,
            "wall_seconds": 0.1, "hidden_output": ""}


def add(session, user_id: int, hours_ago: float, urls=("https://medium.com/@ada/optimizers-explained",)):
    made = Submission(user_id=user_id, status="done", score=4.8, max_score=8.0,
                      created_at=utcnow() - timedelta(hours=hours_ago))
    made.files = [SubmissionFile(name="README.md", data=README),
                  SubmissionFile(name="0-norm_constants.py", data=b"x = 1\n")]
    made.results = [TaskOutcome(task=0, result=task_result(0)), TaskOutcome(task=1, result=task_result(1)),
                    TaskOutcome(task=15, result={"task": 15, "file": "", "score": 0.0, "max_score": 0.0,
                                                 "status": "manual", "checks": [], "message": "by hand",
                                                 "urls": list(urls)})]
    session.add(made)
    session.flush()
    return made.id


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def app(request, tmp_path):
    """The app on a SQLite file or a database on a real PostgreSQL server (JSON columns differ)."""
    config = {"INSTANCE": str(tmp_path / "instance"), "SECRET_KEY": "k" * 32, "SANDBOX": "none",
              "TESTING": True}
    if request.param == "postgresql":
        config["DATABASE_URL"] = request.getfixturevalue("postgres").new_database()
    return create_app(config)


@pytest.fixture
def course(app, make_user):
    """Students (by name) Ada Byron, Bob Chen and Cy Diaz (nothing handed in); prof. Ids by e-mail."""
    ids = {email: make_user(email) for email in ("zed@example.org", "bob@example.org", "cy@example.org")}
    ids["prof@example.org"] = make_user("prof@example.org", "instructor")
    with app.app_context():
        session = db.session()
        for email, name in (("zed@example.org", "Ada Byron"), ("bob@example.org", "Bob Chen"),
                            ("cy@example.org", "Cy Diaz")):
            session.get(User, ids[email]).name = name
        add(session, ids["zed@example.org"], 30)
        add(session, ids["zed@example.org"], 20, urls=("javascript:alert('stored')",))
        add(session, ids["bob@example.org"], 10)
        session.commit()
    return ids


@pytest.fixture
def prof(app, course):
    return client_for(app, "prof@example.org")


def form_of(page: str) -> dict:
    return {"csrf_token": csrf_token(page),
            "fingerprint": re.search(r'name="fingerprint" value="([^"]+)"', page).group(1)}


def grade(client, student: int, **fields):
    page = client.get(f"/review/task15/{student}").get_data(as_text=True)
    return client.post(f"/review/task15/{student}", data={**form_of(page), **fields})


def flashes(html: str) -> list[str]:
    return [m.strip() for m in re.findall(r'<p class="flash [^"]*" role="alert">([^<]*)</p>', html)]


def settings(client, **fields):
    page = client.get("/review/settings").get_data(as_text=True)
    base = {"deadline": "", "penalty_per_day": "10", "grace_days": "0", "counted": "latest"}
    return client.post("/review/settings", data={"csrf_token": csrf_token(page), **base, **fields})


def test_students_get_403_and_signed_out_users_are_sent_to_sign_in(app, course):
    student = client_for(app, "bob@example.org")
    token = csrf_token(student.get("/").get_data(as_text=True))
    for path in ("/review/task15/next", f"/review/task15/{course['bob@example.org']}"):
        assert student.get(path).status_code == 403, path
        assert app.test_client().get(path).status_code == 302
    assert student.post(f"/review/task15/{course['bob@example.org']}",
                        data={"csrf_token": token, "item": "0"}).status_code == 403
    with app.app_context():
        assert db.session().query(ManualGrade).count() == 0


def test_grade_next_walks_the_class_in_order_and_says_when_none_is_left(app, prof, course):
    class_view = prof.get("/review/").get_data(as_text=True)
    assert 'id="grade-next"' in class_view and '<span class="note" id="ungraded">(2 left)</span>' in class_view
    first = prof.get("/review/task15/next")
    assert first.location == f"/review/task15/{course['zed@example.org']}"  # Ada Byron, by name
    page = prof.get(first.location).get_data(as_text=True)
    assert "2 students left to grade" in page and "Cy Diaz" not in page
    saved = grade(prof, course["zed@example.org"], item=["0", "1"], comment="Clear, with examples.",
                  then="next")
    assert saved.location == f"/review/task15/next?after={course['zed@example.org']}"
    second = prof.get(saved.location)
    assert second.location == f"/review/task15/{course['bob@example.org']}"
    page = prof.get(second.location).get_data(as_text=True)
    assert "Task 15 of Ada Byron graded: 3 / 4." in flashes(page) and "1 student left to grade" in page
    last = grade(prof, course["bob@example.org"], item="2", comment="", then="next")
    done = prof.get(prof.get(last.location).location).get_data(as_text=True)
    assert ("Every student with a graded submission has a task-15 grade: none is left to grade."
            in flashes(done))
    with app.app_context():
        session = db.session()
        grades = {g.user_id: g for g in session.query(ManualGrade)}
        ada = grades[course["zed@example.org"]]
        assert (ada.score, ada.comment, ada.submission_id) == (3.0, "Clear, with examples.", 2)
        assert [d["given"] for d in ada.rubric] == [True, True, False]
        entries = session.query(AuditEntry).order_by(AuditEntry.id).all()
        assert [(e.kind, e.actor, e.old_value, e.new_value, e.student_id) for e in entries] == [
            ("manual", "prof@example.org", "none", "3", course["zed@example.org"]),
            ("manual", "prof@example.org", "none", "1", course["bob@example.org"])]
        assert entries[0].what.startswith("task 15 graded by hand (rubric: explains the mechanics")
        assert "has examples (1)" in entries[0].what and entries[0].what.endswith(": Clear, with examples.")
    book = {r["student"]["email"]: r for r in prof.get("/api/v1/gradebook").get_json()["students"]}
    assert [d["given"] for d in book["zed@example.org"]["manual"]["rubric"]] == [True, True, False]
    detail = prof.get("/api/v1/submissions/2").get_json()["manual"]  # the API gives the items too
    assert [d["given"] for d in detail["rubric"]] == [True, True, False]
    again = grade(prof, course["bob@example.org"], item=["0", "1", "2"], then="stay")
    assert again.location == f"/review/task15/{course['bob@example.org']}"
    page = prof.get(again.location).get_data(as_text=True)
    assert "Graded <strong>4 / 4</strong>" in page
    assert page.count('name="item" value="0" checked') == 1  # the grade's items are ticked again


def test_a_grade_that_cannot_be_taken_says_why_keeps_the_form_and_saves_nothing(app, prof, course):
    bob = course["bob@example.org"]
    refused = grade(prof, bob, comment="   ")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert ("Nothing was saved: tick the rubric items the post earns, or say in a comment why it "
            "earns none.") in flashes(page)
    refused = grade(prof, bob, item=["1", "9"], comment="kept text")
    page = refused.get_data(as_text=True)
    assert "Nothing was saved: rubric item &#39;9&#39; does not exist." in flashes(page)
    assert 'name="item" value="1" checked' in page and ">kept text</textarea>" in page
    for odd in ("\u00b2", "\u0663"):  # digits to str.isdigit, not to int() or not ASCII
        refused = grade(prof, bob, item=["1", odd], reuse=odd, comment="kept text")
        assert refused.status_code == 400, odd
        assert "does not exist" in refused.get_data(as_text=True)
    stale = prof.post(f"/review/task15/{bob}", data={**form_of(page), "fingerprint": "0" * 16, "item": "0"})
    assert stale.status_code == 400
    assert "the rubric or the reusable comments changed" in stale.get_data(as_text=True)
    too_long = grade(prof, bob, item="0", comment="x" * 4001)
    assert "at most 4000" in too_long.get_data(as_text=True)
    nobody = prof.get(f"/review/task15/{course['cy@example.org']}").get_data(as_text=True)
    assert "has no graded submission yet" in nobody and 'id="task15-form"' not in nobody
    assert prof.post(f"/review/task15/{course['cy@example.org']}", data={
        "csrf_token": csrf_token(nobody), "fingerprint": "x", "item": "0"}).status_code == 400
    assert prof.get("/review/task15/99999").status_code == 404
    with app.app_context():
        assert db.session().query(ManualGrade).count() == 0
        assert db.session().query(AuditEntry).count() == 0


def test_a_comment_kept_for_reuse_is_offered_next_time_and_added_with_one_tick(app, prof, course):
    grade(prof, course["zed@example.org"], item="0", comment="Add a picture at the top.", keep="1")
    page = prof.get(f"/review/task15/{course['bob@example.org']}").get_data(as_text=True)
    assert re.search(r'name="reuse" value="0"> Add a picture at the top\.</label>', page)
    grade(prof, course["bob@example.org"], item="0", reuse="0", comment="Nice maths.")
    with app.app_context():
        bob = db.session().query(ManualGrade).filter_by(user_id=course["bob@example.org"]).one()
        assert bob.comment == "Add a picture at the top.\nNice maths."
        assert db.session().query(CourseSettings).one().saved_comments == ["Add a picture at the top."]
    assert "Add a picture at the top." in prof.get("/review/settings").get_data(as_text=True)


def test_student_content_is_escaped_and_only_http_urls_become_links(app, prof, course):
    page = prof.get(f"/review/task15/{course['zed@example.org']}").get_data(as_text=True)
    assert '<a href="https://medium.com/@ada/optimizers-explained" rel="noopener noreferrer nofollow"' in page
    assert 'href="javascript' not in page.lower() and "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#39;readme&#39;)&lt;/script&gt;" in page
    assert '<span class="not-link">javascript:alert(&#39;stored&#39;)</span>' in page  # shown, as text
    assert '<span class="not-link">javascript:alert(document.cookie</span>' in page
    # the student's submissions beside it, each linking to the staff's view
    assert page.count('href="/review/submissions/1"') == 1 and 'href="/review/submissions/2"' in page
    assert 'href="/review/submissions/3"' not in page  # bob's
    submission = prof.get("/review/submissions/2").get_data(as_text=True)
    assert f'href="/review/task15/{course["zed@example.org"]}" id="task15-link"' in submission
    # the staff view of a submission links its stored URLs under the same rule
    assert 'href="javascript' not in submission.lower(), submission
    assert '<span class="not-link">javascript:alert(&#39;stored&#39;)</span>' in submission


def test_the_rubric_is_edited_on_the_settings_page_and_old_grades_keep_theirs(app, prof, course):
    page = prof.get("/review/settings").get_data(as_text=True)
    assert "2 | explains the mechanics, pros and cons" in page and 'name="release"' in page
    refused = settings(prof, rubric="2 | explains each optimizer\n1 | has an example")
    after = prof.get(refused.location).get_data(as_text=True)
    assert ("Nothing was changed: the rubric&#39;s points add up to 3; they must add up to 4, what "
            "task 15 is worth.") in flashes(after)
    grade(prof, course["bob@example.org"], item=["0", "2"])  # 3 of the default rubric
    settings(prof, rubric="3 | explains each optimizer\n1 | has an example")
    page = prof.get(f"/review/task15/{course['zed@example.org']}").get_data(as_text=True)
    assert "explains each optimizer" in page and "3 pts" in page
    student = client_for(app, "bob@example.org").get("/").get_data(as_text=True)
    panel = re.search(r'<dd id="standing-manual">(.*?)</dd>', student, re.S).group(1)
    assert "3 / 4" in panel and "explains the mechanics" in panel and "explains each optimizer" not in panel
    assert "has examples: 0 of 1" in panel and ", not given" in panel


def hidden_shown(html: str) -> bool:
    return HIDDEN in html or "SECRET" in html


def test_after_the_deadline_hidden_results_and_the_grade_wait_until_the_students_deadline(app, prof, course):
    grade(prof, course["bob@example.org"], item=["0", "1"], comment="Well explained.")
    due = (utcnow() + timedelta(days=2)).replace(second=0, microsecond=0)
    settings(prof, deadline=due.strftime("%Y-%m-%dT%H:%M"), release="after_deadline")
    bob = client_for(app, "bob@example.org")
    home = bob.get("/").get_data(as_text=True)
    panel = re.search(r'<section class="standing".*?</section>', home, re.S).group(0)
    assert "Well explained" not in panel and "3 / 4" not in panel
    assert "released after" in re.search(r'<dd id="standing-manual">(.*?)</dd>', panel, re.S).group(1)
    assert f'datetime="{due.isoformat()}Z"' in panel
    # the total shown: the visible checks only (2.4 of each of two tasks), no manual grade
    assert re.search(r'id="standing-total">4\.80 / 64 <span class="note">so far', panel)
    assert "up to 3.2 more points" in panel
    assert re.search(r"<td class=\"num\">4\.80 / 4\.80</td>", home)  # the history's score
    page = bob.get("/submissions/3").get_data(as_text=True)
    assert not hidden_shown(page) and "Score so far: 4.80 / 4.80" in page
    assert "the hidden cases (3.2 points) are released after" in page
    summary = re.search(r'<tr data-task="15".*?</tr>', page, re.S).group(0)
    assert "by hand, shown after" in summary and "3 / 4" not in summary
    document = bob.get("/submissions/3.json").get_json()
    assert not hidden_shown(str(document)) and document["released"] is False
    assert (document["score"], document["max_score"]) == (4.8, 4.8)
    assert document["withheld"] == {"max_score": 3.2, "checks": 2, "until": due.isoformat() + "Z"}
    assert [t["status"] for t in document["tasks"][:2]] == ["passed", "passed"]
    # staff see everything meanwhile
    assert HIDDEN in prof.get("/review/submissions/3").get_data(as_text=True)
    staff_json = prof.get("/submissions/3.json").get_json()
    assert staff_json["score"] == 4.8 and staff_json["max_score"] == 8.0 and HIDDEN in str(staff_json)
    assert "Well explained" in prof.get("/submissions/3").get_data(as_text=True)

    settings(prof, deadline=(utcnow() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
             release="after_deadline")
    home = bob.get("/").get_data(as_text=True)
    assert "Well explained" in home and "3 / 4" in home and "so far" not in home
    assert re.search(r'id="standing-total">7\.80 / 64</dd>', home)  # 4.8 on time + 3
    summary = re.search(r'<tr data-task="15".*?</tr>', bob.get("/submissions/3").get_data(as_text=True),
                        re.S).group(0)
    assert "3 / 4 by hand" in summary  # the results page's summary agrees with the panel
    document = bob.get("/submissions/3.json").get_json()
    assert document["released"] is True and "withheld" not in document and HIDDEN in str(document)


def test_an_extension_keeps_results_withheld_until_the_students_own_deadline(app, prof, course):
    settings(prof, deadline=(utcnow() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
             release="after_deadline")
    page = prof.get("/review/extensions").get_data(as_text=True)
    prof.post("/review/extensions", data={"csrf_token": csrf_token(page),
                                          "student": course["bob@example.org"], "extension_days": "2"})
    assert not hidden_shown(client_for(app, "bob@example.org").get("/submissions/3").get_data(as_text=True))
    assert HIDDEN in client_for(app, "zed@example.org").get("/submissions/2").get_data(as_text=True)


def test_at_once_shows_hidden_results_and_the_grade_before_the_deadline(app, prof, course):
    grade(prof, course["bob@example.org"], item=["0", "1", "2"], comment="Excellent.")
    due = (utcnow() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    settings(prof, deadline=due, release="at_once")
    bob = client_for(app, "bob@example.org")
    home = bob.get("/").get_data(as_text=True)
    assert "Excellent." in home and "4 / 4" in home and "released after" not in home
    assert re.search(r'id="standing-total">8\.80 / 64</dd>', home)
    document = bob.get("/submissions/3.json").get_json()
    assert document["released"] is True and HIDDEN in str(document) and "SECRET" not in str(document)
    assert document["score"] == 4.8 and document["max_score"] == 8.0


def test_a_plain_score_from_the_submission_view_still_reaches_the_student_without_a_rubric(app, prof, course):
    page = prof.get("/review/submissions/3").get_data(as_text=True)
    prof.post("/review/submissions/3/grade",
              data={"csrf_token": csrf_token(page), "score": "2.5", "comment": "short"})
    home = client_for(app, "bob@example.org").get("/").get_data(as_text=True)
    assert "2.5 / 4, graded by hand" in home and 'id="standing-rubric"' not in home
    grading = prof.get(f"/review/task15/{course['bob@example.org']}").get_data(as_text=True)
    assert "(a plain score, without the rubric)" in grading


def test_under_the_best_rule_the_counted_submission_shown_while_withheld_tells_nothing_hidden(
        app, prof, course):
    """Zed's submissions 1 and 2 score the same on the checks she can run; 1 passed its hidden
    cases too, so it is the best.  While they are withheld she is shown 2 as the one counting
    (the latest of equals, by what she sees); once released, 1."""
    with app.app_context():
        session = db.session()
        for outcome in session.get(Submission, 1).results:
            if outcome.task in (0, 1):
                better = task_result(outcome.task)
                better["checks"][2].update(passed=True, score=1.6, message="ok")
                outcome.result = {**better, "score": 4.0, "status": "passed"}
        session.get(Submission, 1).score = 8.0
        session.commit()
    zed = client_for(app, "zed@example.org")

    def counted() -> str:
        home = zed.get("/").get_data(as_text=True)
        return re.search(r'<dd id="standing-counted"><a href="/submissions/(\d+)"', home).group(1)
    settings(prof, counted="best", release="after_deadline",
             deadline=(utcnow() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"))
    assert counted() == "2"
    assert "this submission counts" not in zed.get("/submissions/1").get_data(as_text=True)
    settings(prof, counted="best", release="after_deadline",
             deadline=(utcnow() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    assert counted() == "1"
