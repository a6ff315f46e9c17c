"""Tasks 2 and 3 beyond exact order: is the output a shuffle of the data, with X and Y kept aligned?

The exact order is checked against the reference (same ``np.random.seed``, same
``np.random.permutation``); these weaker properties are checked separately so that a student
who shuffles correctly in another way, or cuts the batches right from unshuffled data, gets
fair partial credit.  The cases use matrices whose rows are all different, so each received
row can be traced back to the row it came from.
"""
from __future__ import annotations

import math

import numpy as np

from checks.compare import plural, to_array, type_name, unpack


def _trace_rows(received, original: np.ndarray, name: str) -> tuple[list | None, str | None]:
    """Index in original of each received row, or why the rows are not rows of original."""
    rows = to_array(received)
    if rows is None or rows.ndim != 2 or rows.shape[1:] != original.shape[1:]:
        shape = rows.shape if rows is not None else type_name(received)
        return None, f"{name} should have rows of {original.shape[1]} values, got {shape}"
    # + 0.0 turns -0.0 into 0.0, so equal rows have equal bytes
    index = {row.tobytes(): i for i, row in enumerate(original.astype(np.float64) + 0.0)}
    traced = [index.get(row.tobytes()) for row in rows.astype(np.float64) + 0.0]
    if None in traced:
        return None, f"row {traced.index(None)} of {name} is not a row of the original {name}"
    return traced, None


def _aligned(X_rows: list, Y_rows: list) -> str | None:
    for i, (x, y) in enumerate(zip(X_rows, Y_rows)):
        if x != y:
            return (f"X and Y were not shuffled the same way: row {i} of X is data point {x}, "
                    f"but row {i} of Y is data point {y}")
    return None


def check_shuffle(actual, X: np.ndarray, Y: np.ndarray) -> str | None:
    """None if actual is (X, Y) with their rows permuted by one and the same permutation."""
    pair, problem = unpack(actual, 2, "the shuffled X and Y")
    if problem:
        return problem
    X_rows, problem = _trace_rows(pair[0], X, "X")
    if problem:
        return problem
    Y_rows, problem = _trace_rows(pair[1], Y, "Y")
    if problem:
        return problem
    if sorted(X_rows) != list(range(len(X))):
        return (f"the shuffled X has {len(X_rows)} rows with {len(set(X_rows))} different ones; "
                f"every data point must appear exactly once ({len(X)} rows)")
    if len(Y_rows) != len(X_rows):
        return f"the shuffled Y has {len(Y_rows)} rows, X has {len(X_rows)}"
    problem = _aligned(X_rows, Y_rows)
    if problem:
        return problem
    if len(X) >= 6 and X_rows == sorted(X_rows):
        return "the rows are in their original order: nothing was shuffled"
    return None


def check_batches(actual, X: np.ndarray, Y: np.ndarray, batch_size: int) -> str | None:
    """None if actual cuts a shuffle of (X, Y) into batches of batch_size, the last one smaller."""
    m = len(X)
    count = math.ceil(m / batch_size)
    if not isinstance(actual, (list, tuple)):
        return f"expected a list of (X_batch, Y_batch) tuples, got {type_name(actual)}"
    last = m - batch_size * (count - 1)
    shape = plural(count, "batch", "batches") + (
        f", the last one of {plural(last, 'data point')}" if last != batch_size else "")
    if len(actual) != count:
        hint = (" (the smaller final batch is missing)" if len(actual) == count - 1 and
                last != batch_size else "")
        got = plural(len(actual), "batch", "batches")
        return f"expected {shape}, got {got}{hint}"
    X_rows, Y_rows = [], []
    for b, batch in enumerate(actual):
        pair, problem = unpack(batch, 2, "X_batch and Y_batch")
        if problem:
            return f"batch {b}: {problem}"
        xs, problem = _trace_rows(pair[0], X, f"X_batch {b}")
        ys, problem = (None, problem) if problem else _trace_rows(pair[1], Y, f"Y_batch {b}")
        if problem:
            return problem
        want = batch_size if b < count - 1 else last
        if len(xs) != want or len(ys) != want:
            return f"batch {b} has {len(xs)} data points, expected {want} ({shape})"
        X_rows += xs
        Y_rows += ys
    if sorted(X_rows) != list(range(m)):
        return "the batches do not hold every data point exactly once"
    return _aligned(X_rows, Y_rows)
