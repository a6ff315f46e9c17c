"""PLACEHOLDER for another branch's revision 0003: empty, so that 0004 finds its parent when
issue-11's branch is tested alone.  The lead replaces this file with the real 0003 at merge.

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
