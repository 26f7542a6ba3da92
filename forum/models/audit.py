"""The append-only, hash-chained audit trail and its checkpoints.

It lives in forum (not moderation) because account, policy and privacy actions are
audited too, and forum must not import moderation.
"""
from datetime import datetime
from enum import IntEnum

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import UTCDateTime, utcnow


class HashScheme(IntEnum):
    """How an entry's hash was made. Entries written before the chain was keyed keep their
    plain SHA-256 (they verify as they are; the first keyed entry covers their tail hash);
    every later entry is an HMAC-SHA256 under the audit key, which is not in the database."""

    SHA256 = 1
    HMAC_SHA256 = 2


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_target", "target_kind", "target_id"),
        Index("ix_audit_entries_actor", "actor_id", "id"),
        Index("ix_audit_entries_action", "action", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Accounts are erased in place (never deleted), so the id keeps pointing at a row
    # that then reads "former member": the entry itself, and its hash, never change.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(60))
    target_kind: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[int | None] = mapped_column()
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # HashScheme; rows that existed before the column read 1 (the server default). No CHECK
    # constraint: adding one on SQLite rebuilds the table and drops its append-only triggers;
    # verify_audit_chain refuses any other value instead.
    hash_scheme: Mapped[int] = mapped_column(server_default=text("1"))

    actor = relationship("User")


class AuditCheckpoint(db.Model):
    """A signed note of the chain's head at one moment (`flask audit checkpoint`).

    The copy that matters is the one kept off this host (emailed, printed into a log
    elsewhere); this row lets `flask audit verify` check it here too. The signature (HMAC
    under the audit key) means a checkpoint row cannot be forged without the key.
    """

    __tablename__ = "audit_checkpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    entry_count: Mapped[int] = mapped_column(BigInteger)
    last_entry_id: Mapped[int | None] = mapped_column()
    head_hash: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(64))
