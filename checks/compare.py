"""Compare a received value with the expected one and say exactly what differs.

Pure functions: they take decoded plain values (from ``harness.plain``) and return
``None`` when the value matches, or a message for the student.  Messages of hidden cases
never contain the expected values (``reveal=False``).
"""
from __future__ import annotations

import numbers

import numpy as np

from checks.tolerance import Tolerance
from harness.plain import Opaque, Tensor


def type_name(value) -> str:
    """What the student returned, in words a student recognises."""
    if isinstance(value, Tensor):
        shape = f" of shape {value.value.shape}" if isinstance(value.value, np.ndarray) else ""
        return f"a tensor{shape} ({value.cls.rsplit('.', 1)[-1]})"
    if isinstance(value, Opaque):
        return f"an object of class {value.cls}"
    if isinstance(value, np.ndarray):
        return f"a numpy array of shape {value.shape}"
    if value is None:
        return "None"
    return f"a {type(value).__name__}"


def is_number(value) -> bool:
    return isinstance(value, (numbers.Number, np.number, np.bool_)) and not isinstance(value, bool)


def to_array(value) -> np.ndarray | None:
    """The numeric array a value stands for (arrays, tensors, numbers, lists of them), or None."""
    if isinstance(value, Tensor):
        value = value.value
    if isinstance(value, np.ndarray):
        return value if value.dtype.kind in "biuf" else None
    if is_number(value):
        return np.asarray(value)
    if isinstance(value, (list, tuple)):
        parts = [to_array(v) for v in value]
        if parts and all(p is not None for p in parts) and len({p.shape for p in parts}) == 1:
            return np.stack(parts)
        return np.zeros((0,)) if not parts else None
    return None


def _fmt(x: float) -> str:
    return f"{x:.10g}"


def _dtypes(received: np.ndarray, expected: np.ndarray) -> str:
    """What a failure message adds when the kinds of number differ (int64 for float64, ...)."""
    if received.dtype == expected.dtype:
        return ""
    return f" (got dtype {received.dtype}, expected {expected.dtype})"


EXCERPT = 5  # values shown around the worst one


def excerpt(received: np.ndarray, expected: np.ndarray, worst: tuple) -> str:
    """Up to EXCERPT values around the worst element along the last axis, expected above
    received, with their index range: a small picture of what went wrong there."""
    if expected.ndim == 0 or expected.size < 2:
        return ""
    lead, last, length = tuple(worst[:-1]), int(worst[-1]), expected.shape[-1]
    start = max(0, min(last - EXCERPT // 2, length - EXCERPT))
    stop = min(length, start + EXCERPT)
    rows = [[_fmt(x) for x in array[lead][start:stop]] for array in (expected, received)]
    width = max(len(cell) for row in rows for cell in row)
    where = ", ".join([str(int(i)) for i in lead] + [f"{start}:{stop}"])
    lines = [f"  {label:<9}" + "  ".join(cell.rjust(width) for cell in row)
             for label, row in zip(("expected", "got"), rows)]
    return f"\naround it, values [{where}]:\n" + "\n".join(lines)


def compare_arrays(actual, expected, tol: Tolerance, what: str, reveal: bool = True) -> str | None:
    """None if actual matches expected (same shape, every element within tol), else why not."""
    expected = np.asarray(to_array(expected))
    received = to_array(actual)
    if received is None:
        return f"{what}: expected numbers, got {type_name(actual)}"
    dtypes = _dtypes(received, expected)
    if received.shape != expected.shape:
        shape = "a scalar" if expected.shape == () else f"shape {expected.shape}"
        return f"{what}: expected {shape}, got shape {received.shape}{dtypes}"
    received, expected = received.astype(np.float64), expected.astype(np.float64)
    ok = tol.close(received, expected)
    if ok.all():
        return None
    bad = int((~ok).sum())
    error = np.where(ok, 0.0, np.abs(received - expected))
    error = np.where(np.isnan(error), np.inf, error)
    worst = np.unravel_index(int(np.argmax(error)), expected.shape)
    where = f" at index {tuple(int(i) for i in worst)}" if expected.shape else ""
    message = (f"{what}: {bad} of {expected.size} values differ beyond the tolerance ({tol})"
               f"{dtypes}")
    got = received[worst]
    if np.isnan(got):
        return message + f"; the worst{where} is NaN" + (excerpt(received, expected, worst)
                                                         if reveal else "")
    if not reveal:
        return message
    want = expected[worst]
    rel = abs(got - want) / abs(want) if want else float("inf")
    return (message + f"; worst{where}: expected {_fmt(want)}, got {_fmt(got)} "
            f"(abs error {abs(got - want):.3g}, rel error {rel:.3g})"
            + excerpt(received, expected, worst))


def plural(count: int, noun: str, nouns: str = "") -> str:
    """'1 value', '2 values'; nouns is the plural where adding an s is wrong."""
    return f"{count} {noun}" if count == 1 else f"{count} {nouns or noun + 's'}"


def unpack(actual, count: int, names: str = "") -> tuple[list | None, str | None]:
    """Split a returned tuple or list of count values; a list is as good as a tuple here."""
    if isinstance(actual, (tuple, list)) and len(actual) == count:
        return list(actual), None
    got = plural(len(actual), "value") if isinstance(actual, (tuple, list)) else type_name(actual)
    return None, f"expected {plural(count, 'value')}{f' ({names})' if names else ''}, got {got}"


def compare_values(actual, expected, tol: Tolerance, what: str, reveal: bool = True,
                   names: tuple[str, ...] = ()) -> str | None:
    """Compare nested results: dicts key by key, tuples and ragged lists item by item, numbers
    and lists of numbers as arrays.  A list is as good as a tuple where the spec returns several
    values; names, if given, say what each of those values is."""
    if isinstance(expected, dict):
        for key, e in expected.items():
            if not isinstance(actual, dict) or key not in actual:
                return f"{what}: {key} is missing"
            problem = compare_values(actual[key], e, tol, f"{what}, {key}", reveal)
            if problem:
                return problem
        return None
    if isinstance(expected, tuple) or (isinstance(expected, list) and to_array(expected) is None):
        label = "value" if isinstance(expected, tuple) else "item"
        items, problem = unpack(actual, len(expected), ", ".join(names))
        if problem:
            return f"{what}: {problem}"
        for i, (a, e) in enumerate(zip(items, expected)):
            part = names[i] if i < len(names) else f"{label} {i + 1}"
            problem = compare_values(a, e, tol, f"{what}, {part}", reveal)
            if problem:
                return problem
        return None
    if isinstance(expected, (str, bool)) or expected is None:
        if actual == expected and type(actual) is type(expected):
            return None
        return f"{what}: expected {expected!r}, got {actual!r}" if reveal else f"{what} differs"
    return compare_arrays(actual, expected, tol, what, reveal)
