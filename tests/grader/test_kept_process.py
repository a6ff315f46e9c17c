"""A task's hidden cases run in the process its public cases ran in, kept paused between.

The harness keeps the process (TensorFlow's start in it costs more than most cases) and
continues it with the hidden cases only in the job the grader sends once every public case
has reported; a task that cannot be continued runs its hidden cases in a fresh process.
"""
from __future__ import annotations

import json
import os
import re
import signal
import time

from checks.tasks import TASKS
from grader import runner, sandbox
from tests.grader.test_runner import _Logged, _Recorder
from tests.helpers import reference_files

GOOD_4 = reference_files()["4-moving_average.py"]
#: Task 4, right, saying which process answered each case.
SAYS_ITS_PID = GOOD_4 + """
import json
import os
_right = moving_average
def moving_average(data, beta):
    print(f"PID={os.getpid()}")
    return _right(data, beta)
"""
ALL_CASES = {case.id for case in TASKS[4].cases()}


def _pids(text: str) -> set[int]:
    return {int(pid) for pid in re.findall(r"PID=(\d+)", text)}


def _run(source: str, backend: str = "none", log: list | None = None, sandbox_=None, **limits):
    limits = runner.Limits(**limits)
    box = sandbox_ or _Recorder(sandbox.create(backend, limits), [] if log is None else log)
    return runner.run(box, {"4-moving_average.py": source.encode()}, [TASKS[4]], limits)[4]


def test_the_hidden_cases_continue_the_process_of_the_public_ones():
    log = []
    run = _run(SAYS_ITS_PID, "bwrap", log)
    jobs = [entry[1]["tasks"][0] for entry in log if entry[0] == "job"]
    assert [(job["pause"], job["resume"]) for job in jobs] == [(True, False), (False, True)]
    assert set(run.cases) == ALL_CASES and all(c.status == "ok" for c in run.cases.values())
    assert run.stopped is None and run.hidden_stopped is None
    public, hidden = _pids(run.output), _pids(run.hidden_output)
    assert len(public) == 1 and hidden == public, (run.output, run.hidden_output)
    # each run has its own output and times: the public cases' CPU is not the hidden cases'
    assert run.output.count("PID=") == sum(c.public for c in TASKS[4].cases())
    assert run.hidden_output.count("PID=") == sum(not c.public for c in TASKS[4].cases())
    assert run.wall_seconds > 0 and run.hidden_wall_seconds > 0


def test_public_only_keeps_no_process():
    log = []
    runs = runner.run(_Recorder(sandbox.create("none", runner.Limits()), log),
                      {"4-moving_average.py": GOOD_4.encode()}, [TASKS[4]], runner.Limits(),
                      public_only=True)
    [job] = [entry[1] for entry in log if entry[0] == "job"]
    assert job["tasks"][0]["pause"] is False and runs[4].stopped is None


class _KillsTheKept(_Logged):
    """Kills the process the harness kept (its pid, from the public run's output) just before
    the hidden cases are sent: they must run in a fresh process instead."""

    def __init__(self, session, log):
        super().__init__(session, log)
        self.pids = set()

    def readline(self, limit: int) -> bytes:
        raw = super().readline(limit)
        self.pids |= _pids(raw.decode("utf-8", "replace"))
        return raw

    def send(self, data: bytes) -> None:
        if b'"resume": true' in data:
            for pid in self.pids:
                os.kill(pid, signal.SIGKILL)
                _wait_dead(pid)  # died while kept, not as it was continued
        super().send(data)


def _wait_dead(pid: int) -> None:
    for _ in range(1000):
        try:
            if _state(pid) == "Z":
                return
        except FileNotFoundError:
            return
        time.sleep(0.01)
    raise AssertionError(f"{pid} did not die")


class _Killer(_Recorder):
    def start(self, tensorflow: bool):
        return _KillsTheKept(self.inner.start(tensorflow), self.log)


def test_a_kept_process_that_died_is_replaced_by_a_fresh_one():
    log = []
    limits = runner.Limits()
    run = _run(SAYS_ITS_PID, sandbox_=_Killer(sandbox.create("none", limits), log))
    assert set(run.cases) == ALL_CASES and all(c.status == "ok" for c in run.cases.values())
    assert run.hidden_stopped is None
    assert _pids(run.hidden_output) and _pids(run.hidden_output).isdisjoint(_pids(run.output))


def test_a_task_that_closes_the_socket_runs_its_hidden_cases_afresh():
    log = []
    closes = "\ntry:\n    os.close(4)\nexcept OSError:\n    pass  # a fresh process has none\n"
    run = _run(SAYS_ITS_PID + closes, "none", log)
    jobs = [entry[1]["tasks"][0] for entry in log if entry[0] == "job"]
    assert [job["resume"] for job in jobs] == [False, False]  # never paused: not continued
    assert set(run.cases) == ALL_CASES and all(c.status == "ok" for c in run.cases.values())
    assert _pids(run.hidden_output).isdisjoint(_pids(run.output))


def test_a_task_that_says_it_is_done_too_early_loses_only_its_own_public_cases():
    """Written at import, before any case ran: the public run ends there and says why; the
    cases it then runs when continued are not the public ones (only the hidden ones count)."""
    run = _run(SAYS_ITS_PID + "\nos.write(4, b'\\n')\n", "none")
    public = {case.id for case in TASKS[4].cases() if case.public}
    assert not public & set(run.cases)
    assert "file descriptor 4" in run.stopped
    assert set(run.cases) == ALL_CASES - public
    assert all(c.status == "ok" for c in run.cases.values())


def test_a_hidden_run_that_hangs_is_stopped_by_its_own_clock():
    """The public run finished; the continued process sleeps on the first hidden input: the
    hidden run times out on its own limit, and the public run's result stands."""
    public_data = next(c for c in TASKS[4].cases() if c.public).inputs["args"][0]
    sleeper = GOOD_4 + f"""
import time
_right = moving_average
def moving_average(data, beta):
    if len(data) != {len(public_data)}:
        time.sleep(60)
    return _right(data, beta)
"""
    run = _run(sleeper, "none", timeout_numpy=2.0)
    assert run.stopped is None and run.hidden_stopped == "exceeded the time limit of 2 s"
    assert all(run.cases[c.id].status == "ok" for c in TASKS[4].cases() if c.public)


def test_a_kept_process_dies_with_the_harness_where_the_harness_is_not_pid_1():
    """In the none sandbox the harness is an ordinary process: when it is killed, the
    processes it kept go with it, whatever their code did with SIGHUP (stopped, orphaned,
    they are continued by the kernel, and read the end of their socket)."""
    limits = runner.Limits()
    session = sandbox.create("none", limits).start(False)
    try:
        assert b'"ready": true' in session.readline(1 << 20)
        ignores_hangups = SAYS_ITS_PID + "\nimport signal\nsignal.signal(signal.SIGHUP, signal.SIG_IGN)\n"
        job = runner._job({"4-moving_average.py": ignores_hangups.encode()}, [TASKS[4]], limits,
                          "public", 1, None, pause={4})
        session.send((json.dumps(job) + "\n").encode())
        line = json.loads(session.readline(limits.result_cap * 2))
        assert line["paused"] is True
        [pid] = _pids(line["output"])
        for _ in range(500):  # kept, stopped (the signal takes a moment)
            if _state(pid) == "T":
                break
            time.sleep(0.01)
        assert _state(pid) == "T"
    finally:
        session.close()
    _wait_dead(pid)


def _state(pid: int) -> str:
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rpartition(")")[2].split()[0]
