"""The assignment's style rules, judged on a task file's text, and their share of the task's points.

Every rule reads the source as text (``ast.parse`` and pycodestyle's tokenizer); nothing in it
is imported or run.  The text is hostile: a file too big, not UTF-8, that does not parse or
that nests too deep fails the style checks with a message and never crashes the grader.

Style is credited only for a file that parses and defines the task's function, so a stub
file cannot collect style points for a task that was not attempted.  The style checks are
worth ``share`` of each task's points (``DEFAULT_SHARE``: a tenth), split evenly between the
rules; the correctness checks keep the rest, so a task is still worth ``TASK_POINTS``.
"""
from __future__ import annotations

import ast
import dataclasses
import functools
import re
import warnings
from typing import Callable

import pycodestyle

from checks.results import CheckResult, TaskResult

DEFAULT_SHARE = 0.1
SHEBANG = "#!/usr/bin/env python3"
PYCODESTYLE = f"pycodestyle {pycodestyle.__version__}"
ALLOWED_IMPORTS = {"numpy": "np", "tensorflow": "tf"}  # module -> the only name it may take
MAX_CHARS = 200_000  # a task file is a few hundred lines at most; the upload cap is 1 MiB
MAX_LISTED = 10      # problems named per rule; the rest are counted
_TASK_FILE = re.compile(r"(\d+)-[\w-]+")


class _Unusable(Exception):
    """The text cannot be judged at all; the message says why (for every rule)."""


@dataclasses.dataclass(frozen=True)
class Source:
    """A task file's text and syntax tree, and the task it is for."""

    text: str
    tree: ast.Module
    task: int


# ---------------------------------------------------------------- the rules


def shebang(source: Source) -> list[str]:
    """The first line is exactly the shebang (a CR from Windows line endings breaks it)."""
    first = source.text.split("\n", 1)[0]
    if first == SHEBANG:
        return []
    if first.rstrip("\r") == SHEBANG:
        return [f"line 1: {SHEBANG!r} ends with a carriage return (Windows line endings); "
                "save the file with Unix (LF) line endings"]
    return [f"line 1: the first line must be {SHEBANG!r}, found {first[:60]!r}"]


def _documented(node) -> bool:
    return bool((ast.get_docstring(node, clean=False) or "").strip())


