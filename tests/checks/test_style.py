"""The style rules one by one, their guards against hostile text, and their share of the points."""
from __future__ import annotations

import pytest

from checks import style
from checks.results import CheckResult, TaskResult
from checks.tasks import TASKS
from tests.helpers import GALLERY

CLEAN = '''\
#!/usr/bin/env python3
"""Moving average."""
import numpy as np


def moving_average(data, beta):
    """Return the bias-corrected moving averages of data."""
    v, averages = 0, []
    for t, x in enumerate(data, start=1):
        v = beta * v + (1 - beta) * x
        averages.append(v / (1 - beta ** t))
    return averages
'''


def judge(source: str | bytes | None, task: int = 4) -> dict[str, CheckResult]:
    """Rule function's name -> the check for source as task's file."""
    data = source.encode() if isinstance(source, str) else source
    t = TASKS[task]
    checks = style.style_checks(data, t.file, t.function, task, points=0.4)
    return {judge.__name__: check for (_, judge), check in zip(style.RULES, checks)}


def failing(source: str | bytes | None, task: int = 4) -> dict[str, str]:
    return {rule: c.message for rule, c in judge(source, task).items() if not c.passed}


def test_a_clean_file_passes_every_rule_with_full_style_points():
    checks = judge(CLEAN)
    assert all(c.passed and c.kind == "style" and c.visibility == "public" for c in checks.values())
    assert sum(c.score for c in checks.values()) == pytest.approx(0.4)


def test_an_unused_numpy_import_is_not_a_violation():
    """`import numpy as np` that is never used is fine (most students have one); so is none."""
    assert "np." not in CLEAN.split("import numpy as np")[1]
    assert failing(CLEAN) == {}
    assert failing(CLEAN.replace("import numpy as np\n", "")) == {}


def test_shebang_must_be_the_first_line():
    assert failing(CLEAN.replace("#!/usr/bin/env python3\n", "#!/usr/bin/python3\n")) == {
        "shebang": "line 1: the first line must be '#!/usr/bin/env python3', "
                   "found '#!/usr/bin/python3'"}


def test_windows_line_endings_break_the_shebang_and_say_so():
    problems = failing(CLEAN.replace("\n", "\r\n"))
    assert "line 1:" in problems["shebang"] and "carriage return" in problems["shebang"]


@pytest.mark.parametrize("edit, line, what", [
    (('"""Moving average."""\n', ""), 1, "the module has no docstring"),
    (('    """Return the bias-corrected moving averages of data."""\n', ""), 6,
     "the function moving_average has no docstring"),
    (('    return averages\n', '    return averages\n\n\nclass Helper:\n    pass\n'), 15,
     "the class Helper has no docstring"),
    (('    v, averages', '    def step(v, x):\n        return v\n    v, averages'), 8,
     "the function step has no docstring"),
])
def test_docstrings_are_needed_for_module_functions_and_classes(edit, line, what):
    problems = failing(CLEAN.replace(*edit))
    assert list(problems) == ["docstrings"]
    assert problems["docstrings"].startswith(f"line {line}: {what}")


def test_pycodestyle_problems_name_line_column_and_code():
    problems = failing(CLEAN.replace("    return averages", "    return averages  # " + "x" * 60))
    assert problems == {
        "pycodestyle_clean": "line 12, column 80: E501 line too long (83 > 79 characters)"}
    assert style.PYCODESTYLE == "pycodestyle 2.15.0"
    assert judge(CLEAN)["pycodestyle_clean"].name == "style: pycodestyle 2.15.0 finds nothing"


def test_pycodestyle_reports_trailing_whitespace_with_its_line():
    problems = failing(CLEAN.replace("v, averages = 0, []", "v, averages = 0, []   "))
    assert problems == {"pycodestyle_clean": "line 8, column 24: W291 trailing whitespace"}


@pytest.mark.parametrize("line3, message", [
    ("import os", "line 3: `import os` is not allowed; only numpy (as np) and tensorflow (as tf) "
                  "may be imported"),
    ("import numpy", "line 3: `import numpy` is not allowed; write `import numpy as np`"),
    ("import numpy as npy", "line 3: `import numpy as npy` is not allowed; "
                            "write `import numpy as np`"),
    ("from numpy import exp", "line 3: `from numpy import ...` is not allowed"),
    ("import tensorflow.keras as K", "line 3: `import tensorflow.keras as K` is not allowed"),
    ("os = __import__('os')", "line 3: __import__ of 'os'; __import__ is only for your own "
                              "earlier task files"),
    ("f = __import__('9-Adam').update_variables_Adam", "line 3: __import__ of '9-Adam'"),
])
def test_only_the_allowed_imports(line3, message):
    problems = failing(CLEAN.replace("import numpy as np", line3))
    assert list(problems) == ["imports"]
    assert problems["imports"].startswith(message)


