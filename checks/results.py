"""What grading takes in (how a task's process ran) and gives out (check, task and report results).

The output classes serialise to the JSON interface of DESIGN.md with ``to_dict``; keys may be
added there, never removed or renamed.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace


@dataclass(frozen=True)
class CaseOutcome:
    """One case as the harness reported it: an output, or why there is none."""

    status: str            # ok | exception | contract | unreadable
    output: object = None  # decoded plain value when status is ok
    error: str = ""


@dataclass(frozen=True)
class TaskRun:
    """How one task's process went, as parsed (and distrusted) on the trusted side."""

    task: int
    load: str                          # ok | error | missing_function | missing_file
    load_error: str = ""
    cases: dict = field(default_factory=dict)  # case id -> CaseOutcome
    stopped: str | None = None         # why the process was stopped early, in words, if it was
    output: str = ""                   # the start of what the student's code printed
    output_bytes: int = 0
    cpu_seconds: float = 0.0
    wall_seconds: float = 0.0
    # The hidden cases run after the public ones, in a process that had their inputs: why it
    # stopped early (grader's words) and what it printed (staff only) are kept apart.
    hidden_stopped: str | None = None
    hidden_output: str = ""
    # The times of the hidden run (staff only: how long code takes can depend on the inputs);
    # cpu_seconds and wall_seconds are the public run's.
    hidden_cpu_seconds: float = 0.0
    hidden_wall_seconds: float = 0.0

    def with_hidden(self, hidden: TaskRun) -> TaskRun:
        """This run of the public cases joined with hidden, the run of the hidden cases."""
        stopped = hidden.stopped
        if hidden.load != "ok":
            stopped = "the file could not be imported when the hidden cases ran"
        error = f"import error:\n{hidden.load_error}\n" if hidden.load_error else ""
        return replace(self, cases={**self.cases, **hidden.cases}, hidden_stopped=stopped,
                       hidden_output=error + hidden.output,
                       hidden_cpu_seconds=hidden.cpu_seconds,
                       hidden_wall_seconds=hidden.wall_seconds)


class Note(str):
    """What a check returns when it passes with a remark for the student (not a deduction);
    problem is what it says instead where the pass is withdrawn (see checks.scoring)."""

    problem: str

    def __new__(cls, text: str, problem: str = "") -> Note:
        note = super().__new__(cls, text)
        note.problem = problem
        return note


@dataclass
class CheckResult:
    name: str
    kind: str
    visibility: str
    passed: bool
    score: float
    max_score: float
    message: str
    mistake: str | None = None
    failure: str | None = None  # wrong | error | stopped (checks.student_view.FAILURES) if failed


@dataclass
class TaskResult:
    task: int
    file: str
    score: float
    max_score: float
    status: str     # passed | partial | failed | error | missing | manual
    checks: list = field(default_factory=list)
    message: str = ""
    output: str = ""           # printed while the public cases ran: safe to show the student
    urls: list = field(default_factory=list)
    cpu_seconds: float = 0.0   # the public cases' run: safe to show the student
    wall_seconds: float = 0.0
    hidden_output: str = ""    # printed while the hidden cases ran: for staff only
    hidden_cpu_seconds: float = 0.0   # the hidden cases' run: for staff only
    hidden_wall_seconds: float = 0.0
    student_message: str = ""  # message as a student sees it (checks.student_view)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Report:
    tasks: list
    plots: dict = field(default_factory=dict)  # file name -> PNG bytes; kept out of to_dict's JSON

    @property
    def score(self) -> float:
        return round(sum(t.score for t in self.tasks), 4)

    @property
    def max_score(self) -> float:
        return round(sum(t.max_score for t in self.tasks), 4)

    def to_dict(self) -> dict:
        return {"score": self.score, "max_score": self.max_score,
                "tasks": [t.to_dict() for t in self.tasks]}
