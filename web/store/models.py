"""The stored data: users, submissions with their files and plots, per-task results, sign-in
failures, and the instructors' review: course settings, students' terms, manual grades, the audit
log, API tokens.

Submission files live in the database itself, so a worker on any machine that reaches the
database can grade them.  Times are naive UTC (SQLite keeps no time zone).
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (JSON, Boolean, CheckConstraint, DateTime, Float, ForeignKey, Index, Integer,
                        LargeBinary, String, Text, UniqueConstraint, false, true)
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
    # a session cookie is valid only while it holds this number: signing out or a new password
    # adds one, which ends every session made before (web/store/accounts.py end_sessions)
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # a deactivated account cannot sign in; its submissions and grades are kept
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

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
    # set when an instructor asks for a regrade: who asked and the scores before (web/store/review_data.py)
    regrade: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    # a task's result was stored for the student to see (results appear as tasks finish): the
    # submission counts against the quota whatever its grading ends as (web/store/quota.py)
    shown: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    user: Mapped[User] = relationship(back_populates="submissions")
    files: Mapped[list[SubmissionFile]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="SubmissionFile.name",
        foreign_keys="SubmissionFile.submission_id")
    plots: Mapped[list[SubmissionPlot]] = relationship(
        cascade="all, delete-orphan", order_by="SubmissionPlot.task")
    results: Mapped[list[TaskOutcome]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="TaskOutcome.task")


class SubmissionFile(Base):
    __tablename__ = "submission_files"
    __table_args__ = (UniqueConstraint("submission_id", "name", name="uq_submission_files_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    # None: uploaded with this submission; else the earlier submission it was uploaded with
    # (a partial upload is completed from the previous submission, web/students/completion.py)
    taken_from: Mapped[int | None] = mapped_column(
        ForeignKey("submissions.id", ondelete="SET NULL"), nullable=True)

    submission: Mapped[Submission] = relationship(back_populates="files",
                                                  foreign_keys=[submission_id])


class SubmissionPlot(Base):
    """A plot of grader/plots.py drawn when the submission was graded (public cases only)."""

    __tablename__ = "submission_plots"
    __table_args__ = (UniqueConstraint("submission_id", "name", name="uq_submission_plots_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    task: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    alt: Mapped[str] = mapped_column(Text, default="")
    png: Mapped[bytes] = mapped_column(LargeBinary)


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
    """A failed sign-in, counted per e-mail and per client address to slow down guessing
    (web/store/signins.py: written before the password is checked, removed if it was right)."""

    __tablename__ = "signin_failures"
    __table_args__ = (Index("ix_signin_failures_email_at", "email", "at"),
                      Index("ix_signin_failures_address_at", "address", "at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CourseSettings(Base):
    """The course's one row of settings, edited by instructors (absent: the defaults below)."""

    __tablename__ = "course_settings"
    __table_args__ = (CheckConstraint("counted IN ('latest', 'best')", name="ck_course_counted"),
                      CheckConstraint("release IN ('at_once', 'after_deadline')",
                                      name="ck_course_release"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deadline: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)  # naive UTC
    penalty_per_day: Mapped[float] = mapped_column(Float, default=10.0)  # percent of the score
    grace_days: Mapped[int] = mapped_column(Integer, default=0)
    counted: Mapped[str] = mapped_column(String(10), default="latest")
    # None: GRADER_SUBMISSIONS_PER_WINDOW; 0: no limit
    submissions_per_window: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # when students see hidden cases' results and manual grades (web/rules/release.py)
    release: Mapped[str] = mapped_column(String(20), default="at_once", server_default="at_once")
    # task 15's rubric, [{"label", "points"}] (None: web/rules/rubric.py's DEFAULT), and the
    # comments saved for reuse while grading it (None: none yet)
    rubric: Mapped[list | None] = mapped_column(JSON, nullable=True)
    saved_comments: Mapped[list | None] = mapped_column(JSON, nullable=True)


class StudentTerms(Base):
    """One student's extension and own grace days (None: the course's)."""

    __tablename__ = "student_terms"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    extension_days: Mapped[int] = mapped_column(Integer, default=0)
    grace_days: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ManualGrade(Base):
    """A task graded by hand (task 15, the blog post), one per student; kept through regrades."""

    __tablename__ = "manual_grades"
    __table_args__ = (UniqueConstraint("user_id", "task", name="uq_manual_grades_task"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    task: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    comment: Mapped[str] = mapped_column(Text, default="")
    submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("submissions.id", ondelete="SET NULL"), nullable=True)  # the one looked at
    # the rubric as it was when graded, each item with "given" (None: a plain score, given
    # before rubrics or on the submission view); kept when the course's rubric changes
    rubric: Mapped[list | None] = mapped_column(JSON, nullable=True)
    graded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                  nullable=True)
    graded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AuditEntry(Base):
    """A change of a student's score: who made it, when, what changed, the value before and after."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_student", "student_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                 nullable=True)
    actor: Mapped[str] = mapped_column(String(254), default="")  # kept if the account goes
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("submissions.id", ondelete="SET NULL"), nullable=True)
    kind: Mapped[str] = mapped_column(String(20))  # manual | regrade | extension | policy
    what: Mapped[str] = mapped_column(Text)
    old_value: Mapped[str] = mapped_column(String(200), default="")
    new_value: Mapped[str] = mapped_column(String(200), default="")


class ApiToken(Base):
    """A token for scripts calling the JSON API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    user: Mapped[User] = relationship()


class LineComment(Base):
    """A staff comment on one line of a submitted file (web/store/comments.py), shown under
    that line to staff and to the submission's student.  Tied to the submission's stored file,
    not to its results: a regrade replaces task outcomes only, so comments stay."""

    __tablename__ = "line_comments"
    __table_args__ = (Index("ix_line_comments_file", "submission_id", "file_name", "line"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    file_name: Mapped[str] = mapped_column(String(255))
    line: Mapped[int] = mapped_column(Integer)  # 1-based, as the code view numbers lines
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                  nullable=True)
    author: Mapped[str] = mapped_column(String(254), default="")  # kept if the account goes
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)  # last edit
