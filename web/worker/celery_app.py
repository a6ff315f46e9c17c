"""Celery inside the Flask app, as Flask's docs advise: tasks run in an app context, config from the app.

Two queues, so that regrades never delay a live submission.  The design: every worker serves
both, the live queue first (``-Q live,regrade``; a worker started without ``-Q`` takes the two
from ``task_queues`` in that order), and on Redis the transport's ``priority`` queue order makes
each fetch look at ``live`` before ``regrade`` (BRPOP on the lists in a fixed order, where the
default round robin would alternate).  With a prefetch of one and late acknowledgement a worker
holds only the message it grades, so a live upload waits at most for the gradings already
started: under two gradings' time with one worker, never behind a queued regrade.  Dedicated
regrade workers were the other choice; they were not taken because on a small machine
(``grader serve`` on two cores) they would sit idle most of the term while live submissions
queue, or, sized for a regrade of the class, take cores from the live ones.  The SQLite queue
of ``grader serve`` without redis-server has no such order: regrades still have their own
queue, but the two are served in turn.
"""
from __future__ import annotations

from celery import Celery, Task
from flask import Flask
from kombu import Queue

LIVE, REGRADE = "live", "regrade"  # queue names; the order is the order workers serve them


def celery_config(config) -> dict:
    """Celery's settings from the service's: tasks are acknowledged only once graded, and a
    worker lost mid-grade puts its task back, so nothing is lost (grading is idempotent)."""
    broker = config["BROKER_URL"] or "redis://localhost:6379/0"
    settings = {
        "broker_url": broker,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,  # a worker holds only the submission it grades
        "task_ignore_result": True,       # results live in the database, not in Celery
        "broker_connection_retry_on_startup": True,
        "task_queues": (Queue(LIVE), Queue(REGRADE)),
        "task_default_queue": LIVE,
    }
    if broker.startswith("redis"):  # redis://, rediss://, redis+socket://
        # an unacknowledged task is handed out again after the visibility timeout; look for
        # such tasks every 10 s (kombu's default sweep is about every 100 s)
        settings["broker_transport_options"] = {
            "visibility_timeout": config["VISIBILITY_SECONDS"], "unacked_restore_interval": 10,
            "unacked_restore_throttle": 1,
            "queue_order_strategy": "priority"}  # live before regrade, see the docstring
    return settings


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args: object, **kwargs: object) -> object:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object({**celery_config(app.config), **app.config.get("CELERY", {})})
    celery_app.flask_app = app  # for the worker's signal handlers (web/worker/tasks.py)
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app
