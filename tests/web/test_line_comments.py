"""Line comments (issue 12, item 3) through the Flask client on a real database: staff add, edit
and remove them, each change logged; the student sees them on their own code view only,
escaped; they survive a regrade graded by the worker's own code."""
from __future__ import annotations

import re

from sqlalchemy import select

from grader.limits import Limits
from grader.sandbox import create
from tests.web.test_review import app, client_for, course, post, prof  # noqa: F401 - fixtures
from web.store import comments, db
from web.store.models import AuditEntry, LineComment, Submission
from web.worker import jobs

FILE = "0-norm_constants.py"  # ada's submission 2 has it: 'def f():\n    '<b>'\n'
STAFF_CODE = f"/review/submissions/2/files/{FILE}"
STUDENT_CODE = f"/submissions/2/files/{FILE}"
HOSTILE = "<script>alert('x')</script> & use np.sqrt"


def add(client, line, text, number=2, name=FILE):
    page = f"/review/submissions/{number}/files/{name}"
    return post(client, f"{page}/comments", {"line": str(line), "text": text}, page)


def log(app) -> list[tuple[str, str, str, str]]:
    with app.app_context():
        return [(e.kind, e.what, e.old_value, e.new_value) for e in db.session().scalars(
            select(AuditEntry).where(AuditEntry.kind == "comment").order_by(AuditEntry.id))]


def test_staff_comment_a_line_and_the_student_sees_it_under_that_line_escaped(app, prof):
    assert prof.get("/review/submissions/2").status_code == 200
    assert STAFF_CODE in prof.get("/review/submissions/2").get_data(as_text=True)  # the way in
    form = prof.get(STAFF_CODE + "?line=2").get_data(as_text=True)
    assert 'id="new-comment"' in form and 'name="line" value="2"' in form  # the no-JS form
    response = add(prof, 2, HOSTILE)
    assert response.status_code == 302 and "#comment-" in response.location
    staff = prof.get(STAFF_CODE).get_data(as_text=True)
    ada = client_for(app, "ada@example.org")
    mine = ada.get(STUDENT_CODE).get_data(as_text=True)
    for page in (staff, mine):
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; use np.sqrt" in page
        assert "<script>alert" not in page
        # under line 2 (the file's last), in that line's box of comments
        after = page[page.index('id="L-2"'):]
        assert after.index('class="comments" data-line="2"') < after.index("&lt;script&gt;alert")
        assert "&lt;b&gt;" in page and "<b>" not in page  # the student's code, escaped too
    assert "Edit or remove" in staff and "Edit or remove" not in mine  # read-only for students
    assert 'action="/review/' not in mine
    assert "1 comment" in ada.get("/submissions/2").get_data(as_text=True)  # the files list says so
    assert log(app) == [("comment", f"comment on {FILE} line 2 added: {HOSTILE}"[:2000], "",
                         HOSTILE)]
    review = prof.get("/review/submissions/2").get_data(as_text=True)
    assert f"comment on {FILE} line 2 added" in review  # the submission's log shows it


def test_edits_and_removals_are_logged_and_long_comments_are_refused_clearly(app, prof):
    add(prof, 1, "first version")
    with app.app_context():
        comment = db.session().scalar(select(LineComment))
    edited = post(prof, f"/review/comments/{comment.id}/edit", {"text": "second\r\nversion"}, STAFF_CODE)
    assert edited.status_code == 302
    page = prof.get(STAFF_CODE).get_data(as_text=True)
    assert "second\nversion" in page and "first version" not in page and "edited" in page
    too_long = "x" * (comments.MAX_LENGTH + 5)
    refused = add(prof, 1, too_long)
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert f"a comment is at most {comments.MAX_LENGTH} characters, and this one has " \
           f"{comments.MAX_LENGTH + 5}: shorten it by 5" in text
    assert too_long in text  # what was typed is kept in the form
    assert add(prof, 99, "no such line").status_code == 400
    assert "has lines 1 to 2; there is no line 99" in add(prof, 99, "x").get_data(as_text=True)
    assert add(prof, 1, "   ").status_code == 400
    odd = add(prof, "\u00b2", "a line number that only str.isdigit takes")
    assert odd.status_code == 400 and "give the number of the line" in odd.get_data(as_text=True)
    post(prof, f"/review/comments/{comment.id}/edit", {"text": too_long}, STAFF_CODE)
    assert "at most" in prof.get(STAFF_CODE).get_data(as_text=True)  # flashed, nothing saved
    removed = post(prof, f"/review/comments/{comment.id}/delete", {}, STAFF_CODE)
    assert removed.status_code == 302
    with app.app_context():
        assert db.session().scalar(select(LineComment)) is None
    assert [(what.split(" line 1 ")[1].split(":")[0], old, new) for _, what, old, new in log(app)] == [
        ("added", "", "first version"), ("edited", "first version", "second\nversion"),
        ("removed", "second\nversion", "")]


