"""Login hardening: the last accepted TOTP step (no replay) and when the last failed login was (decay).

Revision ID: 4c1e8a2b9f60
Revises: 4c1e8a2f9b37
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa


revision = '4c1e8a2b9f60'
down_revision = '4c1e8a2f9b37'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_failed_login_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('totp_last_step', sa.BigInteger(), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('last_failed_login_at')
