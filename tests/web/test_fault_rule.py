"""Whose fault a broken grading is, through a real redis-server and Celery worker: a fault the
submission caused after results were shown is graded and counted, the grader's own is free
unless the student saw some of it."""
from __future__ import annotations

import pytest

from tests.helpers import reference_files
from tests.web.services import Worker, wait_for
from tests.web.test_queue import make_service, redis_server, stored, submit  # noqa: F401
from web.store import db, quota
from web.store.models import User
from web.worker import jobs

pytestmark = pytest.mark.redis
FILES = ("0-norm_constants.py", "1-normalize.py", "2-shuffle_data.py")


@pytest.fixture
def service(tmp_path, redis_server):  # noqa: F811 - the module-scoped server of test_queue
    app, environ = make_service(tmp_path, redis_server)
    environ.update(GRADER_SUBMISSIONS_PER_WINDOW="3", GRADER_GRADING_ATTEMPTS="2",
                   GRADER_SANDBOX="none")
    app.config.update(SUBMISSIONS_PER_WINDOW=3)
    return app, environ


@pytest.fixture
def worker(tmp_path):
    started = []

    def start(environ: dict, breaking: str | None) -> Worker:
        app = "tests.web.faulty_worker" if breaking else "web.make_celery"
        started.append(Worker(tmp_path / f"worker-{len(started)}.log",
                              {**environ, "GRADER_TEST_BREAK": breaking or ""}, app=app))
        return started[-1]

    yield start
    for running in started:
        running.kill()


def _left(app) -> int:
    with app.app_context():
        user = db.session().query(User).filter_by(email="ada@example.org").one()
        return quota.of(db.session(), user, app.config).left


def _finished(app, number: int):
    submission = stored(app, number)
    return submission if submission.status in ("done", "fault") else None


def test_a_fault_the_submission_caused_after_results_were_shown_is_graded_and_counted(
        service, worker):
    app, environ = service
    running = worker(environ, "submission")
    assert _left(app) == 3
    reference = reference_files()
    client, number = submit(app, {name: reference[name] for name in FILES})
    seen = []

    def shown_then_finished():
        state = client.get(f"/submissions/{number}.json").get_json()
        seen.append(state)
        return state if state["status"] in ("done", "fault") else None

    state = wait_for(shown_then_finished, 240, "the grading to end", every=0.2)
    assert state["status"] == "done", running.text()[-3000:]
    submission = stored(app, number)
    assert submission.attempts == 1  # not retried: the submission's doing
    assert submission.shown and "BrokenChannel" in submission.fault  # staff see why
    assert "BrokenChannel" not in str(state)
    tasks = {task["task"]: task for task in state["tasks"]}
    assert sorted(tasks) == list(range(16))
    statuses = {n: tasks[n]["status"] for n in range(3)}
    finished = [n for n in range(3) if all(c["passed"] for c in tasks[n]["checks"]
                                           if c["kind"] == "correctness")]
    unfinished = [n for n in range(3) if tasks[n]["status"] == "error"]
    assert len(finished) >= 1 and len(unfinished) >= 1, statuses
    for task in unfinished:
        assert all(not c["passed"] for c in tasks[task]["checks"] if c["kind"] == "correctness")
        assert "broke the grading" in str(tasks[task]["checks"])
    assert state["score"] == pytest.approx(sum(task["score"] for task in state["tasks"]))
    assert state["score"] >= 4.0 * len(finished)
    assert _left(app) == 2  # it counts


def test_the_graders_own_fault_after_results_were_shown_is_retried_and_still_counts(
        service, worker):
    app, environ = service
    running = worker(environ, "sandbox")
    reference = reference_files()
    _, number = submit(app, {name: reference[name] for name in FILES})
    wait_for(lambda: _finished(app, number), 240, "the grading to end", every=0.5)
    submission = stored(app, number)
    assert submission.status == "fault", running.text()[-3000:]
    assert submission.attempts == 2 and "stand-in" in submission.fault  # retried
    assert submission.score is None and submission.results == []  # never a zero
    assert submission.shown
    assert _left(app) == 2  # the student saw part of it: not free


def test_the_graders_own_fault_before_anything_was_shown_is_free(service, worker):
    app, environ = service
    worker({**environ, "GRADER_SANDBOX": "no-such-sandbox"}, None)
    _, number = submit(app, {"0-norm_constants.py": reference_files()["0-norm_constants.py"]})
    wait_for(lambda: _finished(app, number), 120, "the fault to be recorded", every=0.5)
    submission = stored(app, number)
    assert submission.status == "fault" and not submission.shown
    assert _left(app) == 3


def test_the_rule_names_the_graders_own_faults():
    from grader.expected import ExpectedOutputsError
    from grader.runner import HarnessError
    from grader.sandbox import SandboxError
    for error in (SandboxError, HarnessError, ExpectedOutputsError):
        assert issubclass(error, jobs.GRADERS_OWN)
    assert not issubclass(ValueError, jobs.GRADERS_OWN)
    assert not issubclass(RecursionError, jobs.GRADERS_OWN)
