"""The Celery task, thin as Celery advises (the work is in web/worker/jobs.py); a sandbox pool per worker process."""
from __future__ import annotations

import logging

from celery import current_app as current_celery
from celery import shared_task
from celery.signals import worker_process_init, worker_process_shutdown, worker_ready
from flask import current_app

from grader.limits import Limits
from grader.sandbox import Sandbox
from grader.sandbox import create as create_sandbox
from grader.sandbox.pool import Pool
from web.store import db
from web.worker import jobs, queue

log = logging.getLogger(__name__)
_sandbox: Sandbox | None = None  # this worker process's, made on first use


def sandbox(config) -> Sandbox:
    """The configured sandbox; with SANDBOX_POOL, one started ahead (TensorFlow imported)."""
    global _sandbox
    if _sandbox is None:
        chosen = create_sandbox(config["SANDBOX"] or None, Limits())
        _sandbox = Pool(chosen) if config["SANDBOX_POOL"] else chosen
    return _sandbox


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def grade_submission(self, submission_id: int) -> str:
    config = current_app.config
    try:
        chosen = sandbox(config)
    except Exception as error:  # noqa: BLE001 - no sandbox here: a grader fault, graded later
        chosen = jobs.Unavailable(error)
    outcome = jobs.grade(db.session(), submission_id, self.request.id, chosen, config)
    log.info("submission %s: %s", submission_id, outcome)
    if outcome == "retry":
        raise self.retry(countdown=config["RETRY_SECONDS"], max_retries=None)
    return outcome


def _flask_app():
    return current_celery.flask_app


@worker_process_init.connect
def _start_sandbox(**_) -> None:
    """Start this process's sandbox now, so the first submission does not wait for it."""
    try:
        sandbox(_flask_app().config)
    except Exception:  # noqa: BLE001 - the task reports it as a grader fault
        log.exception("the sandbox cannot start in this worker")


@worker_process_shutdown.connect
def _stop_sandbox(**_) -> None:
    """End the pre-started sandbox: its container (or process) must not outlive the worker."""
    if isinstance(_sandbox, Pool):
        _sandbox.close()


@worker_ready.connect
def _requeue(**_) -> None:
    """Send again what waits in the database, in case the broker lost it (see queue.py)."""
    app = _flask_app()
    with app.app_context():
        sent = queue.requeue_waiting(db.session(), app.config["VISIBILITY_SECONDS"])
    if sent:
        log.info("queued again: submissions %s", sent)
