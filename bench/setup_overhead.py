"""Benchmark: what `scripts/grader` costs over the virtualenv's own `grader` when nothing changed.

    python bench/setup_overhead.py [--runs N] [--venv PATH] [--root CHECKOUT]

Runs `CHECKOUT/scripts/grader --help` and `VENV/bin/grader --help` N times each, alternating
(so a busy machine slows both alike), after one untimed call of each that builds whatever is
missing, and prints the median and the fastest wall time and the median CPU seconds of each,
and the overhead (the differences); on a shared machine the fastest runs are the least noisy.  VENV defaults to CHECKOUT/.venv, the checkout's own virtualenv; pass the cached
one to measure an older checkout whose scripts kept it elsewhere.  The environment (GRADER_CACHE
included) is passed on as it is.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (children's user + system) of one run of command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float, float]]:
    """Median wall, fastest wall and median CPU of each command over runs alternating runs."""
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for command in commands.values():  # untimed: builds the virtualenv if it is missing
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(timed(command))
    return {name: (statistics.median(w for w, _ in runs_), min(w for w, _ in runs_),
                   statistics.median(c for _, c in runs_))
            for name, runs_ in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose scripts run")
    parser.add_argument("--venv", type=Path, help="its virtualenv (default ROOT/.venv)")
    args = parser.parse_args()
    venv = args.venv or args.root / ".venv"
    commands = {"scripts/grader --help": [str(args.root / "scripts" / "grader"), "--help"],
                "venv grader --help": [str(venv / "bin" / "grader"), "--help"]}
    medians = measure(commands, args.runs)
    print(f"{'':24} {'median wall':>12} {'fastest wall':>13} {'median cpu':>11}   ({args.runs} runs)")
    for name, (wall, fastest, cpu) in medians.items():
        print(f"{name:24} {wall:10.2f} s {fastest:11.2f} s {cpu:9.2f} s")
    script, venv_ = medians.values()
    print(f"{'overhead':24} {script[0] - venv_[0]:10.2f} s {script[1] - venv_[1]:11.2f} s "
          f"{script[2] - venv_[2]:9.2f} s   load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
