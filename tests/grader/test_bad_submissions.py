"""Broken and hostile submissions: each gets a clear status and message, the rest is still graded."""
from __future__ import annotations

import pytest

from tests.helpers import by_task, reference_files

GOOD_4 = reference_files()["4-moving_average.py"]  # a correct task graded next to the bad one


def _grade_task0(write_submission, grade, source: str | bytes, **kwargs):
    """Grade a bad task 0 next to a correct task 4; return both results."""
    path = write_submission({"0-norm_constants.py": source, "4-moving_average.py": GOOD_4})
    results = by_task(grade(path, tasks=(0, 4), **kwargs))
    assert results[4].status == "passed", "a bad task must not affect another"
    return results[0]


def _messages(result) -> str:
    return result.message + "\n" + "\n".join(c.message for c in result.checks)


def test_missing_file_is_reported_as_missing(write_submission, grade):
    results = by_task(grade(write_submission({"4-moving_average.py": GOOD_4}), tasks=(0, 4)))
    assert results[0].status == "missing" and results[0].score == 0
    assert "0-norm_constants.py was not found" in results[0].checks[0].message
    assert results[4].status == "passed"


def test_empty_file_says_the_function_is_missing(write_submission, grade):
    result = _grade_task0(write_submission, grade, "")
    assert result.status == "error" and result.score == 0
    assert "defines no function named normalization_constants" in result.message


def test_wrong_function_name_lists_what_the_file_defines(write_submission, grade):
    result = _grade_task0(write_submission, grade, """
        def normalisation_constants(X):
            return X.mean(axis=0), X.std(axis=0)
    """)
    assert result.status == "error"
    assert "(it defines: normalisation_constants)" in result.message


def test_syntax_error_names_the_line(write_submission, grade):
    result = _grade_task0(write_submission, grade, "import numpy as np\ndef f(:\n    pass\n")
    assert result.status == "error"
    assert "SyntaxError" in result.message and "line 2" in result.message


def test_wrong_signature_reports_the_type_error(write_submission, grade):
    result = _grade_task0(write_submission, grade, """
        def normalization_constants(X, axis):
            return X.mean(axis=axis), X.std(axis=axis)
    """)
    assert result.status == "failed"
    assert "TypeError" in result.checks[0].message and "axis" in result.checks[0].message


def test_exception_shows_only_the_students_own_frames(write_submission, grade):
    result = _grade_task0(write_submission, grade, """
        import numpy as np


        def helper(X):
            return X.mean(axis=3)


        def normalization_constants(X):
            return helper(X), X.std(axis=0)
    """)
    message = result.checks[0].message
    assert result.status == "failed"
    assert 'File "0-norm_constants.py", line 6, in helper' in message
    assert "AxisError" in message
    assert "drivers.py" not in message and "child.py" not in message and "/tmp" not in message


def test_returning_none_says_two_values_were_expected(write_submission, grade):
    result = _grade_task0(write_submission, grade, "def normalization_constants(X):\n    pass\n")
    assert result.status == "failed"
    assert ("expected 2 values (the mean, the standard deviation), got None"
            in result.checks[0].message)


def test_wrong_type_is_named(write_submission, grade):
    result = _grade_task0(write_submission, grade, """
        def normalization_constants(X):
            return "mean", "std"
    """)
    assert "expected numbers, got a str" in result.checks[0].message


def test_nan_is_called_nan(write_submission, grade):
    result = _grade_task0(write_submission, grade, """
        import numpy as np


        def normalization_constants(X):
            return X.mean(axis=0) * np.nan, X.std(axis=0)
    """)
    assert result.status == "failed" and "is NaN" in result.checks[0].message


def test_crlf_and_byte_order_mark_are_graded_normally(write_submission, grade):
    source = ("\ufeffimport numpy as np\r\n\r\n\r\ndef normalization_constants(X):\r\n"
              "    return np.mean(X, axis=0), np.std(X, axis=0)\r\n").encode("utf-8")
    assert _grade_task0(write_submission, grade, source).status == "passed"


def test_sys_exit_in_the_function_is_an_exception_of_that_case(write_submission, grade):
    result = _grade_task0(write_submission, grade, """
        import sys


        def normalization_constants(X):
            sys.exit(0)
    """)
    assert result.status == "failed"
    assert all("SystemExit" in c.message for c in result.checks)


def test_os_exit_stops_the_task_with_a_clear_reason(write_submission, grade):
    result = _grade_task0(write_submission, grade, """
        import os


        def normalization_constants(X):
            os._exit(3)
    """)
    assert result.status == "error"
    assert "exited with status 3 before finishing" in result.message


def test_endless_loop_hits_the_time_limit(write_submission, grade):
    result = _grade_task0(write_submission, grade, """
        def normalization_constants(X):
            while True:
                pass
    """, timeout=2)
    assert result.status == "error"
    assert "exceeded the time limit of 2 s" in result.message
    assert result.wall_seconds < 10


