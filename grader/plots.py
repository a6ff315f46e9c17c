"""Pictures of a grading run: the student's curves drawn over the reference's, as PNG bytes.

Drawn on the trusted side from the decoded outputs and the stored expected outputs only, with
matplotlib's Agg canvas (no display, no pyplot global state).  Only public cases are drawn: a
picture of a hidden case would show its expected values.  The student's values are hostile:
NaN and infinities are left out, values far outside the reference's range are drawn at the
edge of the chart, and output of the wrong form is not drawn; a note on the picture says so.
No text from the student's process is ever drawn (matplotlib would parse ``$...$`` in it).
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from checks.compare import to_array
from checks.results import TaskRun
from checks.tasks import Task

MAX_POINTS = 20_000  # more than any case has; a longer output is cut
CLIP_SPANS = 2.0     # how far beyond the reference's range (in spans) a value is still drawn


@dataclass(frozen=True)
class Plot:
    """How to draw one task's public case: the file name, words, and where the series are."""

    name: str
    case: str
    title: str
    xlabel: str
    ylabel: str
    series: Callable[[object], object]   # the output (student's or expected) -> its values
    xs: Callable[[dict], list] | None    # the case's inputs -> the x of each value (None: 0, 1, ...)
    steps: bool = False                  # a staircase: the value holds until the next x
    data: Callable[[dict], list] | None = None  # the case's input data points, if worth drawing


def _whole(value):
    return value


def _costs(value):
    return value["costs"]


def _training(number: int, name: str, optimizer: str) -> Plot:
    return Plot(f"task{number:02d}_{name}_costs.png", "training",
                f"Task {number}: the cost while training with {optimizer} ({number}-main.py)",
                "iteration", "cost", _costs, None)


PLOTS: dict[int, Plot] = {
    4: Plot("task04_moving_average.png", "spec-example",
            "Task 4: the bias-corrected moving average (4-main.py, beta = 0.9)", "day",
            "temperature", _whole, lambda inputs: list(range(1, len(inputs["args"][0]) + 1)),
            data=lambda inputs: list(inputs["args"][0])),
    5: _training(5, "momentum", "momentum"),
    7: _training(7, "rmsprop", "RMSProp"),
    9: _training(9, "adam", "Adam"),
    11: Plot("task11_learning_rate_decay.png", "spec-example",
             "Task 11: stepwise inverse time decay (11-main.py)", "global step", "learning rate",
             _whole, lambda inputs: [call[2] for call in inputs["calls"]], steps=True),
    12: Plot("task12_learning_rate_decay.png", "spec-example",
             "Task 12: the Keras InverseTimeDecay schedule (12-main.py)", "step",
             "learning rate", lambda value: value["values"], lambda inputs: inputs["steps"],
             steps=True),
}


# ---------------------------------------------------------------- the student's values, made safe


def _as_series(value) -> np.ndarray | None:
    """A flat float array of the numbers value stands for, or None if it is not a 1-D series."""
    array = to_array(value)
    if array is None:
        return None
    array = np.asarray(array, dtype=np.float64)
    if array.ndim != 1:
        array = np.squeeze(array)
    return array.reshape(1) if array.ndim == 0 else array if array.ndim == 1 else None


def _of_yours(mask: np.ndarray) -> str:
    count = int(mask.sum())
    return f"{count} of your values {'is' if count == 1 else 'are'}"


def _student_series(plot: Plot, outcome, reference: np.ndarray,
                    notes: list[str]) -> np.ndarray | None:
    """The student's values ready to draw (NaN where not drawable), or None, adding notes."""
    if outcome is None or outcome.status != "ok":
        notes.append("your function gave no output for this case (see the report)")
        return None
    try:
        values = _as_series(plot.series(outcome.output))
    except (KeyError, TypeError, IndexError, ValueError, AttributeError):
        values = None
    if values is None:
        notes.append("your output is not a list of numbers, so it is not drawn")
        return None
    if values.size != reference.size:
        notes.append(f"you returned {values.size} values, the reference {reference.size}")
    values = values[:min(values.size, reference.size, MAX_POINTS)].copy()
    bad = ~np.isfinite(values)
    if bad.any():
        notes.append(f"{_of_yours(bad)} NaN or infinite, left out")
        values[bad] = np.nan
    low, high = np.nanmin(reference), np.nanmax(reference)
    margin = CLIP_SPANS * max(high - low, abs(high) * 0.1, 1e-12)
    outside = (values < low - margin) | (values > high + margin)
    if outside.any():
        notes.append(f"{_of_yours(outside)} far outside the reference's range, drawn at the "
                     "edge of the chart")
        values = np.clip(values, low - margin, high + margin)
    return values


# ---------------------------------------------------------------- drawing


def _png(figure: Figure) -> bytes:
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _figure(plot: Plot, xs: np.ndarray, reference: np.ndarray, student: np.ndarray | None,
            data: list | None, notes: list[str]) -> bytes:
    figure = Figure(figsize=(7.5, 4.5), dpi=100)
    axes = figure.add_subplot()
    drawstyle = "steps-post" if plot.steps else "default"
    if data is not None:
        axes.plot(xs, data, "o", color="0.7", markersize=4, label="the data")
    axes.plot(xs, reference, color="black", linewidth=2, drawstyle=drawstyle, label="reference")
    if student is not None:
        axes.plot(xs[:student.size], student, color="tab:orange", linestyle="--", linewidth=1.6,
                  drawstyle=drawstyle, label="your function")
    axes.set_title(plot.title, fontsize=10)
    axes.set_xlabel(plot.xlabel)
    axes.set_ylabel(plot.ylabel)
    axes.grid(alpha=0.3)
    axes.legend(fontsize=8)
    figure.subplots_adjust(bottom=0.14 + 0.045 * len(notes))
    for row, note in enumerate(notes):
        figure.text(0.01, 0.01 + 0.045 * (len(notes) - 1 - row), "Note: " + note, fontsize=8,
                    color="firebrick")
    return _png(figure)


def draw_task(task: Task, run: TaskRun | None, expected: dict) -> tuple[str, bytes] | None:
    """(file name, PNG) for task's public case, or None if the task has no plot or no file."""
    plot = PLOTS.get(task.id)
    if plot is None or run is None or run.load == "missing_file":
        return None
    case = next(c for c in task.cases() if c.id == plot.case)
    assert case.public, "a plot may only show a public case"
    reference = _as_series(plot.series(expected[case.id]))
    xs = np.asarray(plot.xs(case.inputs) if plot.xs else range(reference.size), dtype=np.float64)
    notes: list[str] = []
    student = _student_series(plot, run.cases.get(case.id), reference, notes)
    data = plot.data(case.inputs) if plot.data else None
    return plot.name, _figure(plot, xs, reference, student, data, notes)


def draw(tasks: list[Task], runs: dict[int, TaskRun], wanted: dict[int, dict]) -> dict[str, bytes]:
    """File name -> PNG for every graded task that has a plot and whose file was submitted."""
    pictures = {}
    for task in tasks:
        drawn = draw_task(task, runs.get(task.id), wanted[task.id])
        if drawn:
            pictures[drawn[0]] = drawn[1]
    return pictures
