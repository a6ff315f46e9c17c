"""The per-task report for a person: what passed, and for what failed, exactly why."""
from __future__ import annotations

import dataclasses
import textwrap

from checks.mistakes import BY_ID
from checks.text import printable
from checks.results import Report, TaskResult

_MARK = {"passed": "ok", "partial": "partial", "failed": "FAILED", "error": "ERROR",
         "missing": "missing", "manual": "manual"}


def _indent(text: str, prefix: str) -> str:
    return textwrap.indent(text, prefix, lambda line: True)


def _check_lines(checks: list, verbose: bool) -> list[str]:
    style = [c for c in checks if c.kind == "style"]
    if style and len({(c.passed, c.message) for c in style}) == 1 and not style[0].passed:
        # one reason for every style rule (a file that does not parse): say it once
        checks = [c for c in checks if c.kind != "style"] + [
            dataclasses.replace(style[0], name="style: all rules")]
    lines, explained = [], set()
    for check in checks:
        if check.passed and not verbose:
            continue
        mark = "pass" if check.passed else "FAIL"
        where = "" if check.kind == "style" else f" ({check.visibility})"
        lines.append(f"    {mark}  {check.name}{where}")
        if not check.passed:
            lines.append(_indent(_message(check, explained), "          "))
    return lines


def _message(check, explained: set) -> str:
    """A failed check's message; a known mistake is explained in full once per task."""
    mistake = BY_ID.get(check.mistake)
    if mistake is None or not check.message.endswith(mistake.explanation()):
        return check.message
    if mistake.id not in explained:
        explained.add(mistake.id)
        return check.message
    return check.message[:-len(mistake.explanation())] + f"known mistake ({mistake.id}), as above"


def _task(result: TaskResult, verbose: bool) -> list[str]:
    name = result.file or "blog post (graded by hand)"
    if result.status == "manual":
        return [f"Task {result.task:>2}  {name:<28} {'':>11}  manual", _indent(result.message, "    ")]
    lines = [f"Task {result.task:>2}  {name:<28} {result.score:5.2f}/{result.max_score:5.2f}  "
             f"{_MARK[result.status]}"]
    if result.status == "missing":
        return lines + [f"    {result.file} was not found in the submission"]
    if result.message and result.status == "error":
        lines.append(_indent(result.message, "    "))
        return lines + _check_lines([c for c in result.checks if c.kind == "style"], verbose)
    lines += _check_lines(result.checks, verbose)
    if result.message:
        lines.append(_indent(result.message, "    "))
    for printed, heading in ((result.output, "your code printed (public cases):"),
                             (result.hidden_output, "printed while the hidden cases ran "
                                                    "(for staff: it may hold hidden inputs):")):
        if printed and result.status != "passed":
            lines += [f"    {heading}", _indent(printed.rstrip()[:2000], "    | ")]
    return lines


def render(report: Report, origin: str = "", verbose: bool = False) -> str:
    """The whole report as text."""
    lines = [f"Grading {origin}", ""] if origin else []
    for result in report.tasks:
        lines += _task(result, verbose)
    lines += ["", f"Score: {report.score:.2f} / {report.max_score:.2f}"]
    # Student code fills much of this text: no escape sequence of theirs reaches a terminal.
    return printable("\n".join(lines)) + "\n"
