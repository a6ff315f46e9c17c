"""Alembic's environment: migrations run on the connection web/store/db.py hands over (no alembic.ini)."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from web.store.models import Base

config = context.config


def _run(connection) -> None:
    # batch mode lets later migrations alter SQLite tables (it copies them)
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:  # the alembic command line, for writing new migrations: -x url=sqlite:///...
    with create_engine(context.get_x_argument(as_dictionary=True)["url"]).begin() as connection:
        _run(connection)
