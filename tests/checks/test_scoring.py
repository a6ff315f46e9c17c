"""grade_task and manual_task on fake task runs: statuses, scores and messages."""
from __future__ import annotations

import numpy as np

from checks.results import CaseOutcome, TaskRun
from checks.scoring import grade_task, manual_task
from checks.tasks import TASK_POINTS, TASKS

TASK4 = TASKS[4]
CASES4 = TASK4.cases()


def moving_average(data, beta):
    """Task 4 as the spec defines it (the same loop as reference.averages, which imports TF)."""
    averages, v = [], 0.0
    for t, x in enumerate(data, start=1):
        v = beta * v + (1 - beta) * x
        averages.append(v / (1 - beta ** t))
    return averages


EXPECTED4 = {case.id: moving_average(*case.inputs["args"]) for case in CASES4}


def run4(outputs=None, **kwargs) -> TaskRun:
    """A run of task 4 whose every case returned the expected value unless outputs says otherwise."""
    outcomes = {cid: CaseOutcome("ok", list(value)) for cid, value in EXPECTED4.items()}
    outcomes.update(outputs or {})
    return TaskRun(task=4, load=kwargs.pop("load", "ok"), cases=outcomes, **kwargs)


def check_of(result, case_id: str):
    return next(c for c in result.checks if c.name.startswith(f"{case_id}:"))


def test_all_cases_right_pass_with_full_score():
    result = grade_task(TASK4, run4(), EXPECTED4)
    assert result.status == "passed"
    assert result.score == 4.0 == result.max_score == TASK_POINTS
    assert all(c.passed and c.message == "ok" for c in result.checks)
    assert len(result.checks) == len(CASES4)


def test_one_wrong_public_case_is_partial_with_its_message():
    wrong = [x + 1.0 for x in EXPECTED4["spec-example"]]
    result = grade_task(TASK4, run4({"spec-example": CaseOutcome("ok", wrong)}), EXPECTED4)
    assert result.status == "partial"
    assert result.score == round(4.0 * (len(CASES4) - 1) / len(CASES4), 4)
    check = check_of(result, "spec-example")
    assert not check.passed and check.score == 0.0 and check.visibility == "public"
    assert check.message.startswith("the result: 31 of 31 values differ")
    assert "expected" in check.message


def test_hidden_case_message_names_its_kind_and_hides_values():
    wrong = [x + 1.0 for x in EXPECTED4["beta-half"]]
    result = grade_task(TASK4, run4({"beta-half": CaseOutcome("ok", wrong)}), EXPECTED4)
    check = check_of(result, "beta-half")
    assert check.visibility == "hidden"
    assert check.message.startswith("hidden case (beta = 0.5): ")
    assert f"{EXPECTED4['beta-half'][0]:.10g}" not in check.message
    assert "got" not in check.message


def test_missing_file_is_status_missing_naming_the_file():
    result = grade_task(TASK4, TaskRun(task=4, load="missing_file"), EXPECTED4)
    assert result.status == "missing" and result.score == 0.0
    assert "4-moving_average.py" in result.message
    assert all("4-moving_average.py was not found" in c.message for c in result.checks)
    assert not any(c.message.startswith("hidden case") for c in result.checks)


def test_import_error_is_status_error_with_the_error_text():
    run = TaskRun(task=4, load="error", load_error="SyntaxError: invalid syntax (line 3)")
    result = grade_task(TASK4, run, EXPECTED4)
    assert result.status == "error" and result.score == 0.0
    assert "could not be imported" in result.message
    assert "SyntaxError: invalid syntax (line 3)" in result.message
    assert all("SyntaxError" in c.message for c in result.checks)


def test_missing_function_reports_the_load_error():
    run = TaskRun(task=4, load="missing_function", load_error="no function moving_average")
    result = grade_task(TASK4, run, EXPECTED4)
    assert result.status == "error"
    assert all(c.message == "no function moving_average" for c in result.checks)


def test_case_not_run_after_a_time_limit_says_why():
    outcomes = {cid: CaseOutcome("ok", list(v)) for cid, v in EXPECTED4.items()
                if cid != "long-series"}
    run = TaskRun(task=4, load="ok", cases=outcomes, stopped="exceeded the time limit (60 s)")
    result = grade_task(TASK4, run, EXPECTED4)
    check = check_of(result, "long-series")
    assert not check.passed
    assert check.message == "hidden case (a long series with beta = 0.99): did not run: " \
                            "exceeded the time limit (60 s)"
    assert result.status == "partial"
    assert "stopped: exceeded the time limit (60 s)" in result.message


