"""What a diagnosis looks at, what a mistake is, and the ways a mistake's output is recognised.

A mistake is recognised on the trusted side only: its wrong formula is re-implemented in numpy,
run on the failed case's own inputs and compared with the student's output under the check's
own tolerance (``checks.tolerance``).  A variant counts only where the case tells it from the
right answer, so a right output is never diagnosed.  Pure: no files, no processes
(``drivers`` here only runs numpy loops).
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from checks.compare import compare_values
from checks.tolerance import Tolerance
from harness import drivers

#: What may go wrong while recomputing a wrong formula on a student's (untrusted) output.
UNUSABLE = (ArithmeticError, ValueError, TypeError, KeyError, IndexError, AttributeError,
            StopIteration)


@dataclass(frozen=True)
class Evidence:
    """What a diagnosis may look at for one case of one task."""

    case: object                # the CheckCase
    driver: str                 # the driver that ran it (call, calls, train, tf_...)
    expected: object            # the reference's output
    tolerance: Tolerance        # the check's own tolerance
    output: object = None       # the student's output, when the case returned one
    has_output: bool = False
    source: str = ""            # the text of the student's task file
    task: int = -1              # the task's id (families apply per task)
    error: str = ""             # what the case raised, when it raised


@dataclass(frozen=True)
class Finding:
    """One concrete way a mistake fits a case: what the code does, in the course's words."""

    detail: str = ""   # added to the mistake's message, e.g. ": `v, var` where `var, v` belongs"
    hint: str = ""     # replaces the mistake's hint when given


@dataclass(frozen=True)
class Mistake:
    """A mistake students make, how to recognise it, and what to tell them.

    detect(evidence) is True (or a Finding, or several) when the case shows the mistake."""

    id: str
    tasks: tuple[int, ...]
    message: str
    hint: str
    detect: Callable[[Evidence], object] = field(repr=False, compare=False)
    checks: tuple[str, ...] = ()  # the checks it explains; () means every check of the task
    in_source: bool = False       # recognised in the code (or the error), tried after outputs

    def explains(self, check_name: str) -> bool:
        return not self.checks or check_name in self.checks

    def explanation(self, finding: Finding | None = None) -> str:
        """The text added to a failed check's message."""
        detail, hint = (finding.detail, finding.hint or self.hint) if finding else ("", self.hint)
        return f"known mistake ({self.id}): {self.message}{detail}\nhint: {hint}"

    def findings(self, evidence: Evidence) -> tuple[Finding, ...]:
        """Every concrete way the mistake fits the case (several: the case cannot tell which)."""
        found = self.detect(evidence)
        if isinstance(found, Finding):
            return (found,)
        if isinstance(found, (tuple, list)):
            return tuple(found)
        return (Finding(),) if found else ()


def same(actual, wanted, tol: Tolerance) -> bool:
    """Does actual match wanted under the tolerance rule (wanted may name only some keys)?"""
    try:
        return compare_values(actual, wanted, tol, "") is None
    except UNUSABLE:
        return False


def wrong(ev: Evidence) -> bool:
    """Did the case return an output, and not the right one?"""
    return ev.has_output and not same(ev.output, ev.expected, ev.tolerance)


def quietly(compute: Callable, *args):
    """compute(*args) with numpy's warnings off (np.std of one point with ddof=1, 1 / 0, ...)."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return compute(*args)


def matches(ev: Evidence, candidate) -> bool:
    """Is the output the candidate, and can the case tell the candidate from the right answer?"""
    return not same(ev.expected, candidate, ev.tolerance) and same(ev.output, candidate,
                                                                     ev.tolerance)


def gives(wrong_outputs: Callable[[Evidence], list]) -> Callable[[Evidence], bool]:
    """Recognise a mistake by what it outputs on the case: wrong_outputs(evidence) lists the
    outputs (or parts of them, as dicts naming some keys) that the mistake's variants give."""

    def detect(ev: Evidence) -> bool:
        if not ev.has_output:
            return False
        try:
            candidates = quietly(wrong_outputs, ev)
        except UNUSABLE:
            return False
        return any(matches(ev, c) for c in candidates)

    return detect


def run_variant(ev: Evidence, fn: Callable):
    """fn, written as the student's function would be, run through the case's driver (the same
    loop the harness runs the student's function in, training included)."""
    return drivers.run(ev.driver, fn, ev.case.inputs)


def runs(*functions: Callable) -> Callable[[Evidence], bool]:
    """A mistake written as the student's function would be, run through the case's driver; a
    variant that fails on the case (a division by zero) simply gives nothing."""
    def outputs(ev: Evidence) -> list:
        found = []
        for fn in functions:
            try:
                found.append(run_variant(ev, fn))
            except UNUSABLE:
                continue
        return found
    return gives(outputs)


def args_of(ev: Evidence) -> list:
    return list(ev.case.inputs["args"])
