"""Keyed audit chain: a hash scheme per entry (existing entries stay plain SHA-256) and signed checkpoints.

Existing entries are not re-keyed: rewriting them would need the append-only triggers
dropped and would replace the very hashes that prove they were not changed. They get
hash_scheme 1 from the server default and verify as they always did; every new entry is
scheme 2 (HMAC-SHA256 under AUDIT_KEY), and its HMAC covers the previous entry's hash,
so the first keyed entry seals the older chain. Adding a column with a constant default
is ALTER TABLE ADD COLUMN on both SQLite and PostgreSQL (no table rebuild, no UPDATE),
so the append-only triggers stay in place.

Revision ID: 8d3f5b7a1c22
Revises: 4c1e8a2b9f60
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa


revision = '8d3f5b7a1c22'
down_revision = '4c1e8a2b9f60'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('audit_entries', sa.Column('hash_scheme', sa.Integer(), server_default=sa.text('1'), nullable=False))
    op.create_table('audit_checkpoints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('entry_count', sa.BigInteger(), nullable=False),
    sa.Column('last_entry_id', sa.Integer(), nullable=True),
    sa.Column('head_hash', sa.String(length=64), nullable=False),
    sa.Column('signature', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_checkpoints'))
    )


def downgrade():
    op.drop_table('audit_checkpoints')
    # SQLite 3.35+ drops a column in place; the triggers on audit_entries survive.
    op.drop_column('audit_entries', 'hash_scheme')
