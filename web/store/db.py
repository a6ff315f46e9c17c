"""The database: an engine per URL, one session per request or task, and migrations to the newest schema."""
from __future__ import annotations

import contextlib
import fcntl
from pathlib import Path

from alembic import command
from alembic.config import Config
from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str) -> Engine:
    """An engine for url; SQLite gets foreign keys, WAL (readers never wait for the worker's
    writes) and a busy timeout, since the web process and the workers write to one file."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(connection, _record) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    return engine


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@contextlib.contextmanager
def _migration_lock(engine: Engine):
    """One migrating process at a time (web and workers may start together): a lock file next
    to a SQLite database, a transaction-scoped advisory lock on PostgreSQL."""
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        lock_path = Path(f"{database}.migrate-lock") if database and database != ":memory:" else None
        with contextlib.ExitStack() as stack:
            if lock_path:
                handle = stack.enter_context(open(lock_path, "w"))
                fcntl.flock(handle, fcntl.LOCK_EX)
            with engine.begin() as connection:
                yield connection
        return
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(7215001)"))
        yield connection


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to revision (the newest by default); safe to run at every start."""
    config = _alembic_config()
    with _migration_lock(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        from alembic.migration import MigrationContext
        return MigrationContext.configure(connection).get_current_revision()


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    if app.config["AUTO_MIGRATE"]:
        upgrade(engine)
    app.extensions["db"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def session() -> Session:
    """The session of the current request or task, opened on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["db"]()
    return g.db_session


def _close_session(_error=None) -> None:
    opened = g.pop("db_session", None)
    if opened is not None:
        opened.close()
