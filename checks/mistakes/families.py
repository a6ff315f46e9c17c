"""Mistake families: generic slips tried on every task whose formula has a place for them.

A family (values returned in another order, two arguments swapped, a sign flipped, ...) is one
catalogued mistake whose variants come from the slip points of the task's right formula
(``checks.mistakes.slips``): each point, slipped alone, is run through the case's driver and
compared with the student's output like any catalogued mistake.  What a family tells the
student names the concrete slip it found (what the code computes, what belongs there) with the
task's formula as the hint.  A point that a task-specific entry already names is left to it.
"""
from __future__ import annotations

import functools
import inspect
import itertools

from checks.cases import public_cases_for
from checks.mistakes import hints
from checks.mistakes.evidence import (UNUSABLE, Evidence, Finding, Mistake, matches, quietly,
                                      run_variant)
from checks.mistakes.slips import FORMULAS, NAMED_SWAPS, Point, Slips
from checks.tasks import TASKS

#: family id -> what the student is told, before the concrete slip found
MESSAGES = {
    "values-in-another-order": "the returned values are in another order",
    "arguments-swapped": "two of the function's arguments are used the other way round",
    "sign-flipped": "a sign is flipped: a + where a - belongs, or a - where a + belongs",
    "root-or-square-missing": "a square or a square root is missing",
    "one-minus-mixed-up": "x is used where 1 - x belongs, or 1 - x where x belongs",
    "constant-in-root": "a constant is inside a square root where it belongs outside it, or "
                        "outside where it belongs inside",
    "steps-in-another-order": "two steps are done in the other order",
    "operator-precedence": "operator precedence: parentheses are missing, so an operator "
                           "applies to less (or more) than it should",
}


def _named(fn, name: str):
    fn.__name__ = name  # the training driver names the function in its messages
    return fn


def _right(task: int, slips: Slips):
    formula = FORMULAS[task]
    return _named(functools.partial(formula, slips), formula.__name__)


def _swapped(task: int, i: int, j: int):
    formula = FORMULAS[task]

    def variant(*args):
        args = list(args)
        args[i], args[j] = args[j], args[i]
        return formula(Slips(), *args)
    return _named(variant, formula.__name__)


#: (task, case id, driver) -> the slip points met there; a case's inputs are fixed by its id
_POINTS: dict[tuple, tuple[Point, ...]] = {}


def _points(task: int, case, driver: str) -> tuple[Point, ...]:
    """The slip points the task's formula meets on the case (the formula recorded running)."""
    key = (task, case.id, driver)
    if key not in _POINTS:
        slips = Slips()
        try:
            quietly(run_variant, Evidence(case=case, driver=driver, expected=None,
                                          tolerance=None), _right(task, slips))
        except UNUSABLE:
            pass
        _POINTS[key] = tuple(slips.points)
    return _POINTS[key]


def _public_points(task: int) -> tuple[Point, ...]:
    case = public_cases_for(task)[0]  # the first public case of a task is a single call
    return _points(task, case, TASKS[task].driver_for(case))


def _swaps(task: int) -> list[tuple[Point, object]]:
    names = list(inspect.signature(FORMULAS[task]).parameters)[1:]
    return [(Point("arguments-swapped", f"{a}, {b}", f"{b}, {a}",
                   named=NAMED_SWAPS.get((task, a, b), "")), _swapped(task, i, j))
            for (i, a), (j, b) in itertools.combinations(enumerate(names), 2)]


#: the drivers a family is tried on: single calls, not training loops (a slip already shows on
#: one step, and a thousand steps per variant would cost seconds per failed case)
DRIVERS = frozenset({"call", "calls"})


def variants(family: str, ev: Evidence) -> list[tuple[Point, object]]:
    """(point, function) for each slip of the family on this case's task."""
    if ev.task not in FORMULAS or ev.driver not in DRIVERS:
        return []
    if family == "arguments-swapped":
        return [(p, fn) for p, fn in _swaps(ev.task) if not p.named]
    points = _points(ev.task, ev.case, ev.driver)
    return [(p, _right(ev.task, Slips(p))) for p in points if p.family == family and not p.named]


def describe(point: Point) -> str:
    """The concrete slip, in words added after the family's message."""
    if point.family == "values-in-another-order":
        text = f": it returns {point.written}; the spec returns {point.right}"
    elif point.family == "arguments-swapped":
        a, b = point.right.split(", ")
        text = f": {a} is used where {b} belongs, and {b} where {a} belongs"
    elif point.family == "steps-in-another-order":
        text = f": {point.written}, where the spec has {point.right}"
    else:
        text = f": the code computes `{point.written}` where `{point.right}` belongs"
    return text + (f" ({point.why})" if point.why else "")


def _detector(family: str):
    def detect(ev: Evidence) -> tuple[Finding, ...]:
        if not ev.has_output:
            return ()
        found = []
        for point, fn in variants(family, ev):
            try:
                candidate = quietly(run_variant, ev, fn)
            except UNUSABLE:
                continue
            if quietly(matches, ev, candidate):
                found.append(Finding(describe(point), hints.BY_TASK.get(ev.task, "")))
        return tuple(found)
    return detect


def _tasks(family: str) -> tuple[int, ...]:
    """The tasks whose formula has a point of this family that no specific entry names."""
    found = []
    for task in FORMULAS:
        if family == "arguments-swapped":
            if len(inspect.signature(FORMULAS[task]).parameters) > 3:  # the Slips and 3 args
                found.append(task)
            continue
        if any(p.family == family and not p.named for p in _public_points(task)):
            found.append(task)
    return tuple(found)


def family_mistakes() -> tuple[Mistake, ...]:
    """One catalogued mistake per family that some task's formula has a free point for."""
    made = []
    for family, message in MESSAGES.items():
        tasks = _tasks(family)
        if tasks:
            made.append(Mistake(family, tasks, message, "the task's formula, as the spec gives it",
                                _detector(family)))
    return tuple(made)


def named_instances() -> dict[str, list[str]]:
    """family -> the catalogued ids that name one of its slips (for the docs page)."""
    found: dict[str, list[str]] = {}
    for task in FORMULAS:
        for p in _public_points(task) + tuple(p for p, _ in _swaps(task)):
            if p.named and p.named not in found.setdefault(p.family, []):
                found[p.family].append(p.named)
    return found
