"""The sandbox layer: choosing a backend, grader faults with a fix, the pool, the image's tag."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time

import pytest

from checks.tasks import TASKS
from grader import runner, sandbox
from grader.limits import Limits
from grader.sandbox import image
from grader.sandbox.pool import Pool
from tests.helpers import GALLERY

NO_ENGINE = {**os.environ, "DOCKER_HOST": "unix:///nonexistent/docker.sock", "GRADER_SANDBOX": ""}


def _grader(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grader.cli", *args], capture_output=True,
                          text=True, timeout=300, env=env)


def test_an_unknown_backend_is_refused_with_the_choices():
    with pytest.raises(sandbox.SandboxError, match="docker, bwrap, none"):
        sandbox.create("chroot")


def test_default_is_the_configured_one_else_docker_where_an_engine_answers(monkeypatch):
    monkeypatch.setenv("GRADER_SANDBOX", "none")
    assert sandbox.default_name() == "none"
    monkeypatch.setenv("GRADER_SANDBOX", "")
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    assert sandbox.default_name() == "bwrap"


def test_no_docker_engine_is_a_grader_fault_that_says_how_to_fix_it():
    done = _grader("check", str(GALLERY / "correct_vectorized"), "--tasks", "0",
                   "--sandbox", "docker", env=NO_ENGINE)
    assert done.returncode == 3, done.stderr
    assert "not your code's fault" in done.stderr and "no Docker engine answers" in done.stderr
    assert "--sandbox bwrap" in done.stderr and "Score" not in done.stdout


def test_a_missing_image_says_to_build_it(monkeypatch):
    monkeypatch.setattr(image, "tag", lambda: "optimization-grader-sandbox:does-not-exist")
    monkeypatch.setattr(image, "cache_dir", lambda: GALLERY / "no-such-cache")
    with pytest.raises(sandbox.SandboxError, match="grader sandbox build"):
        sandbox.create("docker")


def test_none_warns_that_it_is_no_security_boundary():
    done = _grader("check", str(GALLERY / "correct_vectorized"), "--tasks", "0", "--sandbox", "none")
    assert done.returncode == 0
    assert "no isolation" in done.stderr and "Score" in done.stdout


def test_the_image_tag_follows_the_harness_source(tmp_path, monkeypatch):
    before = image.tag()
    copy = tmp_path / "harness"
    shutil.copytree(image.HARNESS_SOURCE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(image, "HARNESS_SOURCE", copy)
    assert image.tag() == before
    with open(copy / "child.py", "a") as handle:
        handle.write("# changed\n")
    assert image.tag() != before


class _Counting(sandbox.Sandbox):
    """A stand-in backend that records each session it starts (a fake: it runs nothing)."""

    name = "counting"

    def __init__(self):
        super().__init__(Limits())
        self.started, self.closed = [], []

    def start(self, tensorflow):
        outer = self

        class Session:
            def readline(self, limit):
                return b'{"ready": true}\n'

            def close(self):
                outer.closed.append(self)

        session = Session()
        self.started.append((session, tensorflow))
        return session


def test_closing_the_pool_ends_a_sandbox_still_starting():
    """A worker shutting down while its pool starts a sandbox must not leave that one running."""
    backend, entered, release = _Counting(), threading.Event(), threading.Event()
    plain_start = backend.start

    def slow_start(tensorflow):
        entered.set()
        release.wait(5)
        return plain_start(tensorflow)

    backend.start = slow_start
    pool = Pool(backend, size=1)
    assert entered.wait(5)
    threading.Timer(0.3, release.set).start()  # the start ends while close() is under way
    pool.close()
    assert len(backend.started) == 1 and backend.closed == [backend.started[0][0]]


def test_the_pool_hands_each_started_sandbox_out_once_and_refills_after_use():
    backend = _Counting()
    pool = Pool(backend, size=1)
    pool.wait()
    first = pool.start(tensorflow=False)
    assert len(backend.started) == 1  # no new start while the submission is graded
    assert first.readline(100) == b'{"ready": true}\n'  # the ready line is kept for the runner
    first.close()
    pool.wait()
    second = pool.start(tensorflow=False)
    assert second is not first and second.session is backend.started[1][0]
    assert all(tf for _, tf in backend.started)  # pre-started with TensorFlow imported
    second.close()
    pool.wait()
    pool.close()
    assert backend.closed == [s for s, _ in backend.started]  # every one ended, none leaked
    assert len(backend.started) == 3


def test_a_pooled_real_sandbox_grades_correctly():
    limits = Limits()
    pool = Pool(sandbox.create("bwrap", limits))
    try:
        pool.wait()
        time.sleep(0.5)
        # bwrap dies with the thread that started it: the pool's starter must outlive it
        assert pool.ready[0].session.process.poll() is None, "the pooled sandbox died"
        source = (GALLERY / "correct_vectorized" / "4-moving_average.py").read_bytes()
        runs = runner.run(pool, {"4-moving_average.py": source}, [TASKS[4]], limits)
    finally:
        pool.close()
    assert runs[4].load == "ok" and runs[4].cases and all(
        outcome.status == "ok" for outcome in runs[4].cases.values())


def test_cgroups_of_dead_graders_are_swept_and_live_ones_kept():
    from grader.sandbox import cgroup
    assert cgroup.available(), "the test suite runs as root (the README's test command)"
    base = cgroup.ROOT if (cgroup.ROOT / "cgroup.controllers").exists() else cgroup.ROOT / "pids"
    dead = base / "grader-4194399-deadbeef"  # above pid_max: no such process can exist
    live = cgroup.Cgroup(pids=10, memory_bytes=1 << 30)
    dead.mkdir()
    try:
        assert str(dead) in cgroup.sweep()
        assert not dead.exists() and all(d.exists() for d in live.dirs)
    finally:
        live.remove()
        if dead.exists():
            dead.rmdir()


@pytest.mark.docker
def test_containers_of_dead_graders_are_swept_and_live_ones_kept():
    from grader.sandbox import docker as backend
    engine = backend.client()
    host = backend.owner().split(":")[0]
    made = {}
    for name, pid in (("dead", 4194399), ("live", os.getpid())):  # 4194399: above pid_max
        made[name] = engine.containers.create(image.tag(), ["true"], network_mode="none",
                                              labels={backend.LABEL: f"{host}:{pid}"})
    try:
        backend.DockerSandbox(Limits())  # a new docker sandbox sweeps as it starts
        left = {c.id for c in engine.containers.list(all=True, filters={"label": backend.LABEL})}
        assert made["dead"].id not in left and made["live"].id in left
    finally:
        for container in made.values():
            try:
                container.remove(force=True)
            except Exception:  # noqa: BLE001 - the swept one is gone already
                pass


def test_autograph_works_in_the_sandbox_as_on_the_student_s_machine():
    """AutoGraph (a tf.function with Python control flow on tensors) writes a file for each
    function it converts, where tempfile says: the task's own folder.  With the read-only
    /tmp the fork server had looked up, it could not, ran the function unconverted, and
    right code failed in the sandbox that passed on the student's machine."""
    limits = Limits()
    source = (GALLERY / "correct_vectorized" / "6-momentum.py").read_text() + """

@tf.function
def _checked(alpha):
    if alpha <= 0.0:  # a tensor in an if: only AutoGraph makes this work in a tf.function
        tf.print("alpha must be positive")
    return alpha


_right = create_momentum_op


def create_momentum_op(alpha, beta1):
    _checked(tf.constant(alpha))
    return _right(alpha, beta1)
"""
    runs = runner.run(sandbox.create("bwrap", limits), {"6-momentum.py": source.encode()},
                      [TASKS[6]], limits)
    assert runs[6].load == "ok" and runs[6].cases, runs[6].load_error
    assert all(outcome.status == "ok" for outcome in runs[6].cases.values()), runs[6].output
    assert "AutoGraph" not in runs[6].output + runs[6].hidden_output, runs[6].output
