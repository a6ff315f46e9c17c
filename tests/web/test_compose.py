"""docker-compose.yml: a valid compose file, and the whole stack brought up on this machine.

The end-to-end test builds the offline images (`grader compose offline-build`: reloaded or
found up to date when nothing changed), brings web, two workers, Redis, PostgreSQL and the
sandbox up with Debian's docker-compose, and uses the portal over HTTP as a student would.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from grader import compose as offline
from grader.sandbox import image as sandbox_image
from grader.sandbox.docker import LABEL
from tests.web.services import NOT_YET, ROOT, free_port, wait_for
from tests.web.test_serve import Browser

GALLERY = ROOT / "tests" / "gallery"


def _docker_compose() -> str:
    found = shutil.which("docker-compose")
    assert found, "docker-compose is missing: scripts/test.sh installs it (apt-get install docker-compose)"
    return found


def test_the_compose_file_validates_and_workers_scale():
    compose = _docker_compose()
    environ = {"PATH": "/usr/bin:/bin", "GRADER_SECRET_KEY": "s" * 40, "POSTGRES_PASSWORD": "p"}
    done = subprocess.run([compose, "config"], cwd=ROOT, env=environ, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    config = done.stdout
    services = subprocess.run([compose, "config", "--services"], cwd=ROOT, env=environ,
                              capture_output=True, text=True, check=True).stdout.split()
    assert set(services) == {"web", "worker", "sandbox", "redis", "postgres"}
    assert "--appendonly" in config and "postgres-data:/var/lib/postgresql/data" in config
    assert "container_name" not in config  # `--scale worker=N` needs unnamed containers
    assert "postgresql+psycopg://grader:p@postgres/grader" in config
    assert "condition: service_healthy" in config and "service_completed_successfully" in config
    assert "GRADER_SECURE_COOKIES: '1'" in config  # the session cookie travels over HTTPS only


def test_the_compose_file_refuses_to_start_without_its_secrets():
    done = subprocess.run([_docker_compose(), "config"], cwd=ROOT, env={"PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True)
    assert done.returncode != 0 and "GRADER_SECRET_KEY" in done.stderr


def test_the_offline_override_names_the_images_the_build_command_makes():
    environ = {"PATH": "/usr/bin:/bin", "GRADER_SECRET_KEY": "s" * 40, "POSTGRES_PASSWORD": "p"}
    done = subprocess.run([_docker_compose(), "-f", "docker-compose.yml", "-f",
                           "docker-compose.offline.yml", "config"], cwd=ROOT, env=environ,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    config = done.stdout
    for name in (offline.SERVICE, offline.REDIS, offline.POSTGRES):
        assert f"image: {name}" in config
    assert "python:3.11-slim" not in config and "image: redis:" not in config
    assert config.count(f"BASE: {offline.BASE}") == 5  # web, worker, sandbox, redis, postgres
    assert f"- {sandbox_image.OFFLINE_BASE}" in config  # the sandbox image's base, offline too
    assert "--appendonly" in config  # the main file's settings are kept


class Stack:
    """One docker-compose project of both files, on a free port, with its own secrets."""

    def __init__(self, folder: Path):
        self.project, self.port = f"gradertest{uuid.uuid4().hex[:8]}", free_port()
        self.environ = {"PATH": "/usr/bin:/bin", "GRADER_SECRET_KEY": uuid.uuid4().hex * 2,
                        "POSTGRES_PASSWORD": uuid.uuid4().hex, "GRADER_PORT": str(self.port),
                        "GRADER_SECURE_COOKIES": "0"}  # plain HTTP on loopback: no TLS proxy
        self.command = [_docker_compose(), "-p", self.project, "-f", "docker-compose.yml",
                        "-f", "docker-compose.offline.yml"]
        self.log = folder / "compose.log"
        self.worker_hosts: set[str] = set()

    def run(self, *args: str, stdin: str | None = None, timeout: float = 300) -> str:
        start = time.monotonic()
        done = subprocess.run(self.command + list(args), cwd=ROOT, env=self.environ, input=stdin,
                              capture_output=True, text=True, timeout=timeout)
        with open(self.log, "a") as log:
            log.write(f"$ docker-compose {' '.join(args)}  ({time.monotonic() - start:.1f} s)\n"
                      f"{done.stdout}{done.stderr}\n")
        assert done.returncode == 0, f"docker-compose {' '.join(args)}:\n{done.stderr[-3000:]}"
        return done.stdout

    def up(self) -> Browser:
        self.run("up", "-d", "--scale", "worker=2")
        # a worker's hostname is its container's short id: its sandboxes are labelled with it
        workers = {cid[:12] for cid in self.run("ps", "-q", "worker").split()}
        assert len(workers) == 2, self.logs()
        self.worker_hosts |= workers
        browser = Browser(f"http://127.0.0.1:{self.port}")

        # a container still booting on a busy machine refuses, resets or times out: not yet
        wait_for(lambda: browser.get("/signin"), 300, "the web container to answer", every=1,
                 not_yet=NOT_YET)
        return browser

    def queue_length(self) -> int:
        """Messages waiting in the live queue in Redis (0 while Redis is still loading)."""
        done = subprocess.run(self.command + ["exec", "-T", "redis", "redis-cli", "llen", "live"],
                              cwd=ROOT, env=self.environ, capture_output=True, text=True)
        answer = done.stdout.strip()
        return int(answer) if done.returncode == 0 and answer.isdigit() else 0

    def logs(self) -> str:
        done = subprocess.run(self.command + ["logs", "--no-color", "--tail=60"], cwd=ROOT,
                              env=self.environ, capture_output=True, text=True)
        return done.stdout[-6000:]

    def sandboxes(self) -> list[str]:
        """The sandbox containers this stack's workers started (their label names the worker)."""
        listed = subprocess.run(["docker", "ps", "-a", "--filter", f"label={LABEL}", "--format",
                                 f'{{{{.ID}}}} {{{{.Label "{LABEL}"}}}}'],
                                env=self.environ, capture_output=True, text=True, check=True)
        rows = [line.split() for line in listed.stdout.splitlines()]
        return [cid for cid, owner in rows if owner.split(":")[0] in self.worker_hosts]

    def remove(self) -> None:
        self.run("down", "-v", "--remove-orphans", "--timeout", "20")
        # a worker killed outright cannot end its sandboxes: clear what this stack's left
        for cid in self.sandboxes():
            subprocess.run(["docker", "rm", "-f", cid], env=self.environ, capture_output=True)


