"""Parsing the harness's report lines: nothing in them is believed that does not check out."""
from __future__ import annotations

import json
import signal

from checks.tasks import TASKS
from harness import plain
from harness.child import MEMORY_ERROR_EXIT
from grader import runner, sandbox
from grader.runner import Limits, parse_task_line
from tests.helpers import reference_files

TASK = TASKS[4]


def _line(events: list, **fields) -> dict:
    results = "\n".join(e if isinstance(e, str) else json.dumps(e) for e in events)
    return {"task": 4, "limit": None, "exit_code": 0, "signal": None, "results": results, **fields}


def _ok(case: str, value) -> dict:
    return {"event": "case", "case": case, "status": "ok", "output": plain.describe(value)}


def test_a_finished_task_has_its_outputs_and_no_stop_reason():
    run = parse_task_line(_line([{"event": "load", "status": "ok"}, _ok("one-value", [42.5]),
                                 {"event": "done"}]), TASK, Limits())
    assert run.load == "ok" and run.stopped is None
    assert run.cases["one-value"].output == [42.5]


def test_garbage_unknown_cases_and_repeats_are_ignored():
    events = [{"event": "load", "status": "ok"}, "not json {", "[1, 2]",
              _ok("no-such-case", 1.0), _ok("one-value", [1.0]), _ok("one-value", [42.5]),
              {"event": "done"}]
    run = parse_task_line(_line(events), TASK, Limits())
    assert set(run.cases) == {"one-value"} and run.cases["one-value"].output == [1.0]


def test_an_output_outside_the_grammar_is_unreadable_not_a_crash():
    bad = {"event": "case", "case": "one-value", "status": "ok",
           "output": {"t": "array", "dtype": "object", "shape": [1], "b64": ""}}
    run = parse_task_line(_line([{"event": "load", "status": "ok"}, bad]), TASK, Limits())
    assert run.cases["one-value"].status == "unreadable"
    assert "could not be read" in run.cases["one-value"].error


def test_malformed_numbers_and_signals_do_not_crash_the_parser():
    run = parse_task_line(_line([], exit_code="x", signal=99999, cpu_seconds="lots",
                                wall_seconds=None), TASK, Limits())
    assert run.cpu_seconds == 0.0 and run.stopped.startswith("exited with status None")


def test_each_way_of_stopping_gets_its_own_words():
    limits = Limits(timeout_numpy=7)
    reasons = {
        "timeout": _line([], limit="timeout"),
        "output limit": _line([], limit="output_limit"),
        "result limit": _line([], limit="result_limit"),
        "CPU time limit of 7 s": _line([], exit_code=None, signal=int(signal.SIGXCPU)),
        "ran out of memory": _line([], exit_code=MEMORY_ERROR_EXIT),
        "file size limit": _line([], exit_code=None, signal=int(signal.SIGXFSZ)),
        "killed by signal Segmentation fault": _line([], exit_code=None,
                                                     signal=int(signal.SIGSEGV)),
    }
    for words, line in reasons.items():
        stopped = parse_task_line(line, TASK, limits).stopped
        assert words in stopped or (words == "timeout" and "time limit of 7 s" in stopped)


def test_a_load_failure_is_the_story_not_a_stop():
    run = parse_task_line(_line([{"event": "load", "status": "error", "error": "SyntaxError"}]),
                          TASK, Limits())
    assert run.load == "error" and run.load_error == "SyntaxError" and run.stopped is None


def test_on_task_reports_each_task_once_as_it_ends_culprits_included():
    killer = b"import os, signal\ndef moving_average(data, beta):\n    os.kill(os.getppid(), signal.SIGKILL)\n"
    files = {"0-norm_constants.py": reference_files()["0-norm_constants.py"].encode(),
             "4-moving_average.py": killer}
    limits = runner.Limits()
    seen = []
    # the none sandbox: in the real ones the harness is pid 1, which no task can kill
    runs = runner.run(sandbox.create("none", limits), files, [TASKS[0], TASKS[4]], limits,
                      on_task=seen.append)
    assert sorted(run.task for run in seen) == [0, 4]
    assert all(runs[run.task] is run for run in seen)
    assert runs[4].stopped == "killed the grading process it ran in"


