"""The limits a submission runs under: per task (time, memory, files, output) and per sandbox."""
from __future__ import annotations

from dataclasses import dataclass

from checks.tasks import Task


@dataclass(frozen=True)
class Limits:
    """Every limit of one grading run; the defaults suit a 2-core machine.

    Per-task limits are applied by the harness to each task's process (rlimits, its own
    clock and pipe caps); per-sandbox limits by the sandbox around the whole submission
    (cgroups for docker and, as root, bwrap).
    """

    timeout_numpy: float = 10.0       # wall seconds for a numpy task (CPU seconds too)
    timeout_tf: float = 60.0          # wall seconds for a TensorFlow task (CPU seconds too)
    memory_bytes: int = 4 << 30       # address space per task (TensorFlow alone maps ~1.4 GiB)
    file_bytes: int = 16 << 20        # largest file a task may write
    processes: int = 64               # processes and threads per task, where no pid cgroup exists
    output_cap: int = 1 << 20         # stdout+stderr bytes before the task is stopped
    output_keep: int = 8 << 10        # bytes of that output kept for the report
    result_cap: int = 32 << 20        # bytes of results before the task is stopped
    parallel: int = 2                 # tasks running at once
    startup_seconds: float = 120.0    # allowance for the harness to start (TensorFlow import)
    sandbox_memory_bytes: int = 6 << 30   # resident memory of the whole sandbox
    sandbox_pids: int = 512           # processes and threads in the whole sandbox
    scratch_bytes: int = 64 << 20     # the sandbox's writable space (/work and /tmp, each)
    bound_seconds: float | None = None  # the submission's wall-clock bound; None: derived

    def timeout(self, task: Task) -> float:
        return self.timeout_tf if task.uses_tf else self.timeout_numpy

    def submission_seconds(self, tasks) -> float:
        """The wall-clock bound on grading one submission, whatever its code does: one start
        of the sandbox, and each task's time limit twice (its public cases, then its hidden
        ones), as if no two tasks ever ran at once.  Reruns (a task starved beside others, the
        tasks after one that killed the harness) fit in it or are cut there: a task without a
        result then is judged as timed out; a starved task is run again only while the hidden
        phase's share stays untouched, so it never costs a neighbour its hidden cases.  All 15 tasks: 120 + 2 x (10 x 10 + 5 x 60) = 920 s;
        a correct submission takes a few seconds."""
        if self.bound_seconds is not None:
            return self.bound_seconds
        return self.startup_seconds + 2 * sum(self.timeout(task) for task in tasks)
