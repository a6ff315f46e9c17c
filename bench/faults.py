"""Fault drill: during a burst of submissions, SIGKILL a worker and restart Redis; nothing may be lost.

    python bench/faults.py [--submissions 30] [--sandbox bwrap] [PATH]

Starts the service on this machine (bench/stack.py) with two workers, uploads PATH (default:
the gallery's correct_vectorized) once per submission, and while they are being graded:
kills one whole worker with SIGKILL (its pool process and sandbox included) once a few are
done, restarts redis-server (append-only, fsync always) a little later, and starts a new
worker in place of the killed one, as a supervisor would.  Then it waits, and checks that
every submission is ``done`` with the full set of 16 task results and the score a clean run
gives (no fault, nothing partial, nothing graded twice into a mixed state).  Prints what it saw.
"""
from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stack import ROOT, Stack, Student, submission_files, wait_for  # noqa: E402


def _done(stack: Stack) -> int:
    return sum(row["status"] == "done" for row in stack.rows())


def drill(stack: Stack, files: dict, count: int) -> list:
    first = stack.start_worker()
    stack.start_worker()
    students = [Student(stack.base, email) for email in stack.students]
    # a clean grading first: the score every submission must get
    students[0].upload(files)
    wait_for(lambda: stack.rows()[0]["status"] == "done", 300, "the clean grading")
    expected = stack.rows()[0]["score"]
    numbers = [students[n % len(students)].upload(files) for n in range(count)]
    started = time.monotonic()
    wait_for(lambda: _done(stack) >= 4, 600, "a few results")
    running = [row["id"] for row in stack.rows() if row["status"] == "running"]
    stack.kill(first)
    print(f"{time.monotonic() - started:5.1f} s  SIGKILL worker 0 (grading submissions {running})")
    wait_for(lambda: _done(stack) >= 8, 600, "more results")
    stack.restart_redis()
    print(f"{time.monotonic() - started:5.1f} s  redis-server restarted "
          f"({_done(stack) - 1} of {count} done)")
    stack.start_worker()
    print(f"{time.monotonic() - started:5.1f} s  a new worker started in place of worker 0")
    wait_for(lambda: all(r["status"] in ("done", "fault") for r in stack.rows()), 1800,
             "every submission to be graded", every=1)
    print(f"{time.monotonic() - started:5.1f} s  all graded")
    rows = [row for row in stack.rows() if row["id"] in numbers]
    problems = [f"submission {r['id']}: {r['status']}, score {r['score']}, {r['outcomes']} results"
                for r in rows if (r["status"], r["score"], r["outcomes"]) != ("done", expected, 16)]
    attempts = collections.Counter(row["attempts"] for row in rows)
    print(f"submissions: {len(rows)}; done {sum(r['status'] == 'done' for r in rows)}, "
          f"fault {sum(r['status'] == 'fault' for r in rows)}; attempts "
          f"{dict(sorted(attempts.items()))}; every score {expected} of "
          f"{stack.rows()[0]['max_score']}: {not problems}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(ROOT / "tests/gallery/correct_vectorized"))
    parser.add_argument("--submissions", type=int, default=30)
    parser.add_argument("--sandbox", default="bwrap", help="docker, bwrap or none (default bwrap)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-faults-") as folder:
        stack = Stack(Path(folder), args.sandbox, students=10)
        try:
            problems = drill(stack, submission_files(Path(args.path)), args.submissions)
        finally:
            stack.stop()
    for problem in problems:
        print("PROBLEM", problem)
    print("OK: every submission has its full, right result" if not problems else
          f"FAILED: {len(problems)} submissions in a wrong state")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
