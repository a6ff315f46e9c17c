"""A demo class for the instructors' pages (``grader demo seed``): students whose submissions are
the gallery's sample submissions, really graded in the sandbox, then stored as the worker stores them;
``grader demo remove`` takes it out again.

Each variant (a correct gallery submission, with some tasks replaced by a ``wrong_*`` entry's
files or left out) is graded once; students who hand in the same variant share its results, as
they would get the same.  Upload times spread around a deadline, so some are late; some students
resubmit, some hand in nothing; about half have task 15 graded by hand.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from checks.results import Report
from checks.scoring import manual_task
from checks.tasks import MANUAL_TASK, TASKS
from grader import expected, grading, submission
from grader.sandbox import Sandbox
from web.rules import visibility
from web.store import accounts, review_data
from web.store.models import (ApiToken, AuditEntry, CourseSettings, LineComment, ManualGrade,
                              StudentTerms, Submission, SubmissionFile, TaskOutcome, User,
                              utcnow)

GALLERY = Path(__file__).resolve().parents[2] / "tests" / "gallery"
FIRST = ("Ada", "Bilal", "Chen", "Dana", "Emeka", "Farah", "Goran", "Hana", "Ivo", "Jia", "Kofi",
         "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tariq", "Uma",
         "Viktor", "Wen", "Ximena", "Yusuf", "Zara", "Amir", "Beatriz", "Cyrus", "Dalia")
LAST = ("Okafor", "Lindqvist", "Moreau", "Tanaka", "Haddad", "Novak", "Silva", "Kowalski", "Mensah",
        "Ibarra", "Rahman", "Fischer", "Costa", "Nguyen", "Petrov")


INSTRUCTOR = "prof@example.org"


def _name(index: int) -> str:
    return f"{FIRST[index % len(FIRST)]} {LAST[(index * 7) % len(LAST)]}"


def _email(name: str) -> str:
    return f"{name.lower().replace(' ', '.')}@example.org"


def emails() -> set[str]:
    """Every address the demo uses: the names repeat after len(FIRST) students, so these are all."""
    return {INSTRUCTOR} | {_email(_name(index)) for index in range(len(FIRST))}


@dataclass(frozen=True)
class Variant:
    """A submission made of the gallery: a base entry, wrong entries laid over it, tasks kept."""

    base: str
    wrong: tuple[str, ...] = ()
    tasks: tuple[int, ...] | None = None  # None: every task file of the base


VARIANTS = (
    Variant("correct_vectorized"),
    Variant("correct_loops"),
    Variant("correct_vectorized", ("wrong_no_shuffle",)),
    Variant("correct_inplace", ("wrong_adam_exponent", "wrong_ema_off_by_one")),
    Variant("correct_vectorized", ("wrong_bn_no_epsilon", "wrong_decay_continuous")),
    Variant("correct_loops", ("wrong_momentum_swapped_weights", "wrong_rmsprop_eps_inside_sqrt")),
    Variant("correct_vectorized", ("wrong_normalize_precedence", "wrong_tf1_style")),
    Variant("correct_vectorized", tasks=tuple(range(9))),            # did not finish
    Variant("correct_loops", ("wrong_std_ddof1", "wrong_drop_last_batch"), tasks=tuple(range(5))),
)


def files_of(variant: Variant, gallery: Path = GALLERY) -> dict[str, bytes]:
    files = {p.name: p.read_bytes() for p in (gallery / variant.base).glob("*.py")}
    for entry in variant.wrong:
        files.update({p.name: p.read_bytes() for p in (gallery / entry).glob("*.py")})
    if variant.tasks is not None:
        kept = {TASKS[t].file for t in variant.tasks}
        files = {name: data for name, data in files.items() if name in kept}
    return files


def grade_files(files: dict[str, bytes], sandbox: Sandbox) -> tuple[Report, dict]:
    """Grade for real, as the worker does (web/worker/jobs.py): the report and the stored documents."""
    stored = submission.Submission(files=files, origin="demo")
    options = grading.Options(sandbox=sandbox)
    tasks = grading.selected(options)
    wanted = {task.id: expected.load(task) for task in tasks}
    runs = grading.run(stored, tasks, options)
    report = grading.score(stored, tasks, runs, wanted, options)
    documents = {r.task: visibility.with_student_messages(r, runs.get(r.task), TASKS[r.task])
                 if r.task in TASKS else r.to_dict() for r in report.tasks}
    return report, documents


def _store(session: Session, user: User, files: dict[str, bytes], graded: tuple[Report, dict],
           at: datetime) -> Submission:
    report, documents = graded
    readme = files.get("README.md", b"").decode()
    documents = {**documents, MANUAL_TASK: manual_task({"README.md": readme}).to_dict()}
    score = round(sum(d["score"] for d in documents.values()), 4)
    made = Submission(user_id=user.id, status="done", attempts=1, created_at=at, started_at=at,
                      finished_at=at + timedelta(seconds=40), score=score,
                      max_score=report.max_score, worker="demo")
    made.files = [SubmissionFile(name=name, data=data) for name, data in sorted(files.items())]
    made.results = [TaskOutcome(task=task, result=doc) for task, doc in sorted(documents.items())]
    session.add(made)
    return made


def seed(session: Session, sandbox: Sandbox, students: int = 30, seed_value: int = 6,
         variants: tuple[Variant, ...] = VARIANTS, gallery: Path = GALLERY,
         now: datetime | None = None, say=print) -> tuple[str, str]:
    """Add a demo class (not committed); the demo instructor's e-mail and password."""
    rng = random.Random(seed_value)
    now = now or utcnow().replace(second=0, microsecond=0)
    deadline = now - timedelta(days=2)
    graded = {}
    for number, variant in enumerate(variants):
        say(f"grading variant {number + 1} of {len(variants)}: "
            + " + ".join((variant.base,) + variant.wrong)
            + (f" (tasks {variant.tasks[0]} to {variant.tasks[-1]})" if variant.tasks else ""))
        files = files_of(variant, gallery)
        graded[variant] = (files, grade_files(files, sandbox))
    finished = [v for v in variants if v.tasks is None] or list(variants)  # a last try is whole
    prof = accounts.add_user(session, INSTRUCTOR, "instructor", "Demo Instructor")
    instructor = accounts.find(session, prof.email)
    if session.get(CourseSettings, 1) is None:
        session.add(CourseSettings(id=1, deadline=deadline, penalty_per_day=10.0, grace_days=0,
                                   counted="latest"))
    for index in range(students):
        name = _name(index)
        email = _email(name)
        accounts.add_user(session, email, "student", name)
        user = accounts.find(session, email)
        if rng.random() < 0.07:
            continue  # handed in nothing
        tries = rng.choice((1, 1, 2, 3))
        at = deadline - timedelta(days=rng.uniform(1, 6))
        for attempt in range(tries):
            variant = rng.choice(finished if attempt == tries - 1 else variants)
            files, result = graded[variant]
            if rng.random() < 0.8:
                slug = name.lower().replace(" ", "-")
                files = {**files, "README.md": f"# Optimization\n\nhttps://medium.com/@{slug}/"
                                              f"optimization-techniques-{index}\n".encode()}
            late = attempt == tries - 1 and rng.random() < 0.2
            when = deadline + timedelta(hours=rng.uniform(2, 60)) if late else at
            made = _store(session, user, files, result, when)
            at += timedelta(hours=rng.uniform(3, 20))
        session.flush()
        if rng.random() < 0.5:
            score = rng.choice((4.0, 4.0, 3.5, 3.0, 2.0))
            review_data.grade_manual(session, instructor, made, score,
                                     rng.choice(("clear, with examples", "no picture at the top",
                                                 "good; momentum explained well", "")))
    return prof.email, prof.password


def remove(session: Session) -> int:
    """Take the demo class out (not committed): its accounts with their submissions, grades,
    terms, tokens and audit entries; how many accounts went.  Only the demo's addresses (at
    example.org, which no real person has) are touched; the course settings stay."""
    users = session.scalars(select(User.id).where(User.email.in_(sorted(emails())))).all()
    if not users:
        return 0
    submissions = select(Submission.id).where(Submission.user_id.in_(users))
    # explicit, child tables first: SQLite enforces ON DELETE CASCADE only with a pragma
    for table, column in ((TaskOutcome, TaskOutcome.submission_id),
                          (SubmissionFile, SubmissionFile.submission_id),
                          (LineComment, LineComment.submission_id)):
        session.execute(delete(table).where(column.in_(submissions)))
    for table, column in ((ManualGrade, ManualGrade.user_id), (AuditEntry, AuditEntry.student_id),
                          (StudentTerms, StudentTerms.user_id), (ApiToken, ApiToken.user_id),
                          (Submission, Submission.user_id)):
        session.execute(delete(table).where(column.in_(users)))
    session.execute(delete(User).where(User.id.in_(users)))
    return len(users)
