"""Questions, replies and answers carry the language they are written in (issue 19).

Everything written so far is English (the interface had no other language), so the
columns are added NOT NULL with 'en' for the existing rows, and a CHECK of the supported
languages. SQLite adds each column with its CHECK in one ALTER TABLE, so no table is
rebuilt (the search triggers on questions and answers and the foreign keys stay as they
are); PostgreSQL adds the column, then the named constraint.

Revision ID: 8b3e5d1f7a24
Revises: 6a1f0c3e9d52
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


revision = '8b3e5d1f7a24'
down_revision = '6a1f0c3e9d52'
branch_labels = None
depends_on = None

TABLES = ("questions", "replies", "answers")
CHECK = "language IN ('en', 'es')"


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in TABLES:
        if sqlite:
            op.execute(f"ALTER TABLE {table} ADD COLUMN language VARCHAR(8) DEFAULT 'en' NOT NULL "
                       f"CONSTRAINT ck_{table}_language CHECK ({CHECK})")
        else:
            op.add_column(table, sa.Column("language", sa.String(length=8), server_default="en", nullable=False))
            op.create_check_constraint(op.f(f"ck_{table}_language"), table, CHECK)


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in TABLES:
        if sqlite:
            op.execute(f"ALTER TABLE {table} DROP COLUMN language")
        else:
            op.drop_constraint(op.f(f"ck_{table}_language"), table, type_="check")
            op.drop_column(table, "language")
