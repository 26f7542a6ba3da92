"""Redact token links from emails already sent: reset, confirmation and unsubscribe links
stayed working in outbox_emails.body_text. New mail is redacted when sent
(forum/platform/mail.redact_token_links); this does the same for rows sent or given up on
before that. Data only; downgrade cannot restore the links (nor should it).

Revision ID: e5a9c3d71b48
Revises: 8d3f5b7a1c22
Create Date: 2026-12-01

"""
import re

from alembic import op
import sqlalchemy as sa


revision = 'e5a9c3d71b48'
down_revision = '8d3f5b7a1c22'
branch_labels = None
depends_on = None

# The routes that take a <token> when this revision was written.
TOKEN_LINK = re.compile(r"https?://[^\s<>\"']*/(?:auth/reset|auth/verify|unsubscribe)/[^\s<>\"']+")
REDACTED_LINK = "[link removed after sending]"
outbox = sa.table("outbox_emails", sa.column("id", sa.Integer), sa.column("status", sa.String),
                  sa.column("body_text", sa.Text))


def upgrade():
    connection = op.get_bind()
    rows = connection.execute(sa.select(outbox.c.id, outbox.c.body_text)
                              .where(outbox.c.status.in_(("sent", "failed")))).all()
    for row_id, body in rows:
        redacted = TOKEN_LINK.sub(REDACTED_LINK, body or "")
        if redacted != body:
            connection.execute(outbox.update().where(outbox.c.id == row_id).values(body_text=redacted))


def downgrade():
    pass
