"""students' pages: where each stored file came from, and the plots drawn when grading

Revision ID: 0004
Revises: 0003

submission_files.taken_from (nullable: files stored before it were all uploaded with their
submission) names the earlier submission a file was completed from; submission_plots holds
the PNG plots of the public cases (grader/plots.py) with their alt text.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('submission_files') as batch:  # SQLite cannot add a foreign key in place
        batch.add_column(sa.Column('taken_from', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_submission_files_taken_from', 'submissions',
                                 ['taken_from'], ['id'], ondelete='SET NULL')
    op.create_table('submission_plots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('task', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('alt', sa.Text(), nullable=False),
    sa.Column('png', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('submission_id', 'name', name='uq_submission_plots_name')
    )


def downgrade() -> None:
    op.drop_table('submission_plots')
    with op.batch_alter_table('submission_files') as batch:
        batch.drop_constraint('fk_submission_files_taken_from', type_='foreignkey')
        batch.drop_column('taken_from')
