"""The service's settings, each declared once (default, type, help); the environment is read here only.

Every setting ``NAME`` is read from the environment variable ``GRADER_NAME`` (so ``SANDBOX`` is
the same ``GRADER_SANDBOX`` the ``grader`` command uses).  ``load`` gives the dict that becomes
the Flask app's config; docs/settings.md is generated from ``SETTINGS`` by ``markdown()`` and a
test keeps the two in step.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

PREFIX = "GRADER_"


class SettingsError(ValueError):
    """A setting's value cannot be used; the message names the variable and what it takes."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    type: type
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("INSTANCE", "instance", str,
            "Folder for the service's own files: the SQLite database, the secret key, the local "
            "broker's data. Relative paths are taken from the current folder."),
    Setting("DATABASE_URL", "sqlite:///{instance}/grader.sqlite", str,
            "SQLAlchemy URL of the database (`{instance}` is replaced by the instance folder). "
            "PostgreSQL: `postgresql+psycopg://user:password@host/db`."),
    Setting("AUTO_MIGRATE", True, bool,
            "Bring the database schema up to date when the service starts (else run "
            "`grader db upgrade`)."),
    Setting("SECRET_KEY", "", str,
            "Key signing the session cookies and CSRF tokens; empty: a random one kept in "
            "`{instance}/secret_key`. Every web process must share it."),
    Setting("BROKER_URL", "", str,
            "Celery broker, e.g. `redis://localhost:6379/0`. Empty: `grader serve` starts a "
            "redis-server of its own in the instance folder, or, where none is installed, keeps "
            "the queue in SQLite (`sqla+sqlite:///{instance}/broker.sqlite`)."),
    Setting("SANDBOX", "", str,
            "Where student code runs: `docker`, `bwrap` or `none` (no isolation). Empty: docker "
            "where a Docker engine answers, else bwrap."),
    Setting("SANDBOX_POOL", True, bool,
            "Keep one sandbox started ahead in each worker process, so TensorFlow's import is "
            "paid between submissions."),
    Setting("SUBMISSIONS_PER_WINDOW", 5, int,
            "Submissions a student may make in one rate-limit window (0: no limit), until an "
            "instructor sets the course's own on the course settings page (/review/settings)."),
    Setting("WINDOW_SECONDS", 3600, int,
            "Length of the rate-limit window, in seconds (a sliding window)."),
    Setting("UPLOAD_MAX_BYTES", 5 << 20, int,
            "Largest upload accepted (all files together, or the zip), in bytes."),
    Setting("UPLOAD_MAX_FILES", 200, int,
            "Most files one upload may hold (a folder upload counts every file in it)."),
    Setting("ZIP_MAX_RATIO", 100, int,
            "Largest compression ratio of a zip entry; more is refused as a zip bomb."),
    Setting("SIGNIN_FAILURES", 5, int,
            "Failed sign-ins allowed for one e-mail address from one client (IP address) in "
            "`SIGNIN_WINDOW_SECONDS`; then that client waits, and no other."),
    Setting("SIGNIN_ACCOUNT_FAILURES", 50, int,
            "Failed sign-ins allowed for one e-mail address from all clients together in "
            "`SIGNIN_WINDOW_SECONDS` (the slower backoff: only many clients together reach it)."),
    Setting("SIGNIN_CLIENT_FAILURES", 100, int,
            "Failed sign-ins allowed from one client (IP address) for any addresses in "
            "`SIGNIN_WINDOW_SECONDS`."),
    Setting("SIGNIN_WINDOW_SECONDS", 900, int,
            "Window over which failed sign-ins are counted, in seconds."),
    Setting("SECURE_COOKIES", False, bool,
            "The site is served over HTTPS (behind a proxy that ends TLS): the session cookie "
            "gets the `Secure` flag and responses `Strict-Transport-Security`. On in "
            "docker-compose.yml; over plain HTTP, browsers then drop the cookie and nobody can "
            "stay signed in."),
    Setting("GRADING_ATTEMPTS", 3, int,
            "Times a submission is graded before a grader fault is left for staff."),
    Setting("RETRY_SECONDS", 20, int,
            "Wait before grading again after a grader fault, in seconds."),
    Setting("VISIBILITY_SECONDS", 3600, int,
            "Redis broker: a task taken by a worker that died is handed out again after this "
            "long (longer than any grading)."),
)

BY_NAME = {setting.name: setting for setting in SETTINGS}
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def _convert(setting: Setting, text: str) -> object:
    variable = PREFIX + setting.name
    if setting.type is bool:
        word = text.strip().lower()
        if word in _TRUE | _FALSE:
            return word in _TRUE
        raise SettingsError(f"{variable}={text!r}: use 1 or 0 (true or false)")
    if setting.type is int:
        try:
            value = int(text.strip())
        except ValueError:
            raise SettingsError(f"{variable}={text!r}: a whole number is needed") from None
        if value < 0:
            raise SettingsError(f"{variable}={text!r}: must not be negative")
        return value
    return text.strip()


def _secret_key(instance: Path) -> str:
    """The instance's own random key, made once (0600) so restarts keep sessions valid."""
    path = instance / "secret_key"
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def load(environ: Mapping[str, str] = os.environ, overrides: Mapping[str, object] = {},
         make_folder: Callable[[Path], None] = lambda p: p.mkdir(parents=True, exist_ok=True)) -> dict:
    """Every setting's value: overrides first, then GRADER_* variables, then the default."""
    values = {}
    for setting in SETTINGS:
        if setting.name in overrides:
            values[setting.name] = overrides[setting.name]
        elif PREFIX + setting.name in environ:
            values[setting.name] = _convert(setting, environ[PREFIX + setting.name])
        else:
            values[setting.name] = setting.default
    unknown = set(overrides) - set(BY_NAME)
    if unknown:
        raise SettingsError(f"unknown settings {sorted(unknown)}; known: {sorted(BY_NAME)}")
    instance = Path(values["INSTANCE"]).absolute()
    make_folder(instance)
    values["INSTANCE"] = str(instance)
    for name in ("DATABASE_URL", "BROKER_URL"):
        values[name] = values[name].replace("{instance}", str(instance))
    values["SECRET_KEY"] = values["SECRET_KEY"] or _secret_key(instance)
    return values


def markdown() -> str:
    """docs/settings.md: the table of every setting."""
    lines = ["# Settings", "",
             "Generated from `web/settings.py` (`python -c \"from web.settings import markdown; "
             "print(markdown(), end='')\" > docs/settings.md`); a test keeps the two in step.",
             "Each setting is read from the environment variable in the first column.", "",
             "| variable | type | default | what it does |", "|---|---|---|---|"]
    for setting in SETTINGS:
        default = setting.default
        shown = f"`{int(default)}`" if setting.type is bool else f"`{default}`" if default != "" else "empty"
        lines.append(f"| `{PREFIX}{setting.name}` | {setting.type.__name__} | {shown} | {setting.help} |")
    return "\n".join(lines) + "\n"
