"""Hostile submissions, graded under each real sandbox: the fixtures, and the after-checks."""
from __future__ import annotations

import os
import secrets
import subprocess
from pathlib import Path

import pytest

from grader import grading, sandbox
from grader.limits import Limits
from grader.sandbox import cgroup
from grader.sandbox.docker import LABEL, owner
from tests.helpers import by_task, reference_files

REPO = Path(__file__).resolve().parents[2]
#: A secret in the grader's own environment: no submission may ever see it.
SECRET = "grader-secret-" + secrets.token_hex(8)
os.environ["GRADER_TEST_SECRET"] = SECRET
LIMITS = Limits(timeout_numpy=3.0, timeout_tf=60.0)
GOOD_4 = reference_files()["4-moving_average.py"]


@pytest.fixture(scope="session", params=["docker", "bwrap"])
def backend(request):
    """Each real sandbox; a missing one fails the run (the README's test command installs both)."""
    try:
        return sandbox.create(request.param, LIMITS)
    except sandbox.SandboxError as exc:
        pytest.fail(f"the {request.param} sandbox is not usable here: {exc}")


def pytest_collection_modifyitems(items):
    """Mark each test with its backend, so `-m docker` or `-m "not docker"` select them."""
    for item in items:
        backend = getattr(item, "callspec", None) and item.callspec.params.get("backend")
        if backend in ("docker", "bwrap"):
            item.add_marker(backend)


def _descendants() -> list[str]:
    """This test process's descendants still running a harness or the attack's sleeper
    (bwrap sandboxes are children of this process; other graders' sandboxes are not)."""
    children: dict[int, list[int]] = {}
    commands: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            commands[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError):
            continue
        parent = int(stat[stat.rindex(")") + 2:].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, stack = [], list(children.get(os.getpid(), []))
    while stack:
        pid = stack.pop()
        if "-m harness --workdir" in commands.get(pid, "") or "sleep 4242" in commands.get(pid, ""):
            found.append(f"{pid}: {commands[pid][:120]}")
        stack += children.get(pid, [])
    return found


def _leftovers(backend) -> list[str]:
    """What this process's sandboxes left: processes, containers, cgroups."""
    left = _descendants()
    if backend.name == "docker":
        mine = {"label": f"{LABEL}={owner()}"}
        left += [c.name for c in backend.engine.containers.list(all=True, filters=mine)]
    left += [str(p) for p in Path("/sys/fs/cgroup").glob(f"*/{cgroup.prefix()}*")]
    left += [str(p) for p in Path("/sys/fs/cgroup").glob(f"{cgroup.prefix()}*")]
    return left


@pytest.fixture
def attack(backend, write_submission):
    """attack({file: source}, tasks) -> task id -> TaskResult, graded in backend; afterwards
    nothing of the run may be left (processes, containers, cgroups)."""

    def run(files: dict, tasks=(0, 4), **limits):
        files = {"4-moving_average.py": GOOD_4, **files}
        options = grading.Options(tasks=tuple(tasks), sandbox=backend,
                                  limits=Limits(**{**LIMITS.__dict__, **limits}))
        results = by_task(grading.grade(write_submission(files), options))
        assert all(c.passed for c in results[4].checks if c.kind == "correctness"), \
            "a hostile task must not affect another: " + text_of(results[4])
        for _ in range(50):  # killed processes may take a moment to be reaped
            if not _leftovers(backend):
                break
            subprocess.run(["sleep", "0.1"])
        assert _leftovers(backend) == [], "the sandbox left something running"
        return results

    return run


def points(result) -> float:
    """The correctness points a task earned (style checks, if any, aside)."""
    return round(sum(c.score for c in result.checks if c.kind == "correctness"), 6)


def text_of(result) -> str:
    """Everything the student can see of a task: messages, checks, and captured output."""
    return "\n".join([result.message, result.output] + [c.message for c in result.checks])
