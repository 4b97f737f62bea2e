"""a ticket's Web Push subscription (design §12): the phone page's browser hears its call

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 04:05:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


# Plain ADD/DROP COLUMN, not batch mode (see 0006): a rebuild of `tickets` fails with foreign keys on.


def upgrade() -> None:
    op.add_column('tickets', sa.Column('push_subscription', sa.JSON(none_as_null=True), nullable=True))


def downgrade() -> None:
    op.execute('ALTER TABLE tickets DROP COLUMN push_subscription')
