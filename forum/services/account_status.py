"""What the header and the posting forms need to know about the logged-in user, read in one
query per request: the unread notifications count and whether documents await acceptance."""
import functools
from dataclasses import dataclass

from flask import g
from sqlalchemy import and_, bindparam, func, select

from forum.extensions import db
from forum.models import Notification, PolicyAcceptance, PolicyVersion
from forum.models.policies import REQUIRED_POLICIES


@dataclass(frozen=True)
class AccountStatus:
    unread_notifications: int
    policies_behind: bool


@functools.cache
def _status_statement(kinds: tuple[str, ...]):
    """Built once per set of required policies, so each request only binds the user's id:
    SQLAlchemy then reuses the statement's cache key and compiled SQL."""
    user_id = bindparam("user_id")
    unread = (select(func.count(Notification.id))
              .where(Notification.user_id == user_id, Notification.read_at.is_(None)).scalar_subquery())
    latest = (select(PolicyVersion.kind, func.max(PolicyVersion.version).label("version"))
              .where(PolicyVersion.kind.in_(kinds)).group_by(PolicyVersion.kind).subquery())
    accepted = select(PolicyAcceptance.user_id).where(PolicyAcceptance.user_id == user_id,
                                                      PolicyAcceptance.policy_version_id == PolicyVersion.id)
    behind = (select(func.count(PolicyVersion.id))
              .join(latest, and_(PolicyVersion.kind == latest.c.kind, PolicyVersion.version == latest.c.version))
              .where(~accepted.exists()).scalar_subquery())
    return select(unread.label("unread"), behind.label("behind"))


def account_status(user) -> AccountStatus:
    """Read once per request (cached on flask.g) for the logged-in user; nothing for visitors."""
    if not (user and user.is_authenticated):
        return AccountStatus(0, False)
    cached = g.get("account_status")
    if cached is not None and cached[0] == user.id:
        return cached[1]
    row = db.session.execute(_status_statement(REQUIRED_POLICIES.get(user.role, ())), {"user_id": user.id}).one()
    status = AccountStatus(unread_notifications=row.unread or 0, policies_behind=bool(row.behind))
    g.account_status = (user.id, status)
    return status
