"""The web service: the upload portal, its accounts and the queue; ``create_app`` is the factory."""
from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from web import security, settings

csrf = CSRFProtect()
MULTIPART_SLACK = 1 << 20  # form fields and part headers around the files themselves


def create_app(test_config: dict | None = None) -> Flask:
    """The Flask app; test_config overrides settings (by their names) and Flask's own config."""
    from web import auth, errors, passwords
    from web.instructors import api, linecomments, review, roster, task15
    from web.store import db
    from web.students import portal
    from web.worker.celery_app import celery_init_app

    app = Flask(__name__)
    test_config = test_config or {}
    app.config.update(settings.load(overrides={key: value for key, value in test_config.items()
                                               if key in settings.BY_NAME}))
    app.config.update(MAX_CONTENT_LENGTH=app.config["UPLOAD_MAX_BYTES"] + MULTIPART_SLACK,
                      SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      WTF_CSRF_TIME_LIMIT=None)  # the token lives as long as the session
    app.config.update({key: value for key, value in test_config.items()
                       if key not in settings.BY_NAME})
    security.init_app(app)  # before the blueprints: their routes take its bounded <int:...>
    csrf.init_app(app)  # every POST, PUT, PATCH and DELETE needs the session's token
    db.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(portal.bp)
    app.register_blueprint(roster.bp)
    app.register_blueprint(passwords.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(task15.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(linecomments.bp)
    errors.init_app(app)  # every error page in the site's layout (web/errors.py)
    celery_init_app(app)
    from web.worker import tasks  # noqa: F401 - registers the task with this Celery app
    return app