def _split(run: TaskRun) -> tuple[TaskRun, dict]:
    """run's public outcomes as the public run, and its hidden outcomes."""
    public = {case.id for case in CASES4 if case.public}
    return (TaskRun(task=4, load="ok", cases={k: v for k, v in run.cases.items() if k in public},
                    output="public print\n", cpu_seconds=1.0, wall_seconds=2.0),
            {k: v for k, v in run.cases.items() if k not in public})


def test_a_public_run_joined_with_its_hidden_run_grades_like_one_run():
    public, hidden = _split(run4())
    joined = public.with_hidden(TaskRun(task=4, load="ok", cases=hidden, output="SECRET 1.5\n",
                                        cpu_seconds=0.5, wall_seconds=0.5))
    result = grade_task(TASK4, joined, EXPECTED4)
    assert result.status == "passed" and result.score == TASK_POINTS
    assert (result.output, result.hidden_output) == ("public print\n", "SECRET 1.5\n")
    # the times are kept apart: the public run's may be shown, the hidden run's are staff's
    assert (result.cpu_seconds, result.wall_seconds) == (1.0, 2.0)
    assert (result.hidden_cpu_seconds, result.hidden_wall_seconds) == (0.5, 0.5)


def test_a_hidden_run_that_failed_keeps_its_words_apart_from_the_public_ones():
    public, _ = _split(run4())
    failed_import = TaskRun(task=4, load="error", load_error="ValueError: SECRET [3.0, 1.5]")
    result = grade_task(TASK4, public.with_hidden(failed_import), EXPECTED4)
    assert check_of(result, "spec-example").passed
    assert check_of(result, "negative").message.endswith(
        "did not run: the file could not be imported when the hidden cases ran")
    assert "SECRET" not in result.message + "".join(c.message for c in result.checks)
    assert "SECRET [3.0, 1.5]" in result.hidden_output and result.status == "partial"
    timed_out = public.with_hidden(TaskRun(task=4, load="ok", stopped="exceeded the time limit"))
    message = grade_task(TASK4, timed_out, EXPECTED4).message
    assert message == "stopped while the hidden cases ran: exceeded the time limit"


def test_stopped_before_any_case_is_an_error():
    run = TaskRun(task=4, load="ok", stopped="ran out of memory")
    result = grade_task(TASK4, run, EXPECTED4)
    assert result.status == "error" and result.score == 0.0
    assert check_of(result, "spec-example").message == "did not run: ran out of memory"


def test_exception_outcome_contains_the_traceback():
    traceback = 'Traceback (most recent call last):\n  File "4-moving_average.py"\nZeroDivisionError'
    outputs = {"spec-example": CaseOutcome("exception", error=traceback)}
    result = grade_task(TASK4, run4(outputs), EXPECTED4)
    message = check_of(result, "spec-example").message
    assert message.startswith("raised an exception:")
    assert traceback in message


def test_contract_outcome_gives_its_error():
    outputs = {"one-value": CaseOutcome("contract", error="must return a list")}
    result = grade_task(TASK4, run4(outputs), EXPECTED4)
    assert check_of(result, "one-value").message == \
        "hidden case (a single data point): must return a list"


def test_every_case_wrong_is_failed():
    outputs = {cid: CaseOutcome("ok", "not numbers") for cid in EXPECTED4}
    result = grade_task(TASK4, run4(outputs), EXPECTED4)
    assert result.status == "failed" and result.score == 0.0
    assert "expected numbers, got a str" in check_of(result, "spec-example").message


def test_public_only_keeps_only_public_checks():
    result = grade_task(TASK4, run4(), {"spec-example": EXPECTED4["spec-example"]},
                        public_only=True)
    assert [c.name for c in result.checks] == ["spec-example: values"]
    assert result.score == result.max_score == 4.0


def test_wrong_form_for_dict_based_checks_fails_with_a_message():
    task = TASKS[14]
    expected = {}
    for case in task.cases():
        m, nx, n = case.inputs["prev"].shape[0], case.inputs["prev"].shape[1], case.inputs["n"]
        expected[case.id] = {"output": np.zeros((m, n)), "variables": [
            {"name": "dense/kernel", "initial": np.zeros((nx, n)), "trainable": True}]}
    run = TaskRun(task=14, load="ok",
                  cases={c.id: CaseOutcome("ok", "a string") for c in task.cases()})
    result = grade_task(task, run, expected)
    assert result.status == "failed" and result.score == 0.0
    assert {c.name.split(": ", 1)[1] for c in result.checks} == {
        "output", "kernel initializer", "gamma and beta", "normalization"}
    assert all(c.message.endswith("the result has an unexpected form and could not be checked")
               for c in result.checks)


