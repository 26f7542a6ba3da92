"""Flagging a published question or reply for moderators to look at."""
from flask_babel import format_number, gettext as _, lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forum import signals
from forum.extensions import db
from forum.models import Flag, Question, Reply
from forum.models.enums import ReplyStatus
from forum.models.posts import FLAG_REASONS, PUBLIC_QUESTION_STATUSES
from forum.permissions import PermissionDenied, can_flag, can_view_question
from forum.services import DomainError
from forum.services.accounts import require_confirmed_email
from forum.services.audit import record_audit
from forum.services.policies import require_current_policies

MAX_NOTE = 1000
ALREADY_FLAGGED = _l("You have already flagged this.")
OWN_POST = _l("You cannot flag your own post. To change it, edit or withdraw it; to report a problem, contact staff.")


def flag_target(question: Question, reply: Reply | None = None) -> str:
    return Flag.target_for(question.id, reply.id if reply is not None else None)


def has_flagged(user, question: Question, reply: Reply | None = None) -> bool:
    return db.session.scalar(select(Flag.id).where(
        Flag.user_id == user.id, Flag.target == flag_target(question, reply))) is not None


def flag_post(actor, question: Question, reply: Reply | None = None, *, reason: str,
              note: str = "") -> Flag:
    """Any logged-in user (can_flag) flags a published question or reply, once per post.

    Side effects: audit "flag.create", forum.signals.post_flagged (moderation queues a
    "flag" review item). Raises PermissionDenied if the actor cannot see the post,
    DomainError for an unconfirmed email address (as for asking: a flag can make an urgent
    queue item, so it needs an account that is someone's), the actor's own post, an unknown
    reason, an over-long note, a post that is not public or a second flag on the same post.
    """
    if not (can_flag(actor) and can_view_question(actor, question)):
        raise PermissionDenied()
    require_confirmed_email(actor)
    require_current_policies(actor)
    if question.status not in PUBLIC_QUESTION_STATUSES or (reply is not None and reply.status != ReplyStatus.PUBLISHED):
        raise DomainError(_("Only published posts can be flagged."))
    author_id = reply.author_id if reply is not None else question.author_id
    if author_id is not None and author_id == actor.id:
        raise DomainError(OWN_POST)
    if reason not in FLAG_REASONS:
        raise DomainError(_("Choose a reason from the list."), field="reason")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise DomainError(_("Keep the note to %(max)s characters or fewer.", max=format_number(MAX_NOTE)), field="note")
    if has_flagged(actor, question, reply):
        raise DomainError(ALREADY_FLAGGED)
    flag = Flag(user_id=actor.id, target=flag_target(question, reply), question_id=question.id,
                reply_id=reply.id if reply is not None else None, reason=reason, note=note)
    try:
        with db.session.begin_nested():
            db.session.add(flag)
            db.session.flush()
    except IntegrityError:
        raise DomainError(ALREADY_FLAGGED) from None
    record_audit(actor, "flag.create", "reply" if reply is not None else "question",
                 reply.id if reply is not None else question.id, reason=FLAG_REASONS[reason])
    signals.post_flagged.send(flag)
    return flag
