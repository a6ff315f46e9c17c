"""The students' kit: what is in the wheel, what is not, and that it grades once installed alone."""
from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from checks.cases import cases_for, public_cases_for
from checks.tasks import TASKS
from grader import expected, grading, kit
from harness import plain
from tests.helpers import GALLERY

REPO = expected.REPO_ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return kit.build(tmp_path_factory.mktemp("kit"))


@pytest.fixture(scope="module")
def files(wheel) -> dict[str, str]:
    with zipfile.ZipFile(wheel) as archive:
        return {name: archive.read(name).decode("utf-8", "replace") for name in archive.namelist()}


def _stored(task) -> dict:
    return json.loads(expected.file_for(task, expected.DEFAULT_DIR).read_text())["cases"]


def _hidden(task) -> list:
    return [case for case in cases_for(task.id) if not case.public]


# ---------------------------------------------------------------- what is inside


def test_the_kit_holds_the_grader_the_plugin_and_the_public_data(files):
    names = set(files)
    for needed in ("grader/cli.py", "grader/pytest_plugin.py", "harness/__main__.py",
                   "checks/tasks.py", "checks/cases.py"):
        assert needed in names
    info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
    assert {n.split("/")[0] for n in names} == {"harness", "checks", "grader", info}
    entry_points = files[f"{info}/entry_points.txt"]
    assert "[console_scripts]\ngrader = grader.cli:main" in entry_points
    assert "[pytest11]\ngrader = grader.pytest_plugin" in entry_points
    for task in TASKS.values():
        assert f"grader/kit_expected/task_{task.id:02d}.json" in names


def test_no_reference_code_is_inside(files):
    """Neither the reference's modules nor the body of any of its functions (compared as
    syntax trees, so reformatting or renaming the function does not hide a copy)."""
    assert not any(name.startswith(("reference/", "data/", "tests/")) for name in files)
    kit_bodies = [_statements(node.body) for source in _python(files)
                  for node in ast.walk(ast.parse(source))
                  if isinstance(node, (ast.FunctionDef, ast.Module))]
    reference = sorted((REPO / "reference").glob("*.py"))
    assert len(reference) >= 7
    for path in reference:
        source = path.read_text()
        assert all(source not in text for text in files.values()), path.name
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef):
                body = _statements(node.body)
                assert not any(_contains(kit_body, body) for kit_body in kit_bodies), \
                    f"the body of reference/{path.name}:{node.name} is in the kit"


def _python(files: dict[str, str]) -> list[str]:
    return [text for name, text in files.items() if name.endswith(".py")]


def _statements(body: list) -> list[str]:
    """A body's statements as comparable text, its docstring left out."""
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return [ast.dump(statement) for statement in body]


def _contains(body: list[str], part: list[str]) -> bool:
    return bool(part) and any(body[i:i + len(part)] == part for i in range(len(body)))


def test_the_data_is_the_public_cases_only_and_unchanged(files):
    for task in TASKS.values():
        shipped = json.loads(files[f"grader/kit_expected/task_{task.id:02d}.json"])["cases"]
        public = {case.id for case in public_cases_for(task.id)}
        assert set(shipped) == public, f"task {task.id}"
        stored = _stored(task)
        assert all(shipped[key] == stored[key] for key in public), f"task {task.id}"


def test_nothing_of_a_hidden_case_is_inside(files):
    """No hidden case's digest, expected values (arrays as base64, long floats), inputs, or
    definition (its module, or its kind as a string literal) is anywhere in the kit."""
    assert "checks/hidden_cases.py" not in files
    text = "\n".join(files.values())
    python = "\n".join(_python(files))
    public_tokens = set().union(*(  # values any public case has too, e.g. float32(0.001)
        _tokens(_stored(task)[case.id]["expected"])
        for task in TASKS.values() for case in public_cases_for(task.id)))
    for task in TASKS.values():
        stored = _stored(task)
        public_kinds = {case.kind for case in public_cases_for(task.id)}
        hidden = _hidden(task)
        assert hidden, f"task {task.id} has no hidden case to look for"
        for case in hidden:
            entry = stored[case.id]
            assert entry["digest"] not in text, f"task {task.id}, {case.id}: digest"
            secrets = (_tokens(entry["expected"]) | _tokens(plain.describe(case.inputs)))
            for token in secrets - public_tokens:
                assert token not in text, f"task {task.id}, {case.id}: {token[:40]}"
            if case.kind not in public_kinds:
                assert f'"{case.kind}"' not in python, f"task {task.id}, {case.id}: its kind"


