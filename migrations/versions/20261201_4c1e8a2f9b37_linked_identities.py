"""Single sign-on: linked_identities, an account's (issuer, subject) at the OpenID provider.

A new table only, so the old code keeps working during a rolling restart.

Revision ID: 4c1e8a2f9b37
Revises: 7b2e4c9d1a55
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa


revision = '4c1e8a2f9b37'
down_revision = '7b2e4c9d1a55'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'linked_identities',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('issuer', sa.String(length=255), nullable=False),
        sa.Column('subject', sa.String(length=255), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_linked_identities_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_linked_identities')),
        sa.UniqueConstraint('issuer', 'subject', name=op.f('uq_linked_identities_issuer')),
        sa.UniqueConstraint('user_id', name=op.f('uq_linked_identities_user_id')),
    )


def downgrade():
    op.drop_table('linked_identities')
