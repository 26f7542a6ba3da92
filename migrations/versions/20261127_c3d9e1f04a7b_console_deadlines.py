"""Staff console: a lead clinician per specialty, and when a review item's answer
deadline was last emailed to that lead (so `flask console deadlines` sends it once).

Both columns are nullable, so the old code keeps working during a rolling restart.

Revision ID: c3d9e1f04a7b
Revises: a05927a06e54
Create Date: 2026-11-27

"""
from alembic import op
import sqlalchemy as sa


revision = 'c3d9e1f04a7b'
down_revision = 'a05927a06e54'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('specialties', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lead_clinician_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_specialties_lead_clinician_id_users'), 'users',
                                    ['lead_clinician_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('review_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deadline_notified_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('review_items', schema=None) as batch_op:
        batch_op.drop_column('deadline_notified_at')
    with op.batch_alter_table('specialties', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_specialties_lead_clinician_id_users'), type_='foreignkey')
        batch_op.drop_column('lead_clinician_id')