def _upload(browser: Browser, folder: Path) -> int:
    files = {f"optimization/{path.name}": path.read_text() for path in sorted(folder.glob("*.py"))}
    return int(browser.upload(files).rsplit("/", 1)[1])


def _graded(browser: Browser, number: int, stack: Stack, seconds: float = 600) -> dict:
    def finished():
        state = json.loads(browser.get(f"/submissions/{number}.json"))
        return state if state["status"] in ("done", "fault") else None

    try:
        state = wait_for(finished, seconds, f"submission {number} to be graded", every=1,
                         not_yet=NOT_YET)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{stack.logs()}") from None
    assert state["status"] == "done", f"{state}\n{stack.logs()}"
    return state


def _add_user(stack: Stack, email: str, password: str, *role: str) -> None:
    stack.run("exec", "-T", "web", "grader", "user", "add", *role, email, "--password-stdin",
              stdin=password + "\n")


@pytest.mark.compose
def test_the_stack_comes_up_offline_grades_uploads_and_keeps_its_data(tmp_path):
    build = subprocess.run([sys.executable, "-m", "grader.cli", "compose", "offline-build"],
                           cwd=ROOT, capture_output=True, text=True, timeout=3600)
    assert build.returncode == 0, build.stderr[-4000:]
    stack = Stack(tmp_path)
    try:
        browser = stack.up()
        _add_user(stack, "prof@example.org", "an instructor's password", "--instructor")
        _add_user(stack, "ada@example.org", "a student's password")
        assert "ada@example.org" in browser.sign_in("ada@example.org", "a student's password")

        first = _upload(browser, GALLERY / "correct_vectorized")
        right = _graded(browser, first, stack)
        assert right["score"] == right["max_score"] == 60
        assert {t["task"]: t["score"] for t in right["tasks"] if t["task"] < 15} == \
            {task: 4.0 for task in range(15)}
        # graded by the workers' docker sandboxes (through the host's engine): they made some
        assert stack.sandboxes()

        # a queued submission survives a Redis restart (append-only file on its volume)
        # (in Redis itself: a starting worker would also queue again what the database holds)
        stack.run("stop", "worker")
        assert stack.sandboxes() == []  # a worker that stops ends its pre-started sandbox
        queued = _upload(browser, GALLERY / "wrong_no_shuffle")
        assert stack.queue_length() == 1
        stack.run("restart", "redis")
        assert wait_for(stack.queue_length, 90, "Redis to load its append-only file") == 1
        stack.run("start", "worker")
        wrong = _graded(browser, queued, stack)
        scores = {t["task"]: t["score"] for t in wrong["tasks"]}
        assert scores[2] == 4.0 and 0 < scores[3] < 4.0  # task 3 never shuffles

        # down and up again: accounts, submissions and results are in PostgreSQL's volume
        graded_by = set(stack.worker_hosts)
        stack.run("down", "--timeout", "20")
        browser = stack.up()
        assert "prof@example.org" in browser.sign_in("prof@example.org", "an instructor's password")
        for number, before in ((first, right), (queued, wrong)):
            kept = json.loads(browser.get(f"/submissions/{number}.json"))  # staff see any
            assert (kept["status"], kept["score"]) == ("done", before["score"])
            assert kept["worker"].split()[0] in graded_by  # a worker container of the first up
    finally:
        stack.remove()
    assert not stack.sandboxes()
