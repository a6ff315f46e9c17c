"""The plots: valid PNGs of the public cases, different for a wrong function, safe on hostile values."""
from __future__ import annotations

import shutil
import struct
import subprocess
import sys

import numpy as np
import pytest

from checks.results import CaseOutcome, TaskRun
from checks.tasks import TASKS
from grader import expected, grading, plots
from harness.plain import Opaque
from tests.helpers import GALLERY

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# the gallery entries whose wrong task has a plot, and that task
WRONG = {4: "wrong_no_bias_correction", 5: "wrong_momentum_no_one_minus_beta",
         11: "wrong_decay_continuous"}


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk, after checking the signature and chunk type."""
    assert data[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    return struct.unpack(">II", data[16:24])


def run_returning(task: int, output) -> TaskRun:
    """A run of task whose plotted case returned output."""
    case = plots.PLOTS[task].case
    return TaskRun(task=task, load="ok", cases={case: CaseOutcome("ok", output)})


@pytest.fixture(scope="module")
def wanted() -> dict[int, dict]:
    return {n: expected.load(TASKS[n]) for n in plots.PLOTS}


def test_plots_draw_only_public_cases():
    for number, plot in plots.PLOTS.items():
        case = next(c for c in TASKS[number].cases() if c.id == plot.case)
        assert case.public, f"task {number}'s plot would show a hidden case"


def test_a_correct_output_gives_a_png_per_task(wanted):
    runs = {n: run_returning(n, wanted[n][p.case]) for n, p in plots.PLOTS.items()}
    pictures = plots.draw([TASKS[n] for n in plots.PLOTS], runs, wanted)
    assert sorted(pictures) == sorted(p.name for p in plots.PLOTS.values())
    assert "task04_moving_average.png" in pictures and "task09_adam_costs.png" in pictures
    for name, data in pictures.items():
        assert png_size(data) == (750, 450), name


def test_a_missing_file_gets_no_plot(wanted):
    runs = {4: TaskRun(task=4, load="missing_file")}
    assert plots.draw([TASKS[4]], runs, wanted) == {}
    assert plots.draw([TASKS[4]], {}, wanted) == {}


@pytest.mark.parametrize("output", [
    [float("nan"), float("inf"), 1e308, -1e308] + [70.0] * 27,   # NaN, infinities, huge values
    [1.0, 2.0],                                                   # too short
    list(range(100_000)),                                         # too long
    np.zeros((5, 7)),                                             # the wrong shape
    {"not": "numbers"},                                           # the wrong type
    Opaque("evil.Class", "$\\frac{$"),                            # mathtext in an object's repr
    None,
])
def test_hostile_outputs_are_drawn_safely_with_a_note(output, wanted):
    notes: list[str] = []
    reference = plots._as_series(wanted[4]["spec-example"])
    series = plots._student_series(plots.PLOTS[4], CaseOutcome("ok", output), reference, notes)
    assert notes, "a hostile output must be noted on the picture"
    if series is not None:
        finite = series[np.isfinite(series)]
        assert series.size <= reference.size
        assert finite.size == 0 or (np.abs(finite) < 1e4).all()  # clipped near the reference
    name, png = plots.draw_task(TASKS[4], run_returning(4, output), wanted[4])
    assert png_size(png) == (750, 450)


def test_a_case_that_raised_is_noted_not_drawn(wanted):
    run = TaskRun(task=5, load="ok", cases={"training": CaseOutcome("exception", error="boom")})
    notes: list[str] = []
    reference = plots._as_series(wanted[5]["training"]["costs"])
    assert plots._student_series(plots.PLOTS[5], run.cases["training"], reference, notes) is None
    assert notes == ["your function gave no output for this case (see the report)"]
    assert png_size(plots.draw_task(TASKS[5], run, wanted[5])[1]) == (750, 450)


def _wrong_submission(tmp_path):
    """correct_loops with the wrong task files of WRONG swapped in."""
    folder = tmp_path / "wrong"
    shutil.copytree(GALLERY / "correct_loops", folder)
    for number, entry in WRONG.items():
        shutil.copy(GALLERY / entry / TASKS[number].file, folder / TASKS[number].file)
    return folder


def test_grading_returns_the_plots_and_they_differ_for_a_wrong_submission(tmp_path):
    options = grading.Options(tasks=tuple(WRONG), plots=True)
    right = grading.grade(GALLERY / "correct_loops", options).plots
    wrong = grading.grade(_wrong_submission(tmp_path), options).plots
    names = {plots.PLOTS[n].name for n in WRONG}
    assert set(right) == set(wrong) == names
    for name in names:
        assert png_size(right[name]) == png_size(wrong[name]) == (750, 450)
        assert right[name] != wrong[name], f"{name} looks the same for a wrong function"
    assert grading.grade(GALLERY / "correct_loops", grading.Options(tasks=(4,))).plots == {}


def test_check_artifacts_writes_the_pngs(tmp_path):
    folder = tmp_path / "pictures"
    done = subprocess.run([sys.executable, "-m", "grader.cli", "check",
                           str(GALLERY / "wrong_no_bias_correction"), "--tasks", "4",
                           "--artifacts", str(folder), "--json", "-"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.lstrip().startswith("{")  # the plots do not disturb the JSON on stdout
    assert [p.name for p in folder.iterdir()] == ["task04_moving_average.png"]
    assert png_size((folder / "task04_moving_average.png").read_bytes()) == (750, 450)
    assert "wrote 1 plot to" in done.stderr