def test_students_cannot_comment_and_see_only_comments_on_their_own_submissions(app, prof, course):
    add(prof, 1, "for ada only")
    ada, bob = client_for(app, "ada@example.org"), client_for(app, "bob@example.org")
    assert bob.get(STUDENT_CODE).status_code == 404  # not theirs: as if it did not exist
    assert "for ada only" not in bob.get(f"/submissions/3/files/{FILE}").get_data(as_text=True)
    assert bob.get(STAFF_CODE).status_code == 403
    assert bob.get("/review/submissions/2/part").status_code == 403  # the staff page's live part
    part = prof.get("/review/submissions/2/part").get_data(as_text=True)
    assert all(f'id="{name}"' in part for name in ("results", "tasks", "log"))
    with app.app_context():
        comment = db.session().scalar(select(LineComment))
    for path in (f"{STAFF_CODE}/comments", f"/review/comments/{comment.id}/edit",
                 f"/review/comments/{comment.id}/delete"):
        assert post(ada, path, {"line": "1", "text": "mine now"}, "/").status_code == 403, path
    assert prof.get("/review/submissions/2/files/nothing.py").status_code == 404
    assert post(prof, "/review/comments/999/edit", {"text": "x"}, STAFF_CODE).status_code == 404
    with app.app_context():
        assert [c.text for c in db.session().scalars(select(LineComment))] == ["for ada only"]


def test_comments_survive_a_regrade_graded_by_the_worker(app, prof):
    add(prof, 2, "keep this through the regrade")
    assert post(prof, "/review/submissions/2/regrade", {}, "/review/submissions/2").status_code == 302
    with app.app_context():
        session = db.session()
        assert session.get(Submission, 2).status == "queued"
        outcome = jobs.grade(session, 2, "regrade-message", create("none", Limits()), app.config)
        assert outcome == "done" and session.get(Submission, 2).regrade is None
        assert session.scalar(select(AuditEntry).where(AuditEntry.kind == "regrade")) is not None
    ada = client_for(app, "ada@example.org")
    assert "keep this through the regrade" in ada.get(STUDENT_CODE).get_data(as_text=True)
    assert "keep this through the regrade" in prof.get(STAFF_CODE).get_data(as_text=True)
    assert re.search(r"1 comment", ada.get("/submissions/2").get_data(as_text=True))


def _release_after(prof, due) -> None:
    from tests.web.conftest import csrf_token
    page = prof.get("/review/settings").get_data(as_text=True)
    prof.post("/review/settings", data={
        "csrf_token": csrf_token(page), "deadline": due.strftime("%Y-%m-%dT%H:%M"),
        "penalty_per_day": "10", "grace_days": "0", "counted": "latest", "release": "after_deadline"})


def test_comments_wait_for_the_release_like_manual_grades(app, prof):
    from datetime import timedelta

    from web.store.models import utcnow
    add(prof, 1, "Name the constants as the spec does.")
    ada = client_for(app, "ada@example.org")
    due = (utcnow() + timedelta(days=2)).replace(second=0, microsecond=0)
    _release_after(prof, due)
    added = prof.get(add(prof, 2, "Another.").location).get_data(as_text=True)
    assert f"sees it on their code view after {due:%Y-%m-%d %H:%M} UTC" in added
    mine = ada.get(STUDENT_CODE).get_data(as_text=True)
    assert "Name the constants" not in mine and 'id="comments-wait"' in mine
    assert "comment" not in ada.get("/submissions/2").get_data(as_text=True).split('id="files"')[1][:2000]
    assert "Name the constants" in prof.get(STAFF_CODE).get_data(as_text=True)  # staff: always
    _release_after(prof, utcnow() - timedelta(hours=1))
    mine = ada.get(STUDENT_CODE).get_data(as_text=True)
    assert "Name the constants" in mine and 'id="comments-wait"' not in mine
    assert "2 comments" in ada.get("/submissions/2").get_data(as_text=True)
