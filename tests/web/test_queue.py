"""The queue for real: a redis-server, Celery worker processes, grading in the sandbox (not eager mode)."""
from __future__ import annotations

import io
import os
import signal
import time

import pytest

from checks.tasks import TASKS
from tests.helpers import reference_files
from tests.web.conftest import PASSWORD, csrf_token, sign_in
from tests.web.services import RedisServer, Worker, wait_for
from web import create_app
from web.store import accounts, db
from web.worker import queue
from web.store.models import Submission

pytestmark = pytest.mark.redis

SLOW_NORMALIZE = '''#!/usr/bin/env python3
"""Normalize, slowly."""
import numpy as np


def normalize(X, m, s):
    """Standardize X after a pause, so that the other tasks are done first."""
    __import__("time").sleep(1.0)
    return (X - m) / s
'''
LEAKY_SHUFFLE = '''#!/usr/bin/env python3
"""Shuffle that tells its inputs."""
import numpy as np


def shuffle_data(X, Y):
    """Print the inputs, then raise with them."""
    print("PRINTED", X.tolist())
    raise ValueError("LEAKED " + str(X.tolist()))
'''


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()


def make_service(tmp_path, redis_server, database_url: str = ""):
    """(app, environ): the app and the variables a worker needs to share its database and broker."""
    redis_server.client.flushall()  # no message of an earlier test's database is left
    environ = {"GRADER_INSTANCE": str(tmp_path / "instance"), "GRADER_SECRET_KEY": "k" * 32,
               "GRADER_BROKER_URL": redis_server.url, "GRADER_SANDBOX": "bwrap",
               "GRADER_SANDBOX_POOL": "0", "GRADER_RETRY_SECONDS": "1"}
    config = {"INSTANCE": environ["GRADER_INSTANCE"], "SECRET_KEY": "k" * 32,
              "BROKER_URL": redis_server.url}
    if database_url:
        environ["GRADER_DATABASE_URL"] = config["DATABASE_URL"] = database_url
    app = create_app(config)
    with app.app_context():
        accounts.add_user(db.session(), "ada@example.org", password=PASSWORD)
        db.session().commit()
    return app, environ


@pytest.fixture
def service(tmp_path, redis_server):
    return make_service(tmp_path, redis_server)


@pytest.fixture
def workers(tmp_path):
    started = []

    def start(environ: dict, name: str = "worker", **changes) -> Worker:
        worker = Worker(tmp_path / f"{name}.log", {**environ, **changes})
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.kill()


