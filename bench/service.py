"""Benchmark: a burst of submissions through the portal's upload endpoint, with 1 and then 2 workers.

    python bench/service.py [--submissions 50] [--workers 1,2] [--sandbox bwrap] [PATH]

For each worker count it starts the service on this machine (bench/stack.py: redis-server,
gunicorn, Celery workers with one process each, SQLite), uploads PATH (default: the gallery's
correct_vectorized, all 16 tasks) once per submission over HTTP as fast as the portal takes
them, from 10 students, and waits until every one is graded.  It prints submissions per minute
(from the first upload to the last result) and the 50th and 95th percentile time from upload to
result (the database's created_at and finished_at), and checks that every submission got the
same score.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stack import ROOT, Stack, Student, submission_files, wait_for  # noqa: E402


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text)


def burst(stack: Stack, files: dict, count: int) -> dict:
    students = [Student(stack.base, email) for email in stack.students]
    started = time.monotonic()
    numbers = [students[n % len(students)].upload(files) for n in range(count)]
    upload_seconds = time.monotonic() - started
    wait_for(lambda: all(row["status"] in ("done", "fault") for row in stack.rows()),
             60 * 60, "every submission to be graded", every=1)
    rows = [row for row in stack.rows() if row["id"] in numbers]
    latencies = sorted((_when(r["finished_at"]) - _when(r["created_at"])).total_seconds() for r in rows)
    span = (max(_when(r["finished_at"]) for r in rows)
            - min(_when(r["created_at"]) for r in rows)).total_seconds()
    return {"done": sum(r["status"] == "done" for r in rows), "scores": {r["score"] for r in rows},
            "per_minute": 60 * len(rows) / span, "upload_seconds": upload_seconds,
            "p50": statistics.median(latencies),
            "p95": latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(ROOT / "tests/gallery/correct_vectorized"))
    parser.add_argument("--submissions", type=int, default=50)
    parser.add_argument("--workers", default="1,2", help="worker counts to try, e.g. 1,2")
    parser.add_argument("--sandbox", default="bwrap", help="docker, bwrap or none (default bwrap)")
    args = parser.parse_args()
    files = submission_files(Path(args.path))
    print(f"{args.submissions} submissions of {args.path} ({len(files)} files), sandbox "
          f"{args.sandbox}, one process per worker")
    for workers in [int(n) for n in args.workers.split(",")]:
        with tempfile.TemporaryDirectory(prefix="bench-service-") as folder:
            stack = Stack(Path(folder), args.sandbox, students=10)
            try:
                for _ in range(workers):
                    stack.start_worker()
                result = burst(stack, files, args.submissions)
            finally:
                stack.stop()
        print(f"{workers} worker{'s' * (workers > 1)}: {result['done']}/{args.submissions} graded, "
              f"{result['per_minute']:.1f} submissions/min, upload to result p50 "
              f"{result['p50']:.1f} s, p95 {result['p95']:.1f} s (uploads took "
              f"{result['upload_seconds']:.1f} s; scores {sorted(result['scores'])})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
