"""`grader serve`: the whole service on one machine (broker, worker, web server), started and stopped as one.

Embedded defaults: the SQLite database under the instance folder; as broker, a redis-server
of its own (a unix socket in the instance folder, append-only persistence) when one is
installed, else a queue kept in a second SQLite file (kombu's SQLAlchemy transport: no extra
package, but a worker killed mid-grade is picked up only when a worker next starts); the
configured sandbox (docker where an engine answers, else bwrap), checked before anything starts.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from grader import sandbox as sandboxes
from web import settings
from web.store import db
from web.worker.celery_app import LIVE, REGRADE


def _say(text: str) -> None:
    print(f"grader serve: {text}", file=sys.stderr, flush=True)


def _start_redis(instance: Path) -> tuple[subprocess.Popen, str]:
    folder = instance / "redis"
    folder.mkdir(exist_ok=True)
    socket_path = folder / "redis.sock"
    process = subprocess.Popen(
        [shutil.which("redis-server"), "--port", "0", "--unixsocket", str(socket_path),
         "--unixsocketperm", "700", "--dir", str(folder), "--appendonly", "yes", "--save", "",
         "--logfile", str(folder / "redis.log")], start_new_session=True)
    for _ in range(100):
        if socket_path.exists():
            return process, f"redis+socket://{socket_path}"
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"redis-server did not start; see {folder / 'redis.log'}")


def _broker(config: dict, children: list) -> str:
    if config["BROKER_URL"]:
        return config["BROKER_URL"]
    instance = Path(config["INSTANCE"])
    if shutil.which("redis-server"):
        process, url = _start_redis(instance)
        children.append(("redis-server", process))
        return url
    _say("no redis-server installed: the queue is kept in SQLite (apt-get install redis-server "
         "for the production broker)")
    return f"sqla+sqlite:///{instance}/broker.sqlite"


def _children(host: str, port: int, workers: int, environ: dict) -> list:
    python = sys.executable
    return [
        ("worker", subprocess.Popen(
            # both queues, the live one first: regrades only when no live submission waits
            # (the design is in web/worker/celery_app.py)
            [python, "-m", "celery", "-A", "web.make_celery", "worker", "--loglevel=INFO",
             f"--concurrency={workers}", "--without-gossip", "--without-mingle",
             "-Q", f"{LIVE},{REGRADE}"],
            env=environ, start_new_session=True)),
        ("web", subprocess.Popen(
            [python, "-m", "gunicorn", "--bind", f"{host}:{port}", "--workers", "2",
             "--access-logfile", "-", "web:create_app()"], env=environ, start_new_session=True)),
    ]


def _stop(children: list) -> None:
    for _, process in reversed(children):  # the web and worker first, the broker last
        if process.poll() is None:
            # the leader only: a Celery worker then shuts its pool processes down itself,
            # and they end their pre-started sandboxes (SIGTERM to each would just kill them)
            process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def serve(host: str, port: int, workers: int) -> int:
    config = settings.load()
    db.upgrade(db.make_engine(config["DATABASE_URL"]))
    _say("sandbox: " + sandboxes.check(config["SANDBOX"] or None))
    children: list = []
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        environ = {**os.environ, "GRADER_BROKER_URL": _broker(config, children),
                   "GRADER_INSTANCE": config["INSTANCE"], "GRADER_SECRET_KEY": config["SECRET_KEY"],
                   "GRADER_AUTO_MIGRATE": "0"}
        children += _children(host, port, workers, environ)
        _say(f"serving on http://{host}:{port}/ (database {config['DATABASE_URL']}); Ctrl-C stops")
        while not stopping and all(process.poll() is None for _, process in children):
            time.sleep(0.5)
        ended = [name for name, process in children if process.poll() is not None]
        if ended:
            _say(f"{', '.join(ended)} stopped; stopping the rest")
        return 1 if ended else 0
    except KeyboardInterrupt:
        return 0
    finally:
        _stop(children)
