"""A submission's page and JSON: place in the queue, results as students and as staff see them."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.web.conftest import sign_in
from web.store import db
from web.store.models import Submission, TaskOutcome, utcnow

RESULT = {
    "task": 2, "file": "2-shuffle_data.py", "score": 1.0, "max_score": 4.0, "status": "partial",
    "message": "", "output": "PRINTED [[1, 2]]", "urls": [], "cpu_seconds": 0.1, "wall_seconds": 0.1,
    "checks": [
        {"name": "spec: order", "kind": "correctness", "visibility": "public", "passed": False,
         "score": 0.0, "max_score": 1.0, "mistake": None,
         "message": "raised an exception:\nValueError: <script>alert(1)</script>"},
        {"name": "one-point: order", "kind": "correctness", "visibility": "hidden", "passed": False,
         "score": 0.0, "max_score": 1.0, "mistake": None, "failure": "error",
         "message": "hidden case (one data point): raised an exception:\nValueError: LEAKED 42"},
    ],
}


@pytest.fixture
def graded(app, make_user):
    """Ada's submission 1, done with RESULT; her submissions 2 and 3 queued."""
    ada = make_user("ada@example.org")
    with app.app_context():
        start = utcnow() - timedelta(minutes=5)
        done = Submission(user_id=ada, status="done", score=1.0, max_score=4.0, started_at=start,
                          finished_at=start + timedelta(seconds=30), fault="old fault text")
        done.results.append(TaskOutcome(task=2, result=RESULT))
        db.session().add_all([done, Submission(user_id=ada), Submission(user_id=ada)])
        db.session().commit()


def test_students_see_their_results_without_what_their_code_wrote_in_hidden_cases(app, student, graded):
    state = student.get("/submissions/1.json").get_json()
    assert state["status"] == "done" and state["score"] == 1.0
    checks = state["tasks"][0]["checks"]
    assert checks[0]["message"].endswith("<script>alert(1)</script>")  # public: shown whole
    assert checks[1]["message"] == ("hidden case (one data point): raised an exception or returned "
                                    "something of the wrong form (details of hidden cases are "
                                    "shown to staff only)")
    assert "LEAKED" not in str(state) and "PRINTED" not in str(state)
    assert "student_message" not in str(state) and "fault" not in state and "attempts" not in state
    page = student.get("/submissions/1").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert 'id="task-2"' in page and "LEAKED" not in page


def test_students_see_what_their_code_printed_in_the_public_run_only(app, student, graded):
    with app.app_context():
        done = Submission(user_id=1, status="done", score=1.0, max_score=4.0)
        done.results.append(TaskOutcome(task=2, result={**RESULT, "hidden_output": "HIDDEN 7"}))
        db.session().add(done)
        db.session().commit()
        number = done.id
    state = student.get(f"/submissions/{number}.json").get_json()
    assert state["tasks"][0]["output"] == "PRINTED [[1, 2]]"
    assert "HIDDEN 7" not in str(state) and "hidden_output" not in state["tasks"][0]
    assert "PRINTED [[1, 2]]" in student.get(f"/submissions/{number}").get_data(as_text=True)


def test_students_see_the_public_runs_times_only_and_no_control_character(app, student, graded):
    """Issue 16 (time as a channel): the hidden run's times are staff's; escapes in what the
    code printed reach no page raw (issue 15, terminal injection)."""
    with app.app_context():
        done = Submission(user_id=1, status="done", score=1.0, max_score=4.0)
        done.results.append(TaskOutcome(task=2, result={
            **RESULT, "hidden_output": "", "output": "red \x1b[31mX\r\x07",
            "cpu_seconds": 0.25, "wall_seconds": 0.5,
            "hidden_cpu_seconds": 7.75, "hidden_wall_seconds": 9.5}))
        db.session().add(done)
        db.session().commit()
        number = done.id
    task = student.get(f"/submissions/{number}.json").get_json()["tasks"][0]
    assert (task["cpu_seconds"], task["wall_seconds"]) == (0.25, 0.5)
    assert "hidden_cpu_seconds" not in task and "hidden_wall_seconds" not in task
    assert task["output"] == "red \\x1b[31mX\\x0d\\x07"


def test_staff_see_everything(app, graded, make_user):
    make_user("prof@example.org", "instructor")
    prof = app.test_client()
    sign_in(prof, "prof@example.org")
    state = prof.get("/submissions/1.json").get_json()
    assert "LEAKED 42" in str(state["tasks"]) and state["tasks"][0]["output"] == "PRINTED [[1, 2]]"
    assert state["fault"] == "old fault text" and state["attempts"] == 0


def test_queued_submissions_show_their_place_and_an_estimate(app, student, graded):
    second, third = (student.get(f"/submissions/{n}.json").get_json() for n in (2, 3))
    assert (second["place"], third["place"]) == (1, 2)
    # one grading took 30 s and nothing is running: about 30 s per place
    assert (second["estimate_seconds"], third["estimate_seconds"]) == (30, 60)
    assert student.get("/submissions/1.json").get_json()["place"] is None


def test_the_history_lists_each_submission_with_its_score(app, student, graded):
    page = student.get("/").get_data(as_text=True)
    for number in (1, 2, 3):
        assert f'href="/submissions/{number}"' in page
    assert "1.00 / 4.00" in page


@pytest.mark.parametrize("shown, counts", [(False, "does not count"), (True, "counts toward")])
def test_a_grader_fault_says_whether_it_used_one_of_the_students_submissions(
        app, student, graded, shown, counts):
    with app.app_context():
        failed = db.session().get(Submission, 2)
        failed.status, failed.shown = "fault", shown
        db.session().commit()
    message = student.get("/submissions/2.json").get_json()["message"]
    assert "no score was recorded" in message and f"It {counts}" in message
    assert counts in student.get("/submissions/2").get_data(as_text=True)
