"""Policy administration: who accepted which version of each document, and staff
publishing a new version (forum.services.policies.publish_policy)."""
from sqlalchemy import and_, func, or_, select

from forum.extensions import db
from forum.models import PolicyAcceptance, PolicyVersion, User
from forum.models.accounts import ROLES
from forum.permissions import PermissionDenied, is_staff
from forum.services.policies import publish_policy


def publish_policy_version(actor, *, kind: str, summary: str, body_md: str) -> PolicyVersion:
    """Staff publish a new version of a policy; every role that needs it must accept it
    again. Audit "policy.publish" (by publish_policy). Raises PermissionDenied, DomainError."""
    if not is_staff(actor):
        raise PermissionDenied()
    return publish_policy(actor, kind, summary=summary or "", body_md=body_md or "")


def policy_versions() -> list[PolicyVersion]:
    return list(db.session.scalars(select(PolicyVersion).order_by(PolicyVersion.kind, PolicyVersion.version.desc())))


def acceptance_counts(actor) -> list[dict]:
    """Acceptances per document version and role: one row per version, with a count per
    role (zeros included), newest version of each document first. Staff only."""
    if not is_staff(actor):
        raise PermissionDenied()
    counts = {}
    for version_id, role, count in db.session.execute(
            select(PolicyAcceptance.policy_version_id, User.role, func.count())
            .join(User, User.id == PolicyAcceptance.user_id)
            .group_by(PolicyAcceptance.policy_version_id, User.role)):
        counts[(version_id, role)] = count
    return [{"version": version, **{role: counts.get((version.id, role), 0) for role in ROLES},
             "total": sum(counts.get((version.id, role), 0) for role in ROLES)}
            for version in policy_versions()]


def acceptance_page(actor, *, version_id: int | None = None, after: tuple[int, int] | None = None,
                    limit: int = 20) -> tuple[list[tuple], bool]:
    """Who accepted what: (acceptance, user, version) rows, newest version first then by
    user id, optionally for one version; keyset on (policy_version_id, user_id). Staff only."""
    if not is_staff(actor):
        raise PermissionDenied()
    statement = (select(PolicyAcceptance, User, PolicyVersion)
                 .join(User, User.id == PolicyAcceptance.user_id)
                 .join(PolicyVersion, PolicyVersion.id == PolicyAcceptance.policy_version_id)
                 .order_by(PolicyAcceptance.policy_version_id.desc(), PolicyAcceptance.user_id)
                 .limit(limit + 1))
    if version_id is not None:
        statement = statement.where(PolicyAcceptance.policy_version_id == version_id)
    if after is not None:
        last_version, last_user = after
        statement = statement.where(or_(PolicyAcceptance.policy_version_id < last_version,
                                        and_(PolicyAcceptance.policy_version_id == last_version,
                                             PolicyAcceptance.user_id > last_user)))
    rows = [tuple(row) for row in db.session.execute(statement)]
    return rows[:limit], len(rows) > limit
