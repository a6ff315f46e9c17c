"""`grader serve`: the whole service from one command, used over HTTP as a browser would."""
from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import urllib.request
import uuid

import pytest

from tests.helpers import reference_files
from tests.web.services import NOT_YET, ROOT, free_port, wait_for

pytestmark = pytest.mark.redis


class Browser:
    """Cookies, CSRF tokens from the forms, multipart uploads: just enough of a browser."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        # generous: a busy machine (three times slower) still answers within these
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, body: bytes, content_type: str):
        request = urllib.request.Request(self.base + path, data=body,
                                         headers={"Content-Type": content_type})
        with self.opener.open(request, timeout=60) as response:
            return response.geturl(), response.read().decode()

    def token(self, path: str) -> str:
        return re.search(r'name="csrf_token" value="([^"]+)"', self.get(path)).group(1)

    def sign_in(self, email: str, password: str) -> str:
        body = urllib.parse.urlencode({"email": email, "password": password,
                                       "csrf_token": self.token("/signin")}).encode()
        return self.post("/signin", body, "application/x-www-form-urlencoded")[1]

    def upload(self, files: dict[str, str]) -> str:
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
                 f'{self.token("/")}\r\n'.encode()]
        for name, text in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                         f'filename="{name}"\r\nContent-Type: text/x-python\r\n\r\n'.encode()
                         + text.encode() + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.post("/submissions", body, f"multipart/form-data; boundary={boundary}")[0]


@pytest.mark.parametrize("broker, chosen", [("", "docker"),
                                            ("sqla+sqlite:///{instance}/broker.sqlite", "bwrap")],
                         ids=["own-redis-server-docker", "sqlite-queue-bwrap"])
def test_grader_serve_runs_the_whole_service(tmp_path, broker, chosen):
    """With no broker configured it starts a redis-server of its own; the SQLite queue is what
    it uses where none is installed.  With docker, as in production, a worker keeps a sandbox
    started ahead, which must not outlive it."""
    containers = _sandbox_containers()
    environ = {**os.environ, "GRADER_INSTANCE": str(tmp_path / "instance"),
               "GRADER_SANDBOX": chosen, "GRADER_SANDBOX_POOL": "1" if chosen == "docker" else "0",
               "GRADER_BROKER_URL": broker.format(instance=tmp_path / "instance")}
    grader = [sys.executable, "-m", "grader.cli"]
    subprocess.run(grader + ["user", "add", "ada@example.org", "--password-stdin"], env=environ,
                   input="a long password\n", text=True, check=True, cwd=ROOT, capture_output=True)
    port = free_port()
    log = open(tmp_path / "serve.log", "wb")
    server = subprocess.Popen(grader + ["serve", "--port", str(port)], env=environ, cwd=ROOT,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        browser = Browser(f"http://127.0.0.1:{port}")

        def answers():
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            return browser.get("/signin")

        wait_for(answers, 180, "grader serve to answer", every=0.5, not_yet=NOT_YET)
        assert "ada@example.org" in browser.sign_in("ada@example.org", "a long password")
        page = browser.upload({"optimization/0-norm_constants.py":
                               reference_files()["0-norm_constants.py"]})
        number = int(page.rsplit("/", 1)[1])

        def graded():
            state = json.loads(browser.get(f"/submissions/{number}.json"))
            return state if state["status"] in ("done", "fault") else None

        state = wait_for(graded, 300, "the submission to be graded", every=1, not_yet=NOT_YET)
        assert state["status"] == "done", (tmp_path / "serve.log").read_text()[-4000:]
        task0 = next(task for task in state["tasks"] if task["task"] == 0)
        assert all(c["passed"] for c in task0["checks"] if c["kind"] == "correctness")
        log_text = (tmp_path / "serve.log").read_text()
        assert f"sandbox: {chosen}" in log_text
        assert ("redis+socket://" if not broker else "sqla+sqlite://") in log_text
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(60)
        log.close()
    assert server.returncode == 0
    # the broker, the worker and the web server stopped with it
    leftover = subprocess.run(["pgrep", "-f", str(tmp_path / "instance")], capture_output=True, text=True)
    assert leftover.stdout == ""
    assert _sandbox_containers() <= containers


def _sandbox_containers() -> set[str]:
    """The sandbox containers whose owner (host:pid in their label) is gone: those a stopped
    grader left behind.  Other graders running on this engine at the same time (other test
    runs) own theirs, alive, and are not counted."""
    import socket

    from grader.sandbox import docker
    left = set()
    for container in docker.client().containers.list(all=True, filters={"label": docker.LABEL}):
        host, _, pid = container.labels.get(docker.LABEL, "").partition(":")
        if host == socket.gethostname() and pid.isdigit() and not os.path.exists(f"/proc/{pid}"):
            left.add(container.id)
    return left
