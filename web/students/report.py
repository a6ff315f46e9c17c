"""A submission's results as a report card: a summary row per task, then, per task, each known
mistake and its hint once, the checks that fail the same way folded together, points lost per
check, and the passed checks on demand.

Pure: it takes the task results as the student may see them (web/rules/visibility.py applied)
and gives plain data for the template; it never reads the database.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from checks.mistakes import BY_ID
from checks.tasks import MANUAL_TASK, TASKS
from web.rules import blogpost

ALL_TASKS = tuple(sorted(TASKS)) + (MANUAL_TASK,)
# a traceback's frame in a task file, or a style message's "line 11"
_FRAME = re.compile(r'File "(?:[^"]*/)?([^"/]+\.py)", line (\d+)')
_LINE = re.compile(r"\bline (\d+)\b")


@dataclass
class Check:
    name: str
    kind: str
    visibility: str
    lost: float
    message: str
    line: tuple[str, int] | None  # (file, line) the message points at


@dataclass
class Failure:
    """Failed checks that fail the same way: the first in full, the others named."""

    mistake: str | None
    explanation: str        # the known mistake and its hint, said once
    first: Check
    others: list[Check] = field(default_factory=list)

    @property
    def lost(self) -> float:
        return round(self.first.lost + sum(c.lost for c in self.others), 4)


@dataclass
class TaskCard:
    task: int
    file: str
    score: float
    max_score: float
    status: str
    message: str
    urls: list[str]
    output: str
    failures: list[Failure]
    passed: list[Check]
    line: tuple[str, int] | None  # where the task's own message (an exception) points
    withheld: float = 0.0         # hidden checks' points not shown yet (web/rules/release.py)


def _line(text: str, own_file: str) -> tuple[str, int] | None:
    frames = [(name, int(n)) for name, n in _FRAME.findall(text)]
    if frames:
        return frames[-1]  # the innermost frame is where it went wrong
    found = _LINE.search(text)
    return (own_file, int(found.group(1))) if found and own_file else None


def _split(check: dict) -> tuple[str, str]:
    """(the check's own message, the known mistake's explanation or '')."""
    message = str(check.get("message", ""))
    mistake = BY_ID.get(check.get("mistake") or "")
    if mistake is None:
        return message, ""
    explanation = mistake.explanation()
    if message.endswith(explanation):
        message = message[:-len(explanation)].rstrip()
    return message, explanation


def _check(check: dict, message: str, own_file: str) -> Check:
    lost = round(float(check.get("max_score") or 0) - float(check.get("score") or 0), 4)
    # a style message names a line of the task's file; any other message only through a
    # traceback's frame (harness/child.py keeps the student's own frames)
    points_at = check.get("kind") == "style" or _FRAME.search(message)
    return Check(str(check.get("name", "")), str(check.get("kind", "")),
                 str(check.get("visibility", "")), lost, message,
                 _line(message, own_file) if points_at else None)


def _failures(checks: list[dict], own_file: str) -> list[Failure]:
    groups: dict[tuple, Failure] = {}
    for raw in checks:
        message, explanation = _split(raw)
        check = _check(raw, message, own_file)
        # the same known mistake, or the very same message (an exception on every case)
        key = ("mistake", raw["mistake"]) if raw.get("mistake") else ("text", message)
        if key in groups:
            groups[key].others.append(check)
        else:
            groups[key] = Failure(raw.get("mistake"), explanation, check)
    return list(groups.values())


def card(result: dict) -> TaskCard:
    checks = result.get("checks") or []
    own = str(result.get("file") or "")
    message = str(result.get("message") or "")
    return TaskCard(
        task=int(result["task"]), file=own, score=float(result.get("score") or 0),
        max_score=float(result.get("max_score") or 0), status=str(result.get("status", "")),
        message=message, urls=[str(u) for u in result.get("urls") or [] if blogpost.href(str(u))],
        output=str(result.get("output") or ""),
        failures=[] if result.get("status") == "missing"
        else _failures([c for c in checks if not c.get("passed")], own),
        passed=[_check(c, "", own) for c in checks if c.get("passed")],
        line=_line(message, own),
        withheld=float((result.get("withheld") or {}).get("max_score") or 0))


def cards(results: list[dict]) -> list[TaskCard]:
    return [card(result) for result in sorted(results, key=lambda r: r["task"])]


def pending(results: list[dict]) -> list[int]:
    """The tasks with no result yet, in order."""
    done = {int(r["task"]) for r in results}
    return [task for task in ALL_TASKS if task not in done]
