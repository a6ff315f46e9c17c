"""accounts that can be deactivated

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 06:30:00.000000

A plain ADD COLUMN with a server default, so every existing account stays active.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('active', sa.Boolean(), server_default=sa.true(),
                                     nullable=False))


def downgrade() -> None:
    # not batch mode, as in 0003: on SQLite a table copy would drop rows through foreign keys
    op.execute("ALTER TABLE users DROP COLUMN active")