def test_earlier_task_files_and_tensorflow_may_be_imported():
    source = CLEAN.replace("import numpy as np", "import numpy as np\nimport tensorflow as tf\n"
                           "shuffle_data = __import__('2-shuffle_data').shuffle_data")
    assert failing(source) == {}


def test_an_import_inside_a_function_counts_too():
    source = CLEAN.replace("    v, averages", "    import math\n    v, averages")
    assert failing(source) == {"imports": "line 8: `import math` is not allowed; only numpy "
                                          "(as np) and tensorflow (as tf) may be imported"}


def test_the_file_must_end_with_a_newline_and_it_is_charged_once():
    problems = failing(CLEAN.rstrip("\n"))
    assert problems == {"final_newline": "line 12: the file does not end with a newline"}


def test_a_missing_file_gets_no_style_credit():
    checks = judge(None)
    assert all(not c.passed and c.score == 0 and c.max_score > 0 for c in checks.values())
    assert "4-moving_average.py was not found" in checks["shebang"].message


def test_a_stub_that_does_not_define_the_function_gets_no_style_credit():
    stub = '#!/usr/bin/env python3\n"""Nothing yet."""\n'
    assert all("does not define moving_average" in m for m in failing(stub).values())
    assert len(failing(stub)) == len(style.RULES)


@pytest.mark.parametrize("source, reason", [
    (CLEAN.replace("(data, beta):", "(data, beta)"), "line 6: 4-moving_average.py is not valid "
                                                     "Python"),
    ("(" * 100_000 + "\n", "is not valid Python"),
    ("x = " + "-" * 200_000 + "1\n", "kB; a task file is far smaller"),
    ("x = " + "-" * 150_000 + "1\n", "could not be parsed"),
    ("x = " + "[" * 250 + "]" * 250 + "\n", "is not valid Python (too many nested parentheses)"),
    (b"\xff\xfe#!", "is not UTF-8 text"),
    (b"x = 1\x00\n", "is not valid Python"),
])
def test_hostile_text_fails_every_rule_with_a_message_never_a_crash(source, reason):
    problems = failing(source)
    assert len(problems) == len(style.RULES)
    assert all(reason in message for message in problems.values()), problems


def test_many_problems_are_listed_up_to_a_limit_then_counted():
    source = CLEAN.replace("import numpy as np", "\n".join(f"import m{i}" for i in range(15)))
    message = failing(source)["imports"]
    assert message.count("is not allowed") == style.MAX_LISTED
    assert message.endswith("... and 5 more")


def _task_result(*checks: CheckResult) -> TaskResult:
    return TaskResult(task=4, file="4-moving_average.py", score=sum(c.score for c in checks),
                      max_score=sum(c.max_score for c in checks), status="passed",
                      checks=list(checks))


def test_with_style_keeps_the_task_at_its_points_and_marks_a_style_slip_partial():
    correct = [CheckResult(f"c{i}: values", "correctness", "public", True, 4 / 3, 4 / 3, "ok")
               for i in range(3)]
    clean = style.with_style(_task_result(*correct), list(judge(CLEAN).values()), 0.1)
    assert clean.score == clean.max_score == 4.0 and clean.status == "passed"
    assert sum(c.max_score for c in clean.checks if c.kind == "correctness") == pytest.approx(3.6)
    sloppy = style.with_style(_task_result(*correct), list(judge(CLEAN.rstrip()).values()), 0.1)
    assert sloppy.max_score == 4.0 and sloppy.score == pytest.approx(3.92)
    assert sloppy.status == "partial"


def test_with_style_leaves_a_failed_function_failed_with_its_style_points():
    wrong = CheckResult("c: values", "correctness", "public", False, 0.0, 4.0, "wrong")
    failed = _task_result(wrong)
    failed.status = "failed"
    result = style.with_style(failed, list(judge(CLEAN).values()), 0.1)
    assert result.status == "failed"
    assert result.score == pytest.approx(0.4) and result.max_score == 4.0


@pytest.mark.parametrize("path", sorted(GALLERY.glob("*/*.py")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_gallery_file_is_in_the_assignments_style(path):
    """The gallery's submissions are meant to differ only in what they compute."""
    task = next(t for t in TASKS.values() if t.file == path.name)
    assert failing(path.read_bytes(), task.id) == {}