def test_wrong_form_for_optimizer_checks_fails_with_a_message():
    task = TASKS[6]
    run = TaskRun(task=6, load="ok",
                  cases={c.id: CaseOutcome("ok", {"optimizer": [1, 2]}) for c in task.cases()})
    expected = {c.id: {"optimizer": {"class": "SGD", "config": {}}, "losses": [], "weights": []}
                for c in task.cases()}
    result = grade_task(task, run, expected)
    assert result.status == "failed"
    assert all("could not be checked" in c.message for c in result.checks)


# ---------------------------------------------------------------- manual_task


def test_manual_task_finds_http_and_https_urls():
    result = manual_task({"README.md": "Blog: https://medium.com/@me/post-1 and "
                                       "http://example.org/a?b=c#d"})
    assert result.status == "manual" and result.score == result.max_score == 0.0
    assert result.urls == ["https://medium.com/@me/post-1", "http://example.org/a?b=c#d"]
    assert "https://medium.com/@me/post-1" in result.message


def test_manual_task_strips_trailing_punctuation_and_brackets():
    result = manual_task({"a.txt": "See https://x.com/post. Also (https://y.com/p), "
                                   "[link](https://z.com/q); https://w.com/r;"})
    assert result.urls == ["https://x.com/post", "https://y.com/p", "https://z.com/q",
                           "https://w.com/r"]


def test_manual_task_deduplicates_across_files():
    result = manual_task({"README.md": "https://x.com/post", "notes.txt": "https://x.com/post."})
    assert result.urls == ["https://x.com/post"]


def test_manual_task_ignores_non_http_schemes():
    assert manual_task({"a.md": "ftp://x.com/f file:///etc/passwd"}).urls == []


def test_manual_task_says_when_no_url_was_found():
    result = manual_task({"README.md": "# Optimization\nno link yet"})
    assert result.status == "manual" and result.urls == []
    assert "no URL found" in result.message


# ---------------------------------------------------------------- task 3 on the student's own shuffle

TASK3 = TASKS[3]


def _reversed_shuffle(X, Y):
    """A wrong shuffle_data (task 2): the rows in reverse order."""
    return X[::-1], Y[::-1]


def _task3_run(batches_of, own_shuffle) -> TaskRun:
    """Every case of task 3 as the batches driver reports it."""
    outcomes = {}
    for case in TASK3.cases():
        if case.driver == "in_place":
            outcomes[case.id] = CaseOutcome("ok", {"changed": []})
            continue
        X, Y, size = case.inputs["args"]
        own = own_shuffle(X, Y) if own_shuffle else None
        outcomes[case.id] = CaseOutcome("ok", {"batches": batches_of(X, Y, size, own),
                                               "own_shuffle": own})
    return TaskRun(task=3, load="ok", cases=outcomes)


def _sliced(X, Y, size, own):
    X, Y = own
    return [(X[i:i + size], Y[i:i + size]) for i in range(0, len(X), size)]


def _expected3():
    from grader import expected
    return expected.load(TASK3)


def test_batches_right_given_a_wrong_shuffle_data_keep_their_marks_with_a_note():
    """Task 2's bug is charged once: task 3 cut right from the student's own (wrong)
    shuffle_data passes, and says where the bug is."""
    result = grade_task(TASK3, _task3_run(_sliced, _reversed_shuffle), _expected3())
    assert result.status == "passed" and result.score == result.max_score
    exact = [c for c in result.checks if "same batches" in c.name]
    assert exact and all("task 2 is where the bug is" in c.message for c in exact)
    assert result.message.startswith("note: right given your own shuffle_data")


def test_a_right_shuffle_data_does_not_excuse_wrong_batches():
    """With shuffle_data giving the spec's order, batches cut without it still fail."""
    want = _expected3()
    spec_shuffle = {case.id: want[case.id].get("own_shuffle") for case in TASK3.cases()}
    run = _task3_run(lambda X, Y, size, own: _sliced(X, Y, size, (X, Y)), None)
    run = TaskRun(task=3, load="ok", cases={
        cid: CaseOutcome("ok", {**o.output, "own_shuffle": spec_shuffle[cid]}
                         if "batches" in o.output else o.output)
        for cid, o in run.cases.items()})
    result = grade_task(TASK3, run, want)
    assert result.score < result.max_score
    assert not any("task 2" in c.message for c in result.checks)


