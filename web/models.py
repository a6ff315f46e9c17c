"""The stored data: users, submissions with their files, per-task results, sign-in failures.

Submission files live in the database itself, so a worker on any machine that reaches the
database can grade them.  Times are naive UTC (SQLite keeps no time zone).
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (JSON, CheckConstraint, DateTime, Float, ForeignKey, Index, Integer,
                        LargeBinary, String, Text, UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

ROLES = ("student", "instructor")
STATUSES = ("queued", "running", "done", "fault")


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('student', 'instructor')", name="ck_users_role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20), default="student")
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    submissions: Mapped[list[Submission]] = relationship(back_populates="user")

    @property
    def is_instructor(self) -> bool:
        return self.role == "instructor"


class Submission(Base):
    __tablename__ = "submissions"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'done', 'fault')",
                        name="ck_submissions_status"),
        Index("ix_submissions_user_created", "user_id", "created_at"),
        Index("ix_submissions_status", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), default="queued")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # gradings started
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    max_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    notes: Mapped[list] = mapped_column(JSON, default=list)  # what the upload ignored, and why
    fault: Mapped[str] = mapped_column(Text, default="")  # the grader's last fault, for staff
    worker: Mapped[str] = mapped_column(String(200), default="")  # host and pid grading it
    claim: Mapped[str] = mapped_column(String(64), default="")  # the queue message grading it

    user: Mapped[User] = relationship(back_populates="submissions")
    files: Mapped[list[SubmissionFile]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="SubmissionFile.name")
    results: Mapped[list[TaskOutcome]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="TaskOutcome.task")


class SubmissionFile(Base):
    __tablename__ = "submission_files"
    __table_args__ = (UniqueConstraint("submission_id", "name", name="uq_submission_files_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes] = mapped_column(LargeBinary)

    submission: Mapped[Submission] = relationship(back_populates="files")


class TaskOutcome(Base):
    """One task's result, the TaskResult JSON of DESIGN.md, stored as soon as it is known."""

    __tablename__ = "task_outcomes"
    __table_args__ = (UniqueConstraint("submission_id", "task", name="uq_task_outcomes_task"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    task: Mapped[int] = mapped_column(Integer)
    result: Mapped[dict] = mapped_column(JSON)

    submission: Mapped[Submission] = relationship(back_populates="results")


class SignInFailure(Base):
    """A failed sign-in, counted per e-mail and per client address to slow down guessing."""

    __tablename__ = "signin_failures"
    __table_args__ = (Index("ix_signin_failures_email_at", "email", "at"),
                      Index("ix_signin_failures_address_at", "address", "at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
