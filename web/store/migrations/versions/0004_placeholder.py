"""PLACEHOLDER for another branch's revision 0004 (the lead replaces this file at merge)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 06:30:00.000000

Empty: it only keeps issue 12's own revision 0005 in line while both are developed at once.
"""
from __future__ import annotations

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