def submit(app, files: dict[str, str]):
    client = app.test_client()
    assert sign_in(client, "ada@example.org").status_code == 302
    token = csrf_token(client.get("/").get_data(as_text=True))
    data = {"csrf_token": token,
            "files": [(io.BytesIO(text.encode()), f"optimization/{name}") for name, text in files.items()]}
    response = client.post("/submissions", data=data, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    return client, int(response.location.rsplit("/", 1)[1])


def stored(app, number: int) -> Submission:
    with app.app_context():
        submission = db.session().get(Submission, number)
        submission.results  # loaded before the session closes
        return submission


def test_a_real_worker_grades_task_by_task_in_the_sandbox(service, workers):
    app, environ = service
    worker = workers(environ, GRADER_SANDBOX_POOL="1")  # a sandbox started ahead, as in production
    reference = reference_files()
    client, number = submit(app, {"0-norm_constants.py": reference["0-norm_constants.py"],
                                  "1-normalize.py": SLOW_NORMALIZE, "2-shuffle_data.py": LEAKY_SHUFFLE})
    seen_early = []

    def finished():
        state = client.get(f"/submissions/{number}.json").get_json()
        if state["status"] == "running":
            seen_early.append({task["task"] for task in state["tasks"]})
        return state if state["status"] in ("done", "fault") else None

    state = wait_for(finished, 240, "the submission to be graded", every=0.2)
    assert state["status"] == "done", worker.text()[-3000:]
    # task 0 (quick) was shown while task 1 (slow) was still running
    assert any(0 in tasks and 1 not in tasks for tasks in seen_early), seen_early
    tasks = {task["task"]: task for task in state["tasks"]}
    assert sorted(tasks) == list(range(16))
    for number_ in (0, 1):
        assert all(c["passed"] for c in tasks[number_]["checks"] if c["kind"] == "correctness")
    assert tasks[2]["status"] == "failed" and tasks[9]["status"] == "missing"
    assert state["score"] == pytest.approx(sum(task["score"] for task in state["tasks"]))
    # nothing the code wrote while hidden cases ran reaches the student
    hidden = [c for c in tasks[2]["checks"] if c["visibility"] == "hidden"]
    assert hidden and all("LEAKED" not in c["message"] and "shown to staff only" in c["message"]
                      for c in hidden)
    assert "LEAKED" in str(tasks[2]["checks"]) and "PRINTED" in tasks[2]["output"]  # public
    public = [str(c.inputs["args"][0].tolist()) for c in TASKS[2].cases() if c.public]
    for case in TASKS[2].cases():  # hidden cases ran after the public ones: none of their inputs
        if not case.public and str(case.inputs["args"][0].tolist()) in public:
            continue  # the in-place probe reuses the public input
        printed = "PRINTED " + str(case.inputs["args"][0].tolist())
        assert (printed in tasks[2]["output"]) == case.public
        assert case.public or printed not in str(state)
    staff = stored(app, number)
    assert "PRINTED" in staff.results[2].result["hidden_output"] and staff.attempts == 1

    # a second message for the same submission (a duplicate delivery) changes nothing
    with app.app_context():
        assert queue.enqueue(number)
    wait_for(lambda: "skipped" in worker.text(), 60, "the duplicate to be skipped")
    again = stored(app, number)
    assert again.attempts == 1 and again.status == "done" and len(again.results) == 16


def test_a_grader_fault_is_retried_then_shown_to_staff_never_a_zero(service, workers):
    app, environ = service
    workers(environ, GRADER_SANDBOX="no-such-sandbox", GRADER_GRADING_ATTEMPTS="2")
    client, number = submit(app, {"0-norm_constants.py": reference_files()["0-norm_constants.py"]})
    wait_for(lambda: stored(app, number).status == "fault", 60, "the fault to be recorded")
    submission = stored(app, number)
    assert submission.attempts == 2 and submission.score is None and submission.results == []
    assert "unknown sandbox" in submission.fault
    state = client.get(f"/submissions/{number}.json").get_json()
    assert state["score"] is None and "not your code's fault" in state["message"]
    assert "fault" not in state  # the grader's own message is for staff
    assert "unknown sandbox" not in client.get(f"/submissions/{number}").get_data(as_text=True)


def _running(app, number: int) -> Submission | None:
    submission = stored(app, number)
    return submission if submission.status == "running" else None


def test_a_pool_process_killed_mid_grade_loses_nothing(service, workers):
    app, environ = service
    workers(environ)
    _, number = submit(app, {"1-normalize.py": SLOW_NORMALIZE})
    running = wait_for(lambda: _running(app, number), 120, "grading to start")
    time.sleep(1)
    os.kill(int(running.worker.split()[1]), signal.SIGKILL)  # the pool process grading it
    wait_for(lambda: stored(app, number).status == "done", 180, "grading to finish")
    submission = stored(app, number)
    assert submission.attempts == 2 and len(submission.results) == 16
    assert all(c["passed"] for c in submission.results[1].result["checks"] if c["kind"] == "correctness")


def test_a_whole_worker_killed_mid_grade_is_finished_by_the_next(service, workers):
    app, environ = service
    first = workers(environ, "first")
    _, number = submit(app, {"1-normalize.py": SLOW_NORMALIZE})
    wait_for(lambda: _running(app, number), 120, "grading to start")
    first.kill()  # the message stays unacknowledged in Redis
    assert stored(app, number).status == "running"
    # a new worker takes it back once the visibility timeout has passed
    workers(environ, "second", GRADER_VISIBILITY_SECONDS="3")
    wait_for(lambda: stored(app, number).status == "done", 180, "the next worker to finish it")
    assert stored(app, number).attempts == 2


@pytest.mark.postgres
def test_web_and_worker_share_a_postgresql_database(tmp_path, redis_server, postgres, workers):
    app, environ = make_service(tmp_path, redis_server, postgres.new_database())
    workers(environ)
    client, number = submit(app, {"0-norm_constants.py": reference_files()["0-norm_constants.py"]})
    wait_for(lambda: stored(app, number).status == "done", 120, "grading into PostgreSQL")
    state = client.get(f"/submissions/{number}.json").get_json()
    task0 = next(task for task in state["tasks"] if task["task"] == 0)
    assert all(c["passed"] for c in task0["checks"] if c["kind"] == "correctness")
