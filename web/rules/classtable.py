"""The class view's rules: sorting and filtering the grade book's rows, colours, failure rates.

Pure: rows from web/rules/gradebook.py and stored task results (the JSON of DESIGN.md) in, plain
values out.  A failure rate is over the counted submissions only, so a student who resubmitted
ten times weighs as much as one who did not.
"""
from __future__ import annotations

from dataclasses import dataclass

from web.rules.gradebook import AUTO_TASKS, MANUAL_MAX, Cell, Row

SHOW = {
    "all": "everyone",
    "late": "late submissions",
    "none": "no graded submission",
    "incomplete": "below full marks on a task",
    "ungraded": "task 15 not graded by hand",
}
SORT_KEYS = ("name", "email", "total", "late", "submitted") + tuple(f"task{t}" for t in AUTO_TASKS)


def shade(cell: Cell | None) -> str:
    """The CSS class of a cell: the colour tells full, partial, nothing, missing or no data."""
    if cell is None:
        return "none"
    if cell.status == "missing":
        return "missing"
    if cell.score >= cell.max_score - 1e-9:
        return "full"
    return "partial" if cell.score > 0 else "zero"


def manual_shade(row: Row) -> str:
    if row.manual is None:
        return "none"
    return "full" if row.manual.score >= MANUAL_MAX - 1e-9 else "partial" if row.manual.score else "zero"


def _key(row: Row, key: str):
    """A sort key where rows without the value go last in either order (see sort_rows)."""
    if key == "name":
        return (row.student.name or row.student.email).lower()
    if key == "email":
        return row.student.email
    if key == "total":
        return row.total
    if key == "late":
        return row.late.days_late if row.late else None
    if key == "submitted":
        return row.submission.created_at if row.submission else None
    cell = row.cells.get(int(key[4:])) if key.startswith("task") else None
    return cell.score if cell else None


def sort_rows(rows: list[Row], key: str = "name", descending: bool = False) -> list[Row]:
    """Rows sorted by key (one of SORT_KEYS; others sort by name); ties by e-mail."""
    key = key if key in SORT_KEYS else "name"
    present = [r for r in rows if _key(r, key) is not None]
    absent = [r for r in rows if _key(r, key) is None]
    present.sort(key=lambda r: r.student.email)
    present.sort(key=lambda r: _key(r, key), reverse=descending)  # stable: ties keep e-mail order
    return present + sorted(absent, key=lambda r: r.student.email)


def _shown(row: Row, show: str) -> bool:
    if show == "late":
        return bool(row.late and row.late.days_late)
    if show == "none":
        return row.submission is None
    if show == "incomplete":
        return row.submission is not None and any(shade(c) != "full" for c in row.cells.values())
    if show == "ungraded":
        return row.manual is None
    return True


def filter_rows(rows: list[Row], text: str = "", show: str = "all") -> list[Row]:
    """The rows whose name or e-mail holds text (any case) and that match show (a SHOW key)."""
    needle = text.strip().lower()
    return [row for row in rows
            if (not needle or needle in row.student.email.lower() or needle in row.student.name.lower())
            and _shown(row, show if show in SHOW else "all")]


@dataclass(frozen=True)
class Rate:
    """How often something failed: failed of counted, and its label."""

    task: int
    label: str
    failed: int
    counted: int

    @property
    def rate(self) -> float:
        return self.failed / self.counted if self.counted else 0.0


def task_failure_rates(rows: list[Row]) -> list[Rate]:
    """For each task, how many counted submissions did not get it fully right (in task order)."""
    rates = []
    for task in AUTO_TASKS:
        cells = [row.cells[task] for row in rows if task in row.cells]
        failed = sum(1 for cell in cells if shade(cell) != "full")
        rates.append(Rate(task, f"task {task}", failed, len(cells)))
    return rates


def check_failure_rates(results: list[dict], limit: int = 12) -> list[Rate]:
    """The checks failed most often across task results (the stored JSON of each counted
    submission's tasks), most failed first; a missing file is not a failed check."""
    seen: dict[tuple[int, str], list[int]] = {}
    for result in results:
        if result.get("status") == "missing":
            continue
        for check in result.get("checks", []):
            counts = seen.setdefault((result["task"], str(check.get("name", ""))), [0, 0])
            counts[0] += 0 if check.get("passed") else 1
            counts[1] += 1
    rates = [Rate(task, name, failed, total) for (task, name), (failed, total) in seen.items() if failed]
    rates.sort(key=lambda r: (-r.rate, -r.failed, r.task, r.label))
    return rates[:limit]