def _tokens(described) -> set[str]:
    """The distinctive strings of a described value: base64 arrays of at least three
    different values (not zeros, ones and the like) and long float reprs."""
    found = set()
    if isinstance(described, dict):
        if described.get("t") == "array" and np.unique(plain.decode(described)).size >= 3:
            found.add(described["b64"])
        if described.get("t") == "float" and len(repr(described.get("v"))) >= 10:
            found.add(repr(described["v"]))
        for value in described.values():
            found |= _tokens(value)
    elif isinstance(described, list):
        for value in described:
            found |= _tokens(value)
    return found


def test_public_only_grading_needs_only_the_kits_data(tmp_path, monkeypatch):
    """Grading with the kit's data alone gives the server's public-only report; grading the
    hidden cases with it is refused as a grader fault."""
    for name, data in kit.public_expected().items():
        (tmp_path / Path(name).name).write_bytes(data)
    path, options = GALLERY / "wrong_no_shuffle", grading.Options(tasks=(2, 3), public_only=True)
    server = grading.grade(path, options).to_dict()
    monkeypatch.setenv("GRADER_EXPECTED_DIR", str(tmp_path))
    assert _verdicts(grading.grade(path, options).to_dict()) == _verdicts(server)
    with pytest.raises(expected.ExpectedOutputsError, match="stale or missing"):
        grading.grade(path, grading.Options(tasks=(2,)))


def _verdicts(document: dict) -> list:
    return [(t["task"], t["status"], t["score"],
             [(c["name"], c["passed"], c["score"], c["message"], c["mistake"]) for c in t["checks"]])
            for t in document["tasks"]]


# ---------------------------------------------------------------- installed alone


@pytest.mark.slow
def test_the_installed_kit_grades_like_the_server_from_outside_the_repo(wheel, tmp_path):
    """A fresh virtualenv (no system site-packages, nothing of this checkout), the kit and its
    pinned dependencies installed by pip; run from a folder outside the repository."""
    venv, outside = tmp_path / "venv", tmp_path / "outside"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME") and not k.startswith("GRADER_")}
    env["PATH"] = f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin"

    def run(*command, timeout=600):
        return subprocess.run([str(c) for c in command], cwd=outside, env=env, timeout=timeout,
                              capture_output=True, text=True)

    assert run(sys.executable, "-m", "venv", venv).returncode == 0
    installed = run(venv / "bin" / "python", "-m", "pip", "install", "-q", wheel)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    where = run(venv / "bin" / "python", "-c",
                "import importlib.util as u, grader, checks.cases as c; "
                "print(grader.__file__, c.has_hidden_cases(), u.find_spec('reference'))")
    assert where.returncode == 0, where.stderr
    module, has_hidden, reference = where.stdout.split()
    assert Path(module).is_relative_to(venv) and not Path(module).is_relative_to(REPO)
    assert (has_hidden, reference) == ("False", "None")

    wrong = shutil.copytree(GALLERY / "wrong_no_shuffle", tmp_path / "wrong")
    right = shutil.copytree(GALLERY / "correct_vectorized", tmp_path / "right")
    done = run(venv / "bin" / "grader", "check", wrong, "--public-only", "--tasks", "2,3",
               "--json", "-")
    assert done.returncode == 0, done.stderr
    server = grading.grade(wrong, grading.Options(tasks=(2, 3), public_only=True)).to_dict()
    assert _verdicts(json.loads(done.stdout)) == _verdicts(server)
    assert any(not c["passed"] for t in server["tasks"] for c in t["checks"])

    done = run(venv / "bin" / "grader", "check", right, "--tasks", "0")
    assert done.returncode == 0, done.stderr
    assert "public cases only" in done.stderr and "Score: 4.00 / 4.00" in done.stdout

    done = run(venv / "bin" / "python", "-m", "pytest", "-p", "no:cacheprovider",
               "--submission", right, "--submission-tasks", "0,3")
    assert done.returncode == 0 and "2 passed" in done.stdout, done.stdout + done.stderr
    assert "optimization-grader-kit" in done.stdout  # the kit's plugin, not this checkout's
    done = run(venv / "bin" / "python", "-m", "pytest", "-p", "no:cacheprovider",
               "--submission", wrong, "--submission-tasks", "3")
    assert done.returncode == 1 and "1 failed" in done.stdout, done.stdout + done.stderr
    failed = next(c for t in server["tasks"] for c in t["checks"] if not c["passed"])
    assert failed["message"].splitlines()[0].strip() in done.stdout
