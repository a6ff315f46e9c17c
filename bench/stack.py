"""The service on this machine for the benchmarks: redis-server, gunicorn, Celery workers, students over HTTP.

Everything listens on 127.0.0.1 only and lives in a temporary folder; ``Stack.stop()`` ends
every process it started.
"""
from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from tests.web.services import ROOT, free_port, wait_for  # the tests' own helpers

__all__ = ["ROOT", "Stack", "Student", "submission_files", "wait_for"]
PASSWORD = "a long bench password"


class Stack:
    """redis-server (append-only, so a restart keeps the queue), the web server and workers."""

    def __init__(self, folder: Path, sandbox: str, students: int):
        self.folder, self.instance = folder, folder / "instance"
        self.redis_port, self.web_port = free_port(), free_port()
        self.redis = None
        self.start_redis()
        self.environ = {**os.environ, "GRADER_INSTANCE": str(self.instance),
                        "GRADER_BROKER_URL": f"redis://127.0.0.1:{self.redis_port}/0",
                        "GRADER_SANDBOX": sandbox, "GRADER_SUBMISSIONS_PER_WINDOW": "0",
                        "GRADER_SECRET_KEY": uuid.uuid4().hex, "GRADER_VISIBILITY_SECONDS": "30"}
        self._grader("db", "upgrade")
        roster = folder / "roster.csv"
        roster.write_text("email\n" + "".join(f"s{n}@example.org\n" for n in range(students)))
        self._grader("user", "import", str(roster))
        self.students = [f"s{n}@example.org" for n in range(students)]
        self._set_passwords()
        self.web = self._spawn("web", [sys.executable, "-m", "gunicorn", "--bind",
                                       f"127.0.0.1:{self.web_port}", "--workers", "2",
                                       "web:create_app()"])
        self.base = f"http://127.0.0.1:{self.web_port}"
        wait_for(self._web_answers, 60, "the web server")
        self.workers: list[subprocess.Popen] = []

    def _grader(self, *args: str) -> None:
        subprocess.run([sys.executable, "-m", "grader.cli", *args], env=self.environ, cwd=ROOT,
                       check=True, capture_output=True)

    def _set_passwords(self) -> None:
        """One known password for every bench student (the roster's are random)."""
        from argon2 import PasswordHasher
        hashed = PasswordHasher().hash(PASSWORD)
        with sqlite3.connect(self.instance / "grader.sqlite") as connection:
            connection.execute("UPDATE users SET password_hash = ?", (hashed,))

    def _spawn(self, name: str, command: list[str]) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "ab")
        return subprocess.Popen(command, cwd=ROOT, env=self.environ, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)

    def _web_answers(self) -> bool:
        try:
            return urllib.request.urlopen(self.base + "/signin", timeout=5).status == 200
        except (urllib.error.URLError, ConnectionError):
            return False

    def start_redis(self) -> None:
        folder = self.folder / "redis"
        folder.mkdir(exist_ok=True)
        self.redis = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.redis_port), "--bind", "127.0.0.1",
             "--dir", str(folder), "--appendonly", "yes", "--appendfsync", "always", "--save", ""],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        import redis
        client = redis.Redis(port=self.redis_port)

        def answers():
            try:
                return client.ping()
            except redis.exceptions.RedisError:
                return False

        wait_for(answers, 30, "redis-server")

    def restart_redis(self) -> None:
        self.redis.terminate()
        self.redis.wait(30)
        self.start_redis()

    def start_worker(self) -> subprocess.Popen:
        number = len(self.workers)
        worker = self._spawn(f"worker{number}", [
            sys.executable, "-m", "celery", "-A", "web.make_celery", "worker", "--loglevel=INFO",
            "--concurrency=1", "--without-gossip", "--without-mingle", "-n", f"bench{number}@%h"])
        self.workers.append(worker)
        log = self.folder / f"worker{number}.log"
        wait_for(lambda: b" ready." in log.read_bytes(), 120, "a worker")
        return worker

    def kill(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)

    def rows(self) -> list[sqlite3.Row]:
        with sqlite3.connect(self.instance / "grader.sqlite") as connection:
            connection.row_factory = sqlite3.Row
            return connection.execute(
                "SELECT s.id, s.status, s.score, s.max_score, s.attempts, s.created_at, "
                "s.finished_at, (SELECT count(*) FROM task_outcomes t WHERE t.submission_id = s.id)"
                " AS outcomes FROM submissions s ORDER BY s.id").fetchall()

    def stop(self) -> None:
        for process in self.workers + [self.web, self.redis]:
            if process is not None and process.poll() is None:
                process.terminate()  # the leader: it stops its own children (see web/serve.py)
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()


class Student:
    """A signed-in student over HTTP: the form's CSRF token, a multipart upload."""

    def __init__(self, base: str, email: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        body = urllib.parse.urlencode({"email": email, "password": PASSWORD,
                                       "csrf_token": self._token("/signin")}).encode()
        self.opener.open(urllib.request.Request(self.base + "/signin", data=body), timeout=30)

    def _token(self, path: str) -> str:
        page = self.opener.open(self.base + path, timeout=30).read().decode()
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def upload(self, files: dict[str, bytes]) -> int:
        """Upload files (relative path -> content) as the folder picker does; the submission's id."""
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
                 f'{self._token("/")}\r\n'.encode()]
        for name, data in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                         f'filename="{name}"\r\n\r\n'.encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(self.base + "/submissions", data=body, headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}"})
        with self.opener.open(request, timeout=60) as response:
            return int(response.geturl().rsplit("/", 1)[1])

    def state(self, number: int) -> dict:
        with self.opener.open(f"{self.base}/submissions/{number}.json", timeout=30) as response:
            return json.loads(response.read())


def submission_files(folder: Path) -> dict[str, bytes]:
    """A folder's files as the browser's folder picker sends them (paths under its name)."""
    return {f"{folder.name}/{path.name}": path.read_bytes()
            for path in sorted(folder.iterdir()) if path.is_file()}
