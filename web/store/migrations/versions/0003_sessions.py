"""session generations of users; submissions whose results a student saw

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 05:30:00.000000

Two plain ADD COLUMNs with server defaults, so existing rows get 0 and false: every session
cookie made before this revision holds no generation and is refused once (users sign in again),
and no earlier submission changes how it counts.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('session_generation', sa.Integer(), server_default='0',
                                     nullable=False))
    op.add_column('submissions', sa.Column('shown', sa.Boolean(), server_default=sa.false(),
                                           nullable=False))


def downgrade() -> None:
    # not batch mode: on SQLite it would copy and drop the tables, and dropping them deletes
    # the submissions' files and results through their foreign keys (as in 0002)
    op.execute("ALTER TABLE submissions DROP COLUMN shown")
    op.execute("ALTER TABLE users DROP COLUMN session_generation")
