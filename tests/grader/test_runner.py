"""Parsing the harness's report lines: nothing in them is believed that does not check out."""
from __future__ import annotations

import json
import signal

from checks.tasks import TASKS
from grader.harness import plain
from grader.harness.child import MEMORY_ERROR_EXIT
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
    runs = runner.run(sandbox.create("bwrap", limits), files, [TASKS[0], TASKS[4]], limits,
                      on_task=seen.append)
    assert sorted(run.task for run in seen) == [0, 4]
    assert all(runs[run.task] is run for run in seen)
    assert runs[4].stopped == "killed the grading process it ran in"
