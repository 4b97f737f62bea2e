"""session epochs (logout ends every session of a user) and backing-off login locks

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 23:55:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('login_locks',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('locks', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_login_locks'))
    )
    with op.batch_alter_table('login_locks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_locks_locked_until'), ['locked_until'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_epoch', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_epoch')

    with op.batch_alter_table('login_locks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_locks_locked_until'))

    op.drop_table('login_locks')
