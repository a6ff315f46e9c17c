"""Benchmark: a full correct submission graded under each sandbox, against `none` and a naive checker.

    python bench/sandbox.py [--runs N] [--backends docker,bwrap,none] [PATH]

For each backend it grades PATH (default: the gallery's correct_vectorized, tasks 0 to 15)
N times and prints the median wall seconds and CPU seconds per submission, and the ratio of
wall time to the `none` backend measured in the same run:

- cold: the sandbox is started when the submission arrives (what `grader check` does);
- warm: a sandbox was started ahead of time (grader/sandbox/pool.py, what a worker does
  between submissions); each pre-started sandbox still serves one submission only.

CPU is the whole machine's (from /proc/stat), because a container's processes are not this
process's children; run it on a quiet machine.  The naive baseline is what many course
checkers do: one fresh container per task, running that task's public case in a new
interpreter (so numpy, and TensorFlow for the TensorFlow tasks, are imported once per task).
It does less work than a real grading (public cases only), so the speed-up is conservative.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks.tasks import TASKS  # noqa: E402
from grader import expected, grading, sandbox, submission  # noqa: E402
from grader.limits import Limits  # noqa: E402
from grader.sandbox.pool import Pool  # noqa: E402


def machine_cpu() -> float:
    """CPU seconds used by the whole machine so far (user, nice, system, irq, softirq)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:8]
    busy = sum(int(v) for i, v in enumerate(fields) if i not in (3, 4))  # minus idle, iowait
    return busy / os.sysconf("SC_CLK_TCK")


def grade_once(sub, chosen, options: grading.Options, tasks: list) -> tuple[float, float, float]:
    """Grade sub once; return (wall, cpu, score)."""
    wall, cpu = time.perf_counter(), machine_cpu()
    runs = grading.run(sub, tasks, dataclasses.replace(options, sandbox=chosen))
    wanted = {task.id: expected.load(task) for task in tasks}
    report = grading.score(sub, tasks, runs, wanted, options)
    return time.perf_counter() - wall, machine_cpu() - cpu, report.score


def measure(name: str, sub, runs: int, warm: bool) -> dict:
    limits = Limits()
    options = grading.Options(limits=limits)
    tasks = grading.selected(options)
    chosen = sandbox.create(name, limits)
    pool = Pool(chosen) if warm else None
    figures = []
    try:
        for _ in range(runs):
            if pool:
                pool.wait()  # the sandbox starts while no submission waits
            figures.append(grade_once(sub, pool or chosen, options, tasks))
    finally:
        if pool:
            pool.close()
    scores = {score for _, _, score in figures}
    return {"wall": statistics.median(f[0] for f in figures),
            "cpu": statistics.median(f[1] for f in figures), "scores": scores}


def naive(sub, runs: int) -> dict:
    """One fresh docker container per task, public case only, in a fresh interpreter."""
    limits = Limits()
    chosen = sandbox.create("docker", limits)
    options = grading.Options(limits=limits, public_only=True)
    figures = []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), machine_cpu()
        for task in grading.selected(options):
            grading.run(sub, [task], dataclasses.replace(options, sandbox=chosen))
        figures.append((time.perf_counter() - wall, machine_cpu() - cpu))
    return {"wall": statistics.median(f[0] for f in figures),
            "cpu": statistics.median(f[1] for f in figures)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(ROOT / "tests/gallery/correct_vectorized"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--backends", default="none,bwrap,docker")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive baseline")
    args = parser.parse_args()
    sub = submission.load(args.path, {t.file for t in TASKS.values()})
    backends = args.backends.split(",")
    results = {(name, warm): measure(name, sub, args.runs, warm)
               for name in backends for warm in (False, True)}
    print(f"grading {args.path} (tasks 0-15), median of {args.runs} runs, "
          f"{os.cpu_count()} CPUs")
    print(f"  {'backend':<8} {'start':<5} {'wall s':>7} {'CPU s':>7} {'vs none':>8}  score")
    for (name, warm), figures in results.items():
        base = results.get(("none", warm))
        ratio = f"{figures['wall'] / base['wall']:7.2f}x" if base else "       -"
        scores = ",".join(f"{s:g}" for s in sorted(figures["scores"]))
        print(f"  {name:<8} {'warm' if warm else 'cold':<5} {figures['wall']:7.2f} "
              f"{figures['cpu']:7.2f} {ratio}  {scores}")
    if not args.no_naive and "docker" in backends:
        baseline = naive(sub, args.runs)
        ours = results[("docker", False)]["wall"], results[("docker", True)]["wall"]
        print(f"  naive: one container per task, public cases only: {baseline['wall']:7.2f} s wall "
              f"{baseline['cpu']:7.2f} s CPU")
        print(f"  speed-up of the docker backend over it: {baseline['wall'] / ours[0]:.1f}x cold, "
              f"{baseline['wall'] / ours[1]:.1f}x warm")


if __name__ == "__main__":
    main()
