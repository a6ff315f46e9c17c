"""The worker's entry point: ``celery -A web.make_celery worker`` (the app built from GRADER_* settings)."""
from __future__ import annotations

from web import create_app

flask_app = create_app()
celery_app = flask_app.extensions["celery"]
