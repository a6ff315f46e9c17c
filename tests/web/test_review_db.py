"""Migration 0002 (the review's tables) on SQLite and PostgreSQL: up from 0001 with data, and back."""
from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tests.web.test_db import url  # noqa: F401 - the same fresh SQLite file or PostgreSQL database
from web.store import db
from web.store.models import AuditEntry, CourseSettings, ManualGrade, StudentTerms, Submission, User

REVIEW_TABLES = {"course_settings", "student_terms", "manual_grades", "audit_entries", "api_tokens"}


def _downgrade(engine, revision: str) -> None:
    config = db._alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def _columns(engine, table: str) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns(table)}


def test_upgrading_from_0001_keeps_submissions_and_adds_the_review_tables(url):  # noqa: F811
    engine = db.make_engine(url)
    db.upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO users (id, email, name, role, password_hash, created_at) "
                                "VALUES (1, 'ada@example.org', '', 'student', 'x', '2026-11-01')"))
        connection.execute(text(
            "INSERT INTO submissions (id, user_id, status, created_at, attempts, score, notes, fault, "
            "worker, claim) VALUES (7, 1, 'done', '2026-11-01', 1, 12.5, '[]', '', '', '')"))
        connection.execute(text("INSERT INTO task_outcomes (submission_id, task, result) "
                                "VALUES (7, 0, '{\"score\": 4.0}')"))
    db.upgrade(engine)
    assert set(inspect(engine).get_table_names()) >= REVIEW_TABLES
    with Session(engine) as session:
        kept = session.get(Submission, 7)
        assert kept.score == 12.5 and kept.regrade is None and kept.results[0].result == {"score": 4.0}
        session.add_all([CourseSettings(penalty_per_day=5.0, grace_days=1, counted="best"),
                         StudentTerms(user_id=1, extension_days=2),
                         ManualGrade(user_id=1, task=15, score=3.0, submission_id=7),
                         AuditEntry(student_id=1, submission_id=7, kind="manual", what="task 15",
                                    old_value="none", new_value="3")])
        session.commit()
    _downgrade(engine, "0001")  # and back: the review's tables go, the submissions stay whole
    assert not set(inspect(engine).get_table_names()) & REVIEW_TABLES
    assert "regrade" not in _columns(engine, "submissions")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT score FROM submissions WHERE id = 7")).scalar() == 12.5
        assert connection.execute(text("SELECT count(*) FROM task_outcomes")).scalar() == 1
    db.upgrade(engine)
    engine.dispose()


def test_the_review_tables_constraints_hold(url):  # noqa: F811
    engine = db.make_engine(url)
    db.upgrade(engine)
    with Session(engine) as session:
        session.add(User(id=1, email="ada@example.org", role="student", password_hash="x"))
        session.commit()
        session.add_all([ManualGrade(user_id=1, task=15, score=3.0),
                         ManualGrade(user_id=1, task=15, score=4.0)])
        with pytest.raises(IntegrityError):  # one manual grade per student and task
            session.commit()
        session.rollback()
        session.add(CourseSettings(counted="median"))
        with pytest.raises(IntegrityError):
            session.commit()
        session.rollback()
        session.add(AuditEntry(student_id=1, kind="manual", what="x"))
        session.commit()
        session.execute(User.__table__.delete())  # a student's log goes with their account
        session.commit()
        assert session.query(AuditEntry).count() == 0
    engine.dispose()
