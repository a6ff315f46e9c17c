"""task 15's rubric and saved comments, and when results are released to students

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 08:30:00.000000

course_settings.release ('at_once' for every existing course: students keep seeing what they
saw), course_settings.rubric and saved_comments (NULL: the default rubric, no saved comment),
manual_grades.rubric (NULL: a grade given as a plain score, as every existing one was).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch: SQLite adds a CHECK constraint only by copying the table; nothing refers to this one
    with op.batch_alter_table('course_settings') as batch:
        batch.add_column(sa.Column('release', sa.String(length=20), server_default='at_once',
                                   nullable=False))
        batch.add_column(sa.Column('rubric', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('saved_comments', sa.JSON(), nullable=True))
        batch.create_check_constraint('ck_course_release',
                                      "release IN ('at_once', 'after_deadline')")
    op.add_column('manual_grades', sa.Column('rubric', sa.JSON(), nullable=True))


def downgrade() -> None:
    # not batch mode for manual_grades, as in 0005: a table copy would go through its foreign keys
    op.execute("ALTER TABLE manual_grades DROP COLUMN rubric")
    with op.batch_alter_table('course_settings') as batch:
        batch.drop_constraint('ck_course_release', type_='check')
        batch.drop_column('saved_comments')
        batch.drop_column('rubric')
        batch.drop_column('release')
