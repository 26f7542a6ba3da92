"""Hashed IP addresses kept briefly for abuse control (never the address itself)."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models.base import UTCDateTime, utcnow

IP_EVENT_ACTIONS = ("login", "register", "question", "reply", "flag")


class IpEvent(db.Model):
    """One action seen from an address: an HMAC of the address, the account, the time.

    Written by forum.platform.abuse; purged after IP_RETENTION_DAYS (`flask privacy purge`).
    """

    __tablename__ = "ip_events"
    __table_args__ = (
        Index("ix_ip_events_hash_created", "ip_hash", "created_at"),
        Index("ix_ip_events_user_created", "user_id", "created_at"),
        Index("ix_ip_events_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ip_hash: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
