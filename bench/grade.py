"""Benchmark: wall and CPU seconds to grade a full correct submission, and where the time goes.

    python bench/grade.py [--runs N] [PATH]

For each run it grades PATH (default: the gallery's correct_vectorized, tasks 0 to 15) in this
process, as `grader check` does, and splits the time into: starting the harness (interpreter,
numpy and TensorFlow imports, measured by a bare import in a subprocess of the same kind),
the task processes (the student's code, the drivers and TensorFlow's runtime: the CPU of each
task's children, the public cases' and the hidden cases', summed over tasks), and comparing
(loading the expected outputs and scoring, on the trusted side).  All figures of a run come
from that one grading and the start measured just before it.  It also grades with one task at
a time, to show what running two tasks at once buys, and prints both as ratios.
"""
from __future__ import annotations

import argparse
import dataclasses
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks.tasks import TASKS  # noqa: E402
from grader import expected, grading, runner, submission  # noqa: E402
from grader.sandbox.base import clean_env, library_paths  # noqa: E402
from grader.sandbox.none import NoneSandbox  # noqa: E402


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def start_cost() -> tuple[float, float]:
    """Wall and CPU of starting an interpreter like the harness and importing numpy and TF."""
    paths = library_paths()
    code = f"import sys; sys.path[:0] = {paths!r}; import numpy, tensorflow"
    wall, cpu = time.perf_counter(), _cpu()
    subprocess.run([sys.executable, "-S", "-c", code], env=clean_env("/tmp"),
                   check=True)
    return time.perf_counter() - wall, _cpu() - cpu


def one_run(path: Path, limits: runner.Limits) -> dict:
    """Grade once, step by step as grading.grade does; return the figures of this run."""
    options = grading.Options(limits=limits, sandbox=NoneSandbox(limits))
    tasks = grading.selected(options)
    wall, cpu = time.perf_counter(), _cpu()
    sub = submission.load(path, {t.file for t in TASKS.values()})
    runs = grading.run(sub, tasks, options)
    compare = time.perf_counter()
    wanted = {task.id: expected.load(task) for task in tasks}
    grading.score(sub, tasks, runs, wanted, options)
    end = time.perf_counter()
    return {"wall": end - wall, "cpu": _cpu() - cpu, "compare": end - compare,
            "student_cpu": sum(r.cpu_seconds + r.hidden_cpu_seconds for r in runs.values())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(ROOT / "tests/gallery/correct_vectorized"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    path = Path(args.path)
    # One start right before each grading, and the ratio taken run by run: on a shared machine
    # the speed drifts, and a start and the grading beside it drift together.
    starts, parallel = [], []
    for _ in range(args.runs):
        starts.append(start_cost())
        parallel.append(one_run(path, runner.Limits()))
    start_wall = statistics.median(wall for wall, _ in starts)
    start_cpu = statistics.median(cpu for _, cpu in starts)
    ratios = [run["student_cpu"] / cpu for run, (_, cpu) in zip(parallel, starts)]
    serial = [one_run(path, dataclasses.replace(runner.Limits(), parallel=1))
              for _ in range(args.runs)]

    def median(runs, key):
        return statistics.median(r[key] for r in runs)

    print(f"grading {path} (tasks 0-15), median of {args.runs} runs")
    print(f"  harness start (python + numpy + TensorFlow import): {start_wall:6.2f} s wall "
          f"{start_cpu:6.2f} s CPU")
    for name, runs in (("2 tasks at once", parallel), ("1 task at a time", serial)):
        print(f"  {name:<17} total {median(runs, 'wall'):6.2f} s wall {median(runs, 'cpu'):6.2f} s CPU"
              f" | task processes {median(runs, 'student_cpu'):5.2f} s CPU"
              f" | comparing {median(runs, 'compare'):5.3f} s")
    print(f"  wall, 1 task at a time / 2 at once: "
          f"{median(serial, 'wall') / median(parallel, 'wall'):.2f}x")
    print(f"  wall of a full grading / harness start alone: "
          f"{median(parallel, 'wall') / start_wall:.2f}x")
    print(f"  task processes' CPU (2 at once) / harness start's CPU, run by run: "
          + ", ".join(f"{ratio:.2f}x" for ratio in ratios)
          + f"; median {statistics.median(ratios):.2f}x")


if __name__ == "__main__":
    main()
