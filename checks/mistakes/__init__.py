"""Known mistakes: the catalogue (task-specific entries and generic families) and the diagnosis.

The package's parts: ``evidence`` (what a mistake is and how its output is recognised),
``slips`` (the right formulas with their slip points), ``families`` (generic slips tried on
every task they apply to), ``catalogue`` (the task-specific entries), ``source`` (mistakes seen
in the code or the error), ``diagnosis`` (naming the one mistake behind a failed check) and
``docs`` (the docs page).  Explanations are fixed text per slip: naming a mistake on a hidden
case reveals neither its inputs nor its expected values.
"""
from __future__ import annotations

from checks.mistakes import docs
from checks.mistakes.catalogue import SPECIFIC
from checks.mistakes.diagnosis import Diagnosed, Diagnosis as _Diagnosis
from checks.mistakes.evidence import Evidence, Finding, Mistake
from checks.mistakes.families import family_mistakes
from checks.mistakes.source import code_only

#: Every catalogued mistake, in the order they are tried: the task-specific ones, then families.
CATALOGUE: tuple[Mistake, ...] = SPECIFIC + family_mistakes()
BY_ID = {mistake.id: mistake for mistake in CATALOGUE}

__all__ = ["BY_ID", "CATALOGUE", "Diagnosed", "Diagnosis", "Evidence", "Finding", "Mistake",
           "catalogue_markdown", "code_only", "for_task"]


def for_task(task: int) -> tuple[Mistake, ...]:
    """The catalogued mistakes of a task, in the order they are tried."""
    return tuple(m for m in CATALOGUE if task in m.tasks)


def Diagnosis(task, run, expected: dict, source: str = "") -> _Diagnosis:  # noqa: N802
    """The diagnosis of one task's run by the mistakes catalogued for it."""
    return _Diagnosis(task, run, expected, source, for_task(task.id))


def catalogue_markdown() -> str:
    """The catalogue as the page docs/mistakes.md."""
    return docs.catalogue_markdown(CATALOGUE)
