"""A member's own data: downloading it, deleting the account, purging hashed IPs, and
recording when moderators open content that is not public."""
from flask_babel import gettext as _
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import selectinload

from forum import signals
from forum.extensions import db
from forum.models import (Answer, Flag, IpEvent, Notification, OutboxEmail, PolicyAcceptance, Question,
                          QuestionTopic, RecoveryCode, Reply, Topic, User)
from forum.models.base import utcnow
from forum.models.enums import AccountStatus, QuestionStatus, ReplyStatus, Role
from forum.permissions import PermissionDenied, is_moderator
from forum.services import DomainError
from forum.services.audit import record_audit
from forum.services.listing import counted_as_answered

DELETE_MODES = ("keep", "delete")


def _own_account(actor, user: User) -> None:
    if not (actor and actor.is_authenticated and actor.id == user.id and user.status != AccountStatus.DELETED):
        raise PermissionDenied()


def _when(value):
    return value.isoformat() if value is not None else None


def export_user_data(actor, user: User) -> dict:
    """Everything Rounds holds about `user`, as JSON-ready data. Only the user themself.

    Raises PermissionDenied for anyone else. Reads only (a fixed number of queries).
    """
    _own_account(actor, user)
    profile = user.clinician_profile
    account = {
        "id": user.id, "pseudonym": user.pseudonym, "email": user.email, "role": user.role,
        "status": user.status, "created_at": _when(user.created_at),
        "email_verified_at": _when(user.email_verified_at), "last_login_at": _when(user.last_login_at),
        "approved_post_count": user.approved_post_count,
        "two_factor_enabled": getattr(user, "totp_enabled_at", None) is not None,
    }
    if profile is not None:
        account["clinician_profile"] = {
            "full_name": profile.full_name, "credentials": profile.credentials,
            "licence_number": profile.licence_number, "bio": profile.bio,
            "specialties": [specialty.name for specialty in profile.specialties],
            "verified_at": _when(profile.verified_at), "revoked_at": _when(profile.revoked_at),
        }
    questions = db.session.scalars(
        Question.by_author(user.id).order_by(Question.id)
        .options(selectinload(Question.topic_links).selectinload(QuestionTopic.topic))).all()
    replies = db.session.scalars(select(Reply).where(Reply.author_id == user.id).order_by(Reply.id)).all()
    answers = db.session.scalars(select(Answer).where(Answer.clinician_id == user.id).order_by(Answer.id)).all()
    notifications = db.session.scalars(Notification.for_user(user.id).order_by(Notification.id)).all()
    acceptances = db.session.scalars(
        select(PolicyAcceptance).where(PolicyAcceptance.user_id == user.id)
        .options(selectinload(PolicyAcceptance.policy_version)).order_by(PolicyAcceptance.accepted_at)).all()
    flags = db.session.scalars(select(Flag).where(Flag.user_id == user.id).order_by(Flag.id)).all()
    ip_events = db.session.execute(
        select(IpEvent.action, IpEvent.created_at).where(IpEvent.user_id == user.id).order_by(IpEvent.id)).all()
    return {
        "exported_at": _when(utcnow()),
        "account": account,
        "questions": [{
            "id": q.id, "title": q.title, "body_markdown": q.body_md, "status": q.status,
            "asking_for": q.asking_for, "anonymous": q.anonymous, "visibility": q.visibility,
            "topics": [topic.name for topic in q.topics], "created_at": _when(q.created_at),
            "published_at": _when(q.published_at), "answered_at": _when(q.answered_at),
        } for q in questions],
        "replies": [{
            "id": r.id, "question_id": r.question_id, "body_markdown": r.body_md, "status": r.status,
            "created_at": _when(r.created_at),
        } for r in replies],
        "answers": [{
            "id": a.id, "question_id": a.question_id, "body_markdown": a.body_md, "status": a.status,
            "created_at": _when(a.created_at), "updated_at": _when(a.updated_at),
        } for a in answers],
        "notifications": [{
            "kind": n.kind, "message": n.message, "question_id": n.question_id,
            "created_at": _when(n.created_at), "read_at": _when(n.read_at),
        } for n in notifications],
        "policy_acceptances": [{
            "policy": a.policy_version.kind, "version": a.policy_version.version,
            "accepted_at": _when(a.accepted_at),
        } for a in acceptances],
        "flags": [{
            "target": f.target, "reason": f.reason, "note": f.note, "created_at": _when(f.created_at),
            "resolution": f.resolution,
        } for f in flags],
        # Addresses are stored only as keyed hashes, so there is no address to give back.
        "abuse_log": [{"action": action, "created_at": _when(created_at)} for action, created_at in ip_events],
    }


def posts_to_delete(user: User, mode: str) -> tuple[list[int], list[int]]:
    """The (question ids, reply ids) deleting this account in `mode` removes.

    "keep" removes nothing. "delete" removes every reply and every question, except that
    answered questions stay (anonymised) while DELETION_KEEPS_ANSWERED_QUESTIONS is on.
    """
    if mode == "keep":
        return [], []
    questions = select(Question.id).where(Question.author_id == user.id)
    if current_app.config["DELETION_KEEPS_ANSWERED_QUESTIONS"]:
        questions = questions.where(Question.status != QuestionStatus.ANSWERED)
    replies = select(Reply.id).where(Reply.author_id == user.id)
    return list(db.session.scalars(questions)), list(db.session.scalars(replies))