class _Logged(sandbox.Session):
    """A real session, each job sent and each task line read logged in order."""

    def __init__(self, session: sandbox.Session, log: list):
        self.session, self.log = session, log

    def send(self, data: bytes) -> None:
        self.log.append(("job", json.loads(data)))
        self.session.send(data)

    def readline(self, limit: int) -> bytes:
        raw = self.session.readline(limit)
        if b'"task"' in raw:
            self.log.append(("line", json.loads(raw)["task"]))
        return raw

    def errors(self) -> str:
        return self.session.errors()

    def kill(self) -> None:
        self.session.kill()

    def close(self) -> None:
        self.session.close()


class _Recorder(sandbox.Sandbox):
    """A real sandbox whose sessions log each job sent and each task line read, in order."""

    def __init__(self, inner: sandbox.Sandbox, log: list):
        super().__init__(inner.limits)
        self.inner, self.log, self.name = inner, log, inner.name

    def start(self, tensorflow: bool) -> sandbox.Session:
        return _Logged(self.inner.start(tensorflow), self.log)

    def task_processes(self):
        return self.inner.task_processes()


def test_hidden_cases_go_in_only_after_every_public_case_reported():
    files = {name: source.encode() for name, source in reference_files().items()
             if name[0] in "04"}
    tasks, limits, log, seen = [TASKS[0], TASKS[4]], runner.Limits(), [], []
    runs = runner.run(_Recorder(sandbox.create("bwrap", limits), log), files, tasks, limits,
                      on_task=seen.append)
    jobs = [entry[1] for entry in log if entry[0] == "job"]
    assert [[e[0] for e in log].count("job"), len(log)] == [2, 6]
    assert [e[0] for e in log[:3]] == ["job", "line", "line"]  # both public lines first
    for job, public in zip(jobs, (True, False)):
        for task_job, task in zip(job["tasks"], tasks):
            wanted = {case.id for case in task.cases() if case.public == public}
            assert {case["id"] for case in task_job["cases"]} == wanted
    for task in tasks:  # joined: every case came back, reported once, after its hidden run
        assert set(runs[task.id].cases) == {case.id for case in task.cases()}
    assert sorted(run.task for run in seen) == [0, 4] and all(runs[r.task] is r for r in seen)


def test_public_only_sends_one_job():
    files = {"4-moving_average.py": reference_files()["4-moving_average.py"].encode()}
    log, limits = [], runner.Limits()
    runs = runner.run(_Recorder(sandbox.create("none", limits), log), files, [TASKS[4]], limits,
                      public_only=True)
    assert [e[0] for e in log] == ["job", "line"]
    assert set(runs[4].cases) == {case.id for case in TASKS[4].cases() if case.public}


def test_a_task_timed_out_with_its_cpu_unused_runs_again_alone():
    """It may have been starved by a fork bomb beside it; a sleeper times out again, alone."""
    sleeper = b"import time\ndef normalization_constants(X):\n    time.sleep(60)\n"
    files = {"0-norm_constants.py": sleeper,
             "4-moving_average.py": reference_files()["4-moving_average.py"].encode()}
    log, seen, limits = [], [], runner.Limits(timeout_numpy=1.0)
    runs = runner.run(_Recorder(sandbox.create("bwrap", limits), log), files,
                      [TASKS[0], TASKS[4]], limits, public_only=True, on_task=seen.append)
    jobs = [entry[1] for entry in log if entry[0] == "job"]
    assert [[t["task"] for t in job["tasks"]] for job in jobs] == [[0, 4], [0]]
    assert jobs[1]["parallel"] == 1 and sorted(run.task for run in seen) == [0, 4]
    assert runs[0].stopped == "exceeded the time limit of 1 s" and runs[4].stopped is None
