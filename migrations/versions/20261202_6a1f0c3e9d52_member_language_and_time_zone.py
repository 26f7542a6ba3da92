"""Members choose their language and time zone (forum/platform/i18n.py).

Both columns start NULL for everyone: the browser's language and DEFAULT_TIMEZONE apply
until a member sets their own. The language has a CHECK of the supported languages, as
every enum column does. SQLite adds a column with its CHECK in one ALTER TABLE (no table
rebuild, so the foreign keys pointing at users are left alone); PostgreSQL adds the
column, then the named constraint.

Revision ID: 6a1f0c3e9d52
Revises: 06f7a2e2605f
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


revision = '6a1f0c3e9d52'
down_revision = '06f7a2e2605f'
branch_labels = None
depends_on = None

LANGUAGES = ("en", "es")
CHECK = f"language IN ({', '.join(repr(value) for value in LANGUAGES)})"


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE users ADD COLUMN language VARCHAR(8) CONSTRAINT ck_users_language CHECK ({CHECK})")
    else:
        op.add_column("users", sa.Column("language", sa.String(length=8), nullable=True))
        op.create_check_constraint(op.f("ck_users_language"), "users", CHECK)
    op.add_column("users", sa.Column("time_zone", sa.String(length=64), nullable=True))


def downgrade():
    # In place on SQLite too (3.35+ drops a column with its own CHECK): a batch rebuild of
    # users would cascade-delete the rows that point at it.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE users DROP COLUMN time_zone")
        op.execute("ALTER TABLE users DROP COLUMN language")
    else:
        op.drop_constraint(op.f("ck_users_language"), "users", type_="check")
        op.drop_column("users", "time_zone")
        op.drop_column("users", "language")
