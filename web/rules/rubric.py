"""Task 15's rubric and reusable comments: the course's items with points, their text form on
the settings page, and a grade made of ticked items and comments.

Pure: plain values in, plain values out.  A grade keeps the rubric as it was (each item with
``given``), so editing the rubric later never changes a grade already given, nor what its
student reads.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

MAX_ITEMS = 12
MAX_LABEL = 200
MAX_COMMENTS = 40
MAX_COMMENT = 4000  # a grade's whole comment (ManualGrade.comment)
MAX_SAVED = 500     # one reusable comment


class RubricError(ValueError):
    """A rubric, a comment or a grade cannot be taken; the message says why."""


@dataclass(frozen=True)
class Item:
    label: str
    points: float


DEFAULT = (Item("explains the mechanics, pros and cons of each of the seven techniques", 2.0),
           Item("has examples", 1.0),
           Item("a picture at the top; published on Medium or LinkedIn, in English", 1.0))


def from_json(data) -> tuple[Item, ...]:
    """The stored rubric (None or unreadable: the default)."""
    try:
        items = tuple(Item(str(d["label"]), float(d["points"])) for d in data)
    except (TypeError, KeyError, ValueError):
        return DEFAULT
    return items or DEFAULT


def to_json(items: tuple[Item, ...]) -> list[dict]:
    return [{"label": item.label, "points": item.points} for item in items]


def to_text(items: tuple[Item, ...]) -> str:
    """The settings page's form of a rubric: one item a line, "points | label"."""
    return "\n".join(f"{item.points:g} | {item.label}" for item in items)


def _item(number: int, line: str) -> Item:
    points, bar, label = line.partition("|")
    label = " ".join(label.split())
    if not bar or not label:
        raise RubricError(f"rubric line {number} ({line[:40]!r}) is not \"points | label\"")
    try:
        value = float(points)
    except ValueError:
        raise RubricError(f"rubric line {number}: {points.strip()[:20]!r} is not a number") from None
    if not 0 < value <= 100:  # NaN fails this too
        raise RubricError(f"rubric line {number}: the points must be above 0 (and at most 100)")
    if len(label) > MAX_LABEL:
        raise RubricError(f"rubric line {number}: the label is longer than {MAX_LABEL} characters")
    return Item(label, value)


def parse(text: str, total: float) -> tuple[Item, ...]:
    """A rubric from its text form; its points must add up to total (the task's worth), so a
    post that earns every item gets full marks and none gets more."""
    lines = [line.strip() for line in text.splitlines()]
    items = tuple(_item(n, line) for n, line in enumerate(lines, 1) if line)
    if not items:
        raise RubricError("the rubric needs at least one item")
    if len(items) > MAX_ITEMS:
        raise RubricError(f"the rubric has {len(items)} items; at most {MAX_ITEMS}")
    if len({item.label.lower() for item in items}) != len(items):
        raise RubricError("two rubric items have the same label")
    added = round(sum(item.points for item in items), 4)
    if abs(added - total) > 1e-9:
        raise RubricError(f"the rubric's points add up to {added:g}; they must add up to "
                          f"{total:g}, what task 15 is worth")
    return items


def parse_comments(text: str) -> tuple[str, ...]:
    """Reusable comments from the settings page: one a line, blank lines and repeats dropped."""
    found: list[str] = []
    for line in text.splitlines():
        comment = " ".join(line.split())
        if not comment or comment in found:
            continue
        if len(comment) > MAX_SAVED:
            raise RubricError(f"a reusable comment is longer than {MAX_SAVED} characters")
        found.append(comment)
    if len(found) > MAX_COMMENTS:
        raise RubricError(f"there are {len(found)} reusable comments; at most {MAX_COMMENTS}")
    return tuple(found)


def fingerprint(items: tuple[Item, ...], comments: tuple[str, ...] = ()) -> str:
    """Names this rubric and these comments: a form made for others is refused, not misread."""
    text = json.dumps([to_json(items), list(comments)], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Grade:
    score: float
    comment: str
    given: list[dict]  # the rubric, each item with "given" (stored with the grade)


def _indices(chosen: list[str], count: int, what: str) -> list[int]:
    picked = set()
    for text in chosen:
        if not (text.isascii() and text.isdigit()) or int(text) >= count:
            raise RubricError(f"{what} {text[:20]!r} does not exist")
        picked.add(int(text))
    return sorted(picked)


def grade(items: tuple[Item, ...], comments: tuple[str, ...], ticked: list[str],
          reused: list[str], free: str) -> Grade:
    """A grade from the form: the ticked items (their indices as sent) make the score; the
    reused comments, in the order offered, then the free comment make the comment."""
    given = _indices(ticked, len(items), "rubric item")
    parts = [comments[i] for i in _indices(reused, len(comments), "reusable comment")]
    free = free.strip().replace("\r\n", "\n")
    comment = "\n".join(parts + ([free] if free else []))
    if not given and not comment:
        raise RubricError("tick the rubric items the post earns, or say in a comment why it "
                          "earns none")
    if len(comment) > MAX_COMMENT:
        raise RubricError(f"the comment is {len(comment)} characters long; at most {MAX_COMMENT}")
    return Grade(round(sum(items[i].points for i in given), 4), comment,
                 [{**entry, "given": n in given} for n, entry in enumerate(to_json(items))])


def given_labels(stored: list | None) -> list[str]:
    """The items a stored grade gave, for its log entry."""
    return [f"{d.get('label')} ({float(d.get('points') or 0):g})" for d in stored or []
            if d.get("given")]
