"""Real services for the tests: a redis-server, Celery worker processes, PostgreSQL, the web app over HTTP."""
from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sign_in_page(page, base: str, email: str, password: str, then: str | None = "/") -> None:
    """Signs in with the sign-in form in a browser page, as a user does, and waits for the
    page it leads to (then; None: no wait)."""
    page.goto(base + "/signin")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    if then is not None:
        page.wait_for_url(base + then)


#: What a probe of a server that is still starting (or busy) can raise: refused, reset, timed out
#: (socket's TimeoutError), an HTTP error page or an answer cut short.  Each means "not yet".
NOT_YET = (OSError, http.client.HTTPException)


def wait_for(condition, seconds: float, what: str, every: float = 0.1, not_yet: tuple = ()):
    """condition()'s first true value, polled every `every` seconds for up to `seconds`.

    An exception in not_yet counts as a false answer (the last one is shown if time runs
    out); any other propagates.  Deadlines are meant for a machine three times slower than
    usual: only the slowest runs get near them."""
    deadline, last = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        try:
            value = condition()
        except not_yet as exc:
            value, last = None, exc
        if value:
            return value
        time.sleep(every)
    cause = f" (last probe: {last!r})" if last else ""
    raise AssertionError(f"gave up after {seconds:g} s waiting for {what}{cause}")


class RedisServer:
    """redis-server on 127.0.0.1 and a free port, with its files under folder."""

    def __init__(self, folder: Path, appendonly: bool = False):
        binary = shutil.which("redis-server")
        assert binary, "redis-server is missing: scripts/test.sh installs it (apt-get install redis-server)"
        self.port, self.folder = free_port(), folder
        folder.mkdir(parents=True, exist_ok=True)
        self.command = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(folder),
                        "--save", "", "--appendonly", "yes" if appendonly else "no",
                        "--protected-mode", "yes"]
        self.process = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import redis
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port)

        # redis' ConnectionError and TimeoutError (a server still loading, a busy machine)
        wait_for(client.ping, 60, "redis-server to answer", not_yet=(redis.RedisError, OSError))
        self.client = client

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(20)


class Worker:
    """`celery -A web.make_celery worker` in its own process group, configured by GRADER_* variables."""

    def __init__(self, log: Path, environ: dict[str, str], concurrency: int = 1,
                 app: str = "web.make_celery"):
        self.log = log
        env = {**os.environ, **environ, "PYTHONUNBUFFERED": "1"}
        command = [sys.executable, "-m", "celery", "-A", app, "worker",
                   "--loglevel=INFO", f"--concurrency={concurrency}", "--without-gossip",
                   "--without-mingle", "--without-heartbeat", "-n", f"test-{log.stem}@%h"]
        self.handle = open(log, "ab")
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.handle,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(lambda: b" ready." in log.read_bytes() or self.process.poll() is not None, 180,
                 "the Celery worker to be ready")
        assert self.process.poll() is None, f"the worker stopped:\n{self.text()[-3000:]}"

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the whole worker (its pool processes included): what a crashed machine does."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(20)
        self.handle.close()


class PostgresServer:
    """A PostgreSQL cluster of its own (Debian's binaries), on 127.0.0.1 and a free port.

    PostgreSQL refuses to run as root, so as root the cluster belongs to the postgres user."""

    def __init__(self):
        import glob
        import tempfile
        versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
        assert versions, "PostgreSQL is missing: scripts/test.sh installs it (apt-get install postgresql)"
        self.bin = Path(versions[-1])
        self.folder = Path(tempfile.mkdtemp(prefix="grader-pg-"))
        self.folder.chmod(0o755)
        self.data, self.port = self.folder / "data", free_port()
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_owner:
            shutil.chown(self.folder, "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "grader", "--no-sync")
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-o", options,
                  "-w", "start")
        self.count = 0

    def _run(self, program: str, *args: str) -> None:
        subprocess.run(self.as_owner + [str(self.bin / program), *args], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)

    def new_database(self) -> str:
        """A fresh, empty database's SQLAlchemy URL."""
        self.count += 1
        name = f"grader{self.count}"
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "grader", name)
        return f"postgresql+psycopg://grader@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


class AppServer:
    """A Flask app served over real HTTP on 127.0.0.1 and a free port, from a thread (werkzeug's
    threaded server): for a browser, where no worker is needed."""

    def __init__(self, app):
        import threading

        from werkzeug.serving import make_server
        self.port = free_port()
        self.server = make_server("127.0.0.1", self.port, app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(20)


class GraderServe:
    """`grader serve` on a free port in its own process group (its own broker, a worker, the
    web server), with the accounts given ({email: (password, role)}) added first."""

    def __init__(self, folder: Path, accounts: dict[str, tuple[str, str]], sandbox: str = "bwrap"):
        self.folder = folder
        self.environ = {**os.environ, "GRADER_INSTANCE": str(folder / "instance"),
                        "GRADER_SANDBOX": sandbox, "GRADER_SANDBOX_POOL": "0",
                        "GRADER_BROKER_URL": ""}
        grader = [sys.executable, "-m", "grader.cli"]
        for email, (password, role) in accounts.items():
            flags = ["--instructor"] if role == "instructor" else []
            subprocess.run(grader + ["user", "add", *flags, email, "--password-stdin"],
                           env=self.environ, cwd=ROOT, input=password + "\n", text=True,
                           check=True, capture_output=True)
        self.port = free_port()
        self.log = open(folder / "serve.log", "wb")
        self.process = subprocess.Popen(grader + ["serve", "--port", str(self.port)],
                                        env=self.environ, cwd=ROOT, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(self._answers, 180, "grader serve", every=0.5)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _answers(self) -> bool:
        import urllib.error
        import urllib.request
        try:
            return urllib.request.urlopen(self.url + "/signin", timeout=5).status == 200
        except (urllib.error.URLError, OSError):  # refused, reset, or slow while starting
            assert self.process.poll() is None, (self.folder / "serve.log").read_text()
            return False

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(60)
        self.log.close()