def delete_account(actor, user: User, *, password: str, mode: str) -> None:
    """The user deletes their own account (only themself, with their current password).

    mode "keep": posts stay, shown as a former member's; "delete": questions and replies
    are deleted (clinicians' answers to those questions with them), except answered
    questions when DELETION_KEEPS_ANSWERED_QUESTIONS is on. Either way the account row is
    erased in place (email, password, pseudonym, two-factor secrets, clinician details),
    its notifications, queued emails and recovery codes are deleted, and its hashed IP
    rows are unlinked. The audit trail is untouched; entries about the account now read
    "former-member-<id>".
    Side effects: forum.signals.account_deleted (moderation drops review items about the
    deleted posts), audit "account.delete". Raises PermissionDenied, or DomainError for a
    wrong password, an unknown mode or the last active admin.
    """
    _own_account(actor, user)
    if mode not in DELETE_MODES:
        raise DomainError(_("Choose what happens to your posts."), field="posts")
    if not user.check_password(password or ""):
        raise DomainError(_("Your password is not correct."), field="password")
    if user.role == Role.ADMIN and db.session.scalar(select(func.count(User.id)).where(
            User.role == Role.ADMIN, User.status == AccountStatus.ACTIVE)) <= 1:
        raise DomainError(_("You are the only administrator. Make someone else an administrator first."))
    question_ids, reply_ids = posts_to_delete(user, mode)
    signals.account_deleted.send(user, question_ids=question_ids, reply_ids=reply_ids)
    _delete_posts(user, question_ids, reply_ids)
    if mode == "delete":
        # Notes written to moderators are the member's words too.
        db.session.execute(update(Flag).where(Flag.user_id == user.id).values(note=""))
    db.session.execute(delete(Notification).where(Notification.user_id == user.id))
    outbox = OutboxEmail.user_id == user.id
    if user.email:
        outbox = or_(outbox, OutboxEmail.recipient == user.email)
    db.session.execute(delete(OutboxEmail).where(outbox))
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(update(IpEvent).where(IpEvent.user_id == user.id).values(user_id=None))
    record_audit(user, "account.delete", "user", user.id, from_status=user.status, to_status=AccountStatus.DELETED,
                 reason="posts deleted" if mode == "delete" else "posts kept")
    _erase_account(user)
    db.session.flush()


def _delete_posts(user: User, question_ids: list[int], reply_ids: list[int]) -> None:
    """Delete rows; the database cascades to answers, topic links, flags and notifications."""
    if reply_ids:
        published = select(Reply.question_id, func.count(Reply.id)).where(
            Reply.id.in_(reply_ids), Reply.status == ReplyStatus.PUBLISHED).group_by(Reply.question_id)
        for question_id, count in db.session.execute(published).all():
            db.session.execute(update(Question).where(Question.id == question_id,
                                                      Question.reply_count >= count)
                               .values(reply_count=Question.reply_count - count))
        db.session.execute(delete(Reply).where(Reply.id.in_(reply_ids)),
                           execution_options={"synchronize_session": False})
    if question_ids:
        answered_links = select(QuestionTopic.topic_id, func.count()).where(
            QuestionTopic.question_id.in_(question_ids), counted_as_answered()
        ).group_by(QuestionTopic.topic_id)
        for topic_id, count in db.session.execute(answered_links).all():
            db.session.execute(update(Topic).where(Topic.id == topic_id, Topic.answered_count >= count)
                               .values(answered_count=Topic.answered_count - count))
        db.session.execute(delete(Question).where(Question.id.in_(question_ids)),
                           execution_options={"synchronize_session": False})
    db.session.expire_all()


def _erase_account(user: User) -> None:
    former = f"former-member-{user.id}"
    if db.session.scalar(select(User.id).where(User.pseudonym_key == former, User.id != user.id)):
        former = f"{former}-{secrets.token_hex(3)}"  # someone registered that name themselves
    user.email = None
    user.password_hash = "!erased:" + secrets.token_hex(16)  # matches no password
    user.pseudonym = former
    user.pseudonym_key = former
    user.status = AccountStatus.DELETED
    user.status_reason = None
    user.email_verified_at = None
    user.last_login_at = None
    user.failed_logins = 0
    user.locked_until = None
    if hasattr(user, "totp_secret"):
        user.totp_secret = None
        user.totp_enabled_at = None
    user.rotate_session()
    profile = user.clinician_profile
    if profile is not None:
        profile.full_name = "Former member"
        profile.credentials = ""
        profile.licence_number = ""
        profile.bio = ""
        profile.specialties = []
        if profile.revoked_at is None:
            profile.revoked_at = utcnow()


def purge_ip_events(days: int | None = None) -> int:
    """Delete hashed-IP rows older than `days` (default IP_RETENTION_DAYS). System action:
    no permission; audit "privacy.purge" when anything went. Returns how many rows went."""
    days = current_app.config["IP_RETENTION_DAYS"] if days is None else days
    if days < 0:
        raise DomainError(_("The retention period cannot be negative."))
    cutoff = utcnow() - timedelta(days=days)
    result = db.session.execute(delete(IpEvent).where(IpEvent.created_at < cutoff),
                                execution_options={"synchronize_session": False})
    removed = result.rowcount or 0
    if removed:
        record_audit(None, "privacy.purge", "ip_event", None, reason=f"{removed} rows older than {days} days")
    return removed


def access_to_record(actor, question: Question) -> tuple | None:
    """What to audit ("access.view") when `actor` opens `question`: moderators opening a
    question that is not public (not their own). The arguments for record_view, or None.
    The page itself writes nothing: the view queues record_view (jobs.after_response)."""
    if question.is_public or not is_moderator(actor) or question.author_id == actor.id:
        return None
    return actor.id, "question", question.id, question.status, None


def record_view(actor_id: int, target_kind: str, target_id: int, from_status: str | None,
                reason: str | None) -> None:
    """A job: write the "access.view" audit entry for a page already served, and commit."""
    actor = db.session.get(User, actor_id)
    record_audit(actor, "access.view", target_kind, target_id, from_status=from_status, reason=reason)
    db.session.commit()
