"""The catalogue as the page docs/mistakes.md (a test keeps that file in step with it)."""
from __future__ import annotations

from checks.mistakes.evidence import Mistake
from checks.mistakes.families import MESSAGES, named_instances


def _heading(tasks: tuple[int, ...]) -> str:
    if len(tasks) == 1:
        return f"Task {tasks[0]}"
    return "Tasks " + ", ".join(map(str, tasks[:-1])) + f" and {tasks[-1]}"


def _families(catalogue: tuple[Mistake, ...]) -> list[str]:
    lines = ["", "## Families", "",
             "Generic slips tried on every task whose formula has a place for them; the message "
             "names the concrete slip found (what the code computes, what belongs there) and the "
             "hint gives the task's formula.  Where a task-specific entry below already names a "
             "family's slip, that entry's id is given instead.", ""]
    live = {m.id: m for m in catalogue if m.id in MESSAGES}
    named = named_instances()
    for family, message in MESSAGES.items():
        where = f" (tasks {', '.join(map(str, live[family].tasks))})" if family in live else ""
        also = named.get(family, [])
        tail = f"  \n  Named by: {', '.join(f'`{i}`' for i in also)}." if also else ""
        lines.append(f"- `{family}`{where}: {message}.{tail}")
    return lines


def catalogue_markdown(catalogue: tuple[Mistake, ...]) -> str:
    """The page listing every family and every task-specific entry, with its hint."""
    lines = ["# Known mistakes", "",
             "Generated from `checks/mistakes/` by `checks.mistakes.catalogue_markdown()`; "
             "do not edit by hand.", "",
             "When a check fails and the student's output is what one of these mistakes gives on "
             "the same inputs (under the check's own tolerance), the check's result carries the "
             "mistake's id (`mistake` in the JSON) and its message ends with the explanation and "
             "the hint below.  A mistake marked *(in the code)* is recognised in the task file's "
             "source (or the error it raised) instead."]
    lines += _families(catalogue)
    groups: dict[tuple[int, ...], list[Mistake]] = {}
    for mistake in (m for m in catalogue if m.id not in MESSAGES):
        groups.setdefault(mistake.tasks, []).append(mistake)
    for tasks, group in groups.items():
        lines += ["", f"## {_heading(tasks)}", ""]
        for m in group:
            where = " *(in the code)*" if m.in_source else ""
            lines.append(f"- `{m.id}`{where}: {m.message}.  \n  Hint: {m.hint}.")
    return "\n".join(lines) + "\n"
