"""Hashed IP addresses for abuse control (ip_events), purged after IP_RETENTION_DAYS.

Revision ID: 99f1a422918c
Revises: 5e2a7c91d4b3
Create Date: 2026-11-27

"""
from alembic import op
import sqlalchemy as sa


revision = '99f1a422918c'
down_revision = '5e2a7c91d4b3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'ip_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ip_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=16), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_ip_events_user_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ip_events')),
    )
    with op.batch_alter_table('ip_events', schema=None) as batch_op:
        batch_op.create_index('ix_ip_events_hash_created', ['ip_hash', 'created_at'], unique=False)
        batch_op.create_index('ix_ip_events_user_created', ['user_id', 'created_at'], unique=False)
        batch_op.create_index('ix_ip_events_created', ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('ip_events', schema=None) as batch_op:
        batch_op.drop_index('ix_ip_events_created')
        batch_op.drop_index('ix_ip_events_user_created')
        batch_op.drop_index('ix_ip_events_hash_created')
    op.drop_table('ip_events')
