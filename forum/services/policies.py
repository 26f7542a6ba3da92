"""Versioned policies: publishing new versions and recording acceptance."""
from flask_babel import gettext as _
from sqlalchemy import and_, func, select

from forum.extensions import db
from forum.models import PolicyAcceptance, PolicyVersion
from forum.models.policies import POLICY_KINDS, REQUIRED_POLICIES
from forum.rendering import render_markdown
from forum.services import DomainError
from forum.services.audit import record_audit


def current_policy(kind: str) -> PolicyVersion | None:
    return db.session.scalar(PolicyVersion.current(kind))


def accept_current_policies(user, kinds) -> list[PolicyVersion]:
    """Record that `user` accepted the current version of each document (idempotent)."""
    accepted = []
    for kind in kinds:
        version = current_policy(kind)
        if version is None:
            continue
        exists = db.session.get(PolicyAcceptance, (user.id, version.id))
        if exists is None:
            db.session.add(PolicyAcceptance(user_id=user.id, policy_version_id=version.id))
        accepted.append(version)
    db.session.flush()
    return accepted


def missing_policies(user) -> list[PolicyVersion]:
    """Current versions of the user's required documents that they have not accepted.

    One query (it runs on every page with a posting form, and at each login)."""
    kinds = REQUIRED_POLICIES.get(user.role, ())
    if not kinds:
        return []
    latest = (select(PolicyVersion.kind, func.max(PolicyVersion.version).label("version"))
              .where(PolicyVersion.kind.in_(kinds)).group_by(PolicyVersion.kind).subquery())
    accepted = select(PolicyAcceptance.user_id).where(PolicyAcceptance.user_id == user.id,
                                                      PolicyAcceptance.policy_version_id == PolicyVersion.id)
    versions = db.session.scalars(
        select(PolicyVersion)
        .join(latest, and_(PolicyVersion.kind == latest.c.kind, PolicyVersion.version == latest.c.version))
        .where(~accepted.exists())
    ).all()
    return sorted(versions, key=lambda version: kinds.index(version.kind))


def require_current_policies(user) -> None:
    """Posting, answering and flagging need the current version of the user's documents.

    Raises DomainError naming the documents to accept (account.policies records acceptance).
    """
    missing = missing_policies(user)
    if missing:
        titles = _(" and ").join(version.title.lower() for version in missing)
        raise DomainError(_("Please read and accept the current %(documents)s before you post.", documents=titles))


def publish_policy(actor, kind: str, *, summary: str, body_md: str) -> PolicyVersion:
    """Staff publish a new version; every role that needs it must accept it again.

    Raises DomainError for an unknown kind or an empty summary/body.
    """
    if kind not in POLICY_KINDS:
        raise DomainError(_("Unknown policy document."))
    if not summary.strip() or not body_md.strip():
        raise DomainError(_("A new version needs a summary of changes and the text."))
    previous = current_policy(kind)
    version = PolicyVersion(
        kind=kind,
        version=(previous.version + 1) if previous else 1,
        summary=summary.strip(),
        body_md=body_md,
        body_html=render_markdown(body_md),
        published_by_id=actor.id if actor is not None else None,
    )
    db.session.add(version)
    db.session.flush()
    record_audit(actor, "policy.publish", "policy", version.id, to_status=f"{kind} v{version.version}")
    return version