def test_batches_that_are_not_the_own_shuffle_sliced_still_fail():
    unshuffled = _task3_run(lambda X, Y, size, own: _sliced(X, Y, size, (X, Y)), _reversed_shuffle)
    result = grade_task(TASK3, unshuffled, _expected3())
    assert result.score < result.max_score and "note:" not in result.message


def test_the_batches_driver_records_the_own_shuffle_under_the_same_seed():
    """The driver calls the shuffle_data that create_mini_batches sees, from the same state."""
    from harness import drivers

    def shuffle_data(X, Y):
        p = np.random.permutation(len(X))[::-1]
        return X[p], Y[p]

    def create_mini_batches(X, Y, batch_size):
        X, Y = shuffle_data(X, Y)
        return [(X[i:i + batch_size], Y[i:i + batch_size]) for i in range(0, len(X), batch_size)]

    case = TASK3.cases()[0]
    np.random.seed(case.seed)
    output = drivers.run("batches", create_mini_batches, case.inputs)
    X, Y, size = case.inputs["args"]
    own_X, own_Y = output["own_shuffle"]
    assert np.array_equal(np.concatenate([b[0] for b in output["batches"]]), own_X)
    assert np.array_equal(np.concatenate([b[1] for b in output["batches"]]), own_Y)
    assert not np.array_equal(own_X, X)


def test_no_excuse_when_task_2_passed_in_its_own_process():
    """A shuffle_data that is right in task 2's own process but wrong in task 3's (one defined
    in 3-mini_batch.py, or patched there) excuses nothing: task 3 is judged as usual."""
    from checks.results import TaskResult
    task2 = TaskResult(task=2, file="2-shuffle_data.py", score=4.0, max_score=4.0,
                       status="passed")
    result = grade_task(TASK3, _task3_run(_sliced, _reversed_shuffle), _expected3(),
                        earlier={2: task2})
    assert result.score < result.max_score and "note:" not in result.message
    failed = [c for c in result.checks if not c.passed]
    assert failed and not any("task 2" in c.message for c in failed)
    wrong2 = TaskResult(task=2, file="2-shuffle_data.py", score=1.0, max_score=4.0,
                        status="partial")
    result = grade_task(TASK3, _task3_run(_sliced, _reversed_shuffle), _expected3(),
                        earlier={2: wrong2})
    assert result.status == "passed"


# ---------------------------------------------------------------- hidden cases of issue 13


def _graded_code(task_id: int, fn):
    """grade_task on what fn returns, case by case, through the harness's drivers."""
    from grader import expected
    from harness import drivers
    task, outcomes = TASKS[task_id], {}
    for case in task.cases():
        np.random.seed(case.seed)
        outcomes[case.id] = CaseOutcome("ok", drivers.run(task.driver_for(case), fn, case.inputs))
    return grade_task(task, TaskRun(task=task_id, load="ok", cases=outcomes),
                      expected.load(task))


def test_results_rounded_to_8_decimals_fail_only_the_tiny_scale_case():
    def normalization_constants(X):
        return np.round(X.mean(axis=0), 8), np.round(X.std(axis=0), 8)

    result = _graded_code(0, normalization_constants)
    failed = {c.name.split(":")[0] for c in result.checks if not c.passed}
    assert failed == {"tiny-scale"}


def test_changing_the_callers_arrays_in_place_is_a_note_not_a_deduction():
    def update_variables_momentum(alpha, beta1, var, grad, v):
        v *= beta1
        v += (1 - beta1) * grad
        var -= alpha * v
        return var, v

    result = _graded_code(5, update_variables_momentum)
    assert result.status == "passed" and result.score == result.max_score
    probe = next(c for c in result.checks if c.name.startswith("in-place:"))
    assert probe.passed and probe.max_score == 0
    assert "changes its caller's var, v in place" in probe.message
    assert "note: the function changes its caller's var, v in place" in result.message


def test_a_function_that_leaves_its_arguments_alone_gets_no_note():
    def update_variables_momentum(alpha, beta1, var, grad, v):
        v = beta1 * v + (1 - beta1) * grad
        return var - alpha * v, v

    result = _graded_code(5, update_variables_momentum)
    assert result.status == "passed" and "note" not in result.message