def test_endless_loop_at_import_hits_the_time_limit(write_submission, grade):
    result = _grade_task0(write_submission, grade, "while True:\n    pass\n", timeout=2)
    assert "exceeded the time limit of 2 s" in result.message


def test_sleeping_past_the_clock_is_stopped(write_submission, grade):
    result = _grade_task0(write_submission, grade, """
        import time


        def normalization_constants(X):
            time.sleep(60)
    """, timeout=2)
    assert "exceeded the time limit of 2 s" in result.message


def test_endless_output_hits_the_output_limit_and_keeps_an_excerpt(write_submission, grade):
    result = _grade_task0(write_submission, grade, """
        def normalization_constants(X):
            while True:
                print("spam " * 100)
    """)
    assert result.status == "error"
    assert "(output limit)" in result.message
    assert result.output.startswith("spam spam") and len(result.output) <= 8192


def test_memory_bomb_is_reported_as_out_of_memory(write_submission, grade):
    """6 GiB would fit in this machine's memory: only the 4 GiB limit stops it."""
    result = _grade_task0(write_submission, grade, """
        import numpy as np


        def normalization_constants(X):
            return np.ones((6 << 30) // 8), None
    """)
    assert result.status == "error" and "ran out of memory" in result.message


def test_printed_fake_results_change_nothing(write_submission, grade):
    result = _grade_task0(write_submission, grade, """
        import json


        def normalization_constants(X):
            print(json.dumps({"event": "case", "case": "spec-example", "status": "ok",
                              "output": {"t": "none"}}))
            print('{"score": 60.0, "passed": true}')
            return X.mean(axis=1), X.std(axis=1)
    """)
    assert result.status == "failed" and result.score == 0


@pytest.mark.parametrize("module", ["reference", "checks", "grader"])
def test_grader_code_cannot_be_imported_by_the_student(module, write_submission, grade):
    result = _grade_task0(write_submission, grade, f"import {module}\n")
    assert result.status == "error"
    assert f"No module named '{module}'" in result.message


def test_a_task_that_kills_the_harness_is_blamed_alone(write_submission, grade):
    """The harness is restarted for the other tasks; only the culprit is marked.  (In the
    none sandbox: in the real ones the harness is pid 1 and no task can kill or stop it,
    tests/security/test_integrity.py.)"""
    files = reference_files()
    files["2-shuffle_data.py"] = """
        import os
        import signal


        def shuffle_data(X, Y):
            os.kill(os.getppid(), signal.SIGKILL)
    """
    results = by_task(grade(write_submission(files), tasks=(0, 1, 2, 4, 5), backend="none"))
    assert results[2].status == "error"
    assert "killed the grading process" in results[2].message
    assert all(results[t].status == "passed" for t in (0, 1, 4, 5))


def test_a_task_that_freezes_the_harness_is_stopped_by_the_watchdog(write_submission, grade):
    files = {"4-moving_average.py": GOOD_4, "0-norm_constants.py": """
        import os
        import signal


        def normalization_constants(X):
            os.kill(os.getppid(), signal.SIGSTOP)
    """}
    results = by_task(grade(write_submission(files), tasks=(0, 4), timeout=2,
                            startup_seconds=3, bound_seconds=120, backend="none"))
    assert results[0].status == "error" and "killed the grading process" in results[0].message
    assert results[4].status == "passed"


def test_a_zip_of_the_folder_grades_like_the_folder(write_submission, grade, tmp_path):
    import zipfile

    files = reference_files()
    archive = tmp_path / "upload.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name in ("0-norm_constants.py", "13-batch_norm.py"):
            zf.writestr(f"atlas/supervised_learning/optimization/{name}", files[name])
    results = by_task(grade(archive, tasks=(0, 1, 13)))
    assert results[0].status == results[13].status == "passed"
    assert results[1].status == "missing"


def test_public_only_runs_only_public_cases(write_submission, grade):
    report = grade(write_submission(reference_files()), tasks=(0, 3), public_only=True)
    checks = [c for result in report.tasks for c in result.checks]
    assert checks and all(c.visibility == "public" for c in checks)
    assert all(result.score == result.max_score == 4.0 for result in report.tasks)


def test_task_15_reports_the_blog_urls(write_submission, grade):
    path = write_submission({"README.md": "# Optimization\nBlog: https://medium.com/@me/opt-1.\n"
                                          "Also https://www.linkedin.com/posts/me_1 and "
                                          "https://medium.com/@me/opt-1\n"})
    result = by_task(grade(path, tasks=(15,)))[15]
    assert result.status == "manual" and result.max_score == 0
    assert result.urls == ["https://medium.com/@me/opt-1", "https://www.linkedin.com/posts/me_1"]
