"""Storage on a real SQLite file and a real PostgreSQL server: migrations, files, results, constraints."""
from __future__ import annotations

import multiprocessing

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from web.store import db
from web.store.models import Base, Submission, SubmissionFile, TaskOutcome, User


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request, tmp_path):
    """A fresh database: a SQLite file, or a database on a real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/grader.sqlite"
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture
def engine(url):
    engine = db.make_engine(url)
    db.upgrade(engine)
    yield engine
    engine.dispose()


def _head() -> str:
    return ScriptDirectory(str(db.MIGRATIONS)).get_current_head()


def test_upgrade_creates_every_table_and_is_idempotent(engine):
    assert set(inspect(engine).get_table_names()) >= {
        "users", "submissions", "submission_files", "task_outcomes", "signin_failures"}
    assert db.current_revision(engine) == _head()
    db.upgrade(engine)  # a second start changes nothing
    assert db.current_revision(engine) == _head()


def test_the_migrations_build_exactly_the_models(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == [], "web/store/models.py changed without a migration: add one"


def _upgrade_in_another_process(url: str) -> None:
    db.upgrade(db.make_engine(url))


def test_processes_starting_together_migrate_once(url):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_upgrade_in_another_process, args=(url,)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [worker.exitcode for worker in workers] == [0, 0, 0]
    assert db.current_revision(db.make_engine(url)) == _head()


def _student(session: Session, email: str = "ada@example.org") -> User:
    user = User(email=email, name="Ada", role="student", password_hash="x")
    session.add(user)
    session.flush()
    return user


def test_files_and_results_come_back_whole_through_another_engine(engine, tmp_path):
    data = bytes(range(256)) * 10 + "é\n".encode()
    result = {"task": 9, "status": "partial", "checks": [{"name": "a", "passed": False}]}
    with Session(engine) as session:
        submission = Submission(user=_student(session), notes=["x.txt ignored"])
        submission.files.append(SubmissionFile(name="9-Adam.py", data=data))
        submission.results.append(TaskOutcome(task=9, result=result))
        session.add(submission)
        session.commit()
        number = submission.id
    other = db.make_engine(str(engine.url))  # as a worker on another machine would
    with Session(other) as session:
        stored = session.get(Submission, number)
        assert stored.status == "queued" and stored.attempts == 0 and stored.created_at
        assert [(f.name, f.data) for f in stored.files] == [("9-Adam.py", data)]
        assert stored.results[0].result == result and stored.notes == ["x.txt ignored"]
    other.dispose()


def test_constraints_hold(engine):
    with Session(engine) as session:
        session.add(Submission(user=_student(session), status="graded"))
        with pytest.raises(IntegrityError):
            session.commit()
    with Session(engine) as session:
        _student(session)
        session.commit()
        session.add(User(email="ada@example.org", role="student", password_hash="y"))
        with pytest.raises(IntegrityError):  # one account per address
            session.commit()
    with Session(engine) as session:
        session.add(User(email="bob@example.org", role="admin", password_hash="y"))
        with pytest.raises(IntegrityError):
            session.commit()


def test_deleting_a_user_deletes_their_submissions_files_and_results(engine):
    with Session(engine) as session:
        user = _student(session)
        submission = Submission(user=user)
        submission.files.append(SubmissionFile(name="0-norm_constants.py", data=b"x"))
        submission.results.append(TaskOutcome(task=0, result={}))
        session.add(submission)
        session.commit()
        # through the database's own foreign keys, not the ORM's cascade
        session.execute(User.__table__.delete())
        session.commit()
        for table in (Submission, SubmissionFile, TaskOutcome):
            assert session.scalars(select(table)).all() == []
