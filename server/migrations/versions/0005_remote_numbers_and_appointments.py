"""remote numbers and appointments (design §12): service settings, bookings, ticket slots

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 03:30:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.add_column(sa.Column('remote_enabled', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('remote_share', sa.Integer(), server_default='30', nullable=False))
        batch_op.add_column(sa.Column('notify_ahead', sa.Integer(), server_default='3', nullable=False))
        batch_op.add_column(sa.Column('appointments_enabled', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('slot_minutes', sa.Integer(), server_default='15', nullable=False))
        batch_op.add_column(sa.Column('slot_capacity', sa.Integer(), server_default='2', nullable=False))
        batch_op.add_column(sa.Column('booking_days', sa.Integer(), server_default='14', nullable=False))

    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('slot_start', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('phone', sa.String(length=20), nullable=True))

    # Roll-ups gain the ticket's channel (summary `by_channel`); they are derived data, so
    # the old ones, which have none, are dropped and rebuilt on the next report.
    op.execute(sa.text('DELETE FROM report_rollups'))
    op.execute(sa.text('DELETE FROM report_periods'))
    with op.batch_alter_table('report_rollups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=16), server_default='kiosk', nullable=False))

    op.create_table('appointments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('slot_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('slot_end', sa.DateTime(timezone=True), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('public_token', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('citizen_id_hmac', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_appointments_office_id_offices')),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_appointments_service_id_services')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_appointments_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointments')),
    sa.UniqueConstraint('office_id', 'code', name=op.f('uq_appointments_office_id_code')),
    sa.UniqueConstraint('public_token', name=op.f('uq_appointments_public_token'))
    )
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.create_index('ix_appointments_office_slot', ['office_id', 'slot_start'], unique=False)
        batch_op.create_index('ix_appointments_service_slot', ['service_id', 'slot_start'], unique=False)
        batch_op.create_index(batch_op.f('ix_appointments_citizen_id_hmac'), ['citizen_id_hmac'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appointments_citizen_id_hmac'))
        batch_op.drop_index('ix_appointments_service_slot')
        batch_op.drop_index('ix_appointments_office_slot')

    op.drop_table('appointments')

    # Without the channel the rows of one combination would repeat: rebuild them instead.
    op.execute(sa.text('DELETE FROM report_rollups'))
    op.execute(sa.text('DELETE FROM report_periods'))
    with op.batch_alter_table('report_rollups', schema=None) as batch_op:
        batch_op.drop_column('channel')

    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('phone')
        batch_op.drop_column('slot_start')

    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.drop_column('booking_days')
        batch_op.drop_column('slot_capacity')
        batch_op.drop_column('slot_minutes')
        batch_op.drop_column('appointments_enabled')
        batch_op.drop_column('notify_ahead')
        batch_op.drop_column('remote_share')
        batch_op.drop_column('remote_enabled')