def docstrings(source: Source) -> list[str]:
    """The module, and every function and class, has a non-empty docstring."""
    problems = [] if _documented(source.tree) else [
        "line 1: the module has no docstring (a string right after the shebang saying what "
        "the file is for)"]
    for node in ast.walk(source.tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if not _documented(node):
                kind = "class" if isinstance(node, ast.ClassDef) else "function"
                problems.append(f"line {node.lineno}: the {kind} {node.name} has no docstring")
    return sorted(problems, key=_line_number)


def _earlier_task_file(name: str, task: int) -> bool:
    match = _TASK_FILE.fullmatch(name)
    return bool(match) and int(match.group(1)) < task


def _dunder_import(node: ast.Call, task: int) -> str | None:
    """Why a call to __import__ is not allowed, or None for __import__('N-file') of an earlier task."""
    args = node.args
    if (len(args) == 1 and not node.keywords and isinstance(args[0], ast.Constant)
            and isinstance(args[0].value, str) and _earlier_task_file(args[0].value, task)):
        return None
    named = (repr(args[0].value) if args and isinstance(args[0], ast.Constant)
             else "something other than a task file name")
    return (f"line {node.lineno}: __import__ of {named[:60]}; __import__ is only for your own "
            f"earlier task files, as in __import__('2-shuffle_data')")


def imports(source: Source) -> list[str]:
    """Only `import numpy as np`, `import tensorflow as tf` and __import__ of earlier task files."""
    problems = []
    for node in ast.walk(source.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                wanted = ALLOWED_IMPORTS.get(alias.name)
                if wanted is None or alias.asname != wanted:
                    text = f"import {alias.name}" + (f" as {alias.asname}" if alias.asname else "")
                    hint = (f"write `import {alias.name} as {wanted}`" if wanted else
                            "only numpy (as np) and tensorflow (as tf) may be imported")
                    problems.append(f"line {node.lineno}: `{text}` is not allowed; {hint}")
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            problems.append(f"line {node.lineno}: `from {module} import ...` is not allowed; "
                            "use `import numpy as np` or `import tensorflow as tf` and write "
                            "np.name or tf.name")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id == "__import__"):
            problem = _dunder_import(node, source.task)
            if problem:
                problems.append(problem)
    return sorted(problems, key=_line_number)


def final_newline(source: Source) -> list[str]:
    """The file ends with a newline character."""
    if source.text.endswith("\n"):
        return []
    return [f"line {source.text.count(chr(10)) + 1}: the file does not end with a newline"]


class _Collected(pycodestyle.BaseReport):
    """A pycodestyle report that keeps the errors instead of printing them."""

    def __init__(self, options) -> None:
        super().__init__(options)
        self.found: list[tuple[int, int, str]] = []

    def error(self, line_number, offset, text, check):
        code = super().error(line_number, offset, text, check)
        if code:
            self.found.append((line_number, offset + 1, text))
        return code


@functools.lru_cache(maxsize=1)
def _pycodestyle_options():
    # Every setting that matters is given here, so a pycodestyle configuration file on the
    # grading machine cannot change the verdict.  W292 (no newline at end of file) is left to
    # final_newline, so that one slip is not charged twice.
    ignore = pycodestyle.DEFAULT_IGNORE.split(",") + ["W292"]
    return pycodestyle.StyleGuide(quiet=True, select=[], ignore=ignore, max_line_length=79,
                                  max_doc_length=None, hang_closing=False, indent_size=4,
                                  reporter=_Collected).options


def _lines(text: str) -> list[str]:
    """The physical lines as Python reads them (split at newlines only, not at form feeds)."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def pycodestyle_clean(source: Source) -> list[str]:
    """pycodestyle finds nothing, with its default settings (79 columns)."""
    options = _pycodestyle_options()
    report = _Collected(options)
    try:
        pycodestyle.Checker(lines=_lines(source.text), options=options, report=report).check_all()
    except Exception as exc:  # a third-party tokenizer on hostile text: fail the rule, never crash
        return [f"line 1: {PYCODESTYLE} could not check the file ({type(exc).__name__})"]
    return [f"line {line}, column {column}: {text}" for line, column, text in report.found]


Rule = tuple[str, Callable[[Source], list[str]]]
RULES: tuple[Rule, ...] = (
    (f"first line is {SHEBANG}", shebang),
    ("docstrings for the module, functions and classes", docstrings),
    (f"{PYCODESTYLE} finds nothing", pycodestyle_clean),
    ("only the allowed imports", imports),
    ("file ends with a newline", final_newline),
)


# ---------------------------------------------------------------- judging a file


def _line_number(problem: str) -> int:
    match = re.match(r"line (\d+)", problem)
    return int(match.group(1)) if match else 0


def _defines(tree: ast.Module, function: str) -> bool:
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == function:
            return True
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == function for t in node.targets):
            return True
    return False


def _source(data: bytes | None, file: str, function: str, task: int) -> Source:
    """The parsed file, or _Unusable saying why its style cannot be credited."""
    if data is None:
        raise _Unusable(f"{file} was not found in the submission, so it gets no style credit")
    if len(data) > MAX_CHARS:
        raise _Unusable(f"{file} is over {MAX_CHARS // 1000} kB; a task file is far smaller")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Unusable(f"{file} is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    try:
        with warnings.catch_warnings():  # e.g. SyntaxWarning for "\d": not the grader's output
            warnings.simplefilter("ignore")
            tree = ast.parse(text, filename=file)
    except SyntaxError as exc:
        where = f"line {exc.lineno}: " if exc.lineno else ""
        raise _Unusable(f"{where}{file} is not valid Python ({exc.msg}), so its style cannot "
                        "be checked") from None
    except (RecursionError, MemoryError, ValueError) as exc:
        raise _Unusable(f"{file} could not be parsed ({type(exc).__name__}: nested too deeply "
                        "or not plain text), so its style cannot be checked") from None
    if not _defines(tree, function):
        raise _Unusable(f"{file} does not define {function}, so it gets no style credit")
    return Source(text=text, tree=tree, task=task)


def _message(problems: list[str]) -> str:
    shown = problems[:MAX_LISTED]
    more = len(problems) - len(shown)
    return "\n".join(shown + ([f"... and {more} more"] if more else []))


def style_checks(data: bytes | None, file: str, function: str, task: int,
                 points: float) -> list[CheckResult]:
    """The style checks of one task file (None when it is missing), worth points in all."""
    worth = points / len(RULES)
    try:
        source = _source(data, file, function, task)
    except _Unusable as unusable:
        verdicts = [[str(unusable)]] * len(RULES)
    else:
        verdicts = [judge(source) for _, judge in RULES]
    return [CheckResult(name=f"style: {name}", kind="style", visibility="public",
                        passed=not problems, score=0.0 if problems else worth, max_score=worth,
                        message=_message(problems) if problems else "ok")
            for (name, _), problems in zip(RULES, verdicts)]


def with_style(result: TaskResult, style: list[CheckResult], share: float) -> TaskResult:
    """result with its correctness checks scaled to (1 - share) of their points and style added.

    The status still says how the function did; a correct function with style problems is
    "partial", since the task did not get full marks."""
    scaled = [dataclasses.replace(c, score=c.score * (1 - share), max_score=c.max_score * (1 - share))
              for c in result.checks]
    checks = scaled + style
    status = result.status
    if status == "passed" and not all(c.passed for c in style):
        status = "partial"
    return dataclasses.replace(result, checks=checks, status=status,
                               score=round(sum(c.score for c in checks), 4),
                               max_score=round(sum(c.max_score for c in checks), 4))
