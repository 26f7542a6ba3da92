"""Notifications keep a reference to their question, not a copy of its title: strip the
title from messages written before, so a redacted or hidden title no longer lives on in
them. The page now adds the current title at read time for readers who may still see the
question. Data only; the titles are not restored on downgrade.

Revision ID: b7d2e6f0a913
Revises: e5a9c3d71b48
Create Date: 2026-12-01

"""
import re

from alembic import op
import sqlalchemy as sa


revision = 'b7d2e6f0a913'
down_revision = 'e5a9c3d71b48'
branch_labels = None
depends_on = None

# The message shapes that embedded a title, and what they say now.
REWRITES = [
    (re.compile(r"^Your question “.*” has been published\.$", re.S), "Your question has been published"),
    (re.compile(r"^A clinician has answered your question “.*”\.$", re.S), "A clinician has answered your question"),
    (re.compile(r"^Someone replied to your question “.*”\.$", re.S), "Someone replied to your question"),
    (re.compile(r"^A question you follow has been answered: “.*”\.$", re.S), "A question you follow has been answered"),
    (re.compile(r"^“.*”: (?P<line>[^“”]*)$", re.S), None),  # returned / rejected: keep the line
]
notifications = sa.table("notifications", sa.column("id", sa.Integer), sa.column("message", sa.Text))


def upgrade():
    connection = op.get_bind()
    for row_id, message in connection.execute(sa.select(notifications.c.id, notifications.c.message)).all():
        for pattern, replacement in REWRITES:
            match = pattern.match(message or "")
            if match:
                new = replacement if replacement is not None else match["line"]
                connection.execute(notifications.update().where(notifications.c.id == row_id).values(message=new))
                break


def downgrade():
    pass
