"""per-office notifier (design §12): which notifier tells citizens, its settings; reminders sent

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 03:45:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


# Plain ADD/DROP COLUMN, not batch mode: on SQLite a batch rebuild drops and recreates
# `offices`, which every other table references, and fails with foreign keys on.
# SQLite has had DROP COLUMN since 3.35 (2021).


def upgrade() -> None:
    op.add_column('offices', sa.Column('notifier_kind', sa.String(length=16), server_default='log', nullable=False))
    op.add_column('offices', sa.Column('notifier_settings', sa.JSON(), server_default='{}', nullable=False))
    op.add_column('appointments', sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.execute('ALTER TABLE appointments DROP COLUMN reminded_at')
    op.execute('ALTER TABLE offices DROP COLUMN notifier_settings')
    op.execute('ALTER TABLE offices DROP COLUMN notifier_kind')
