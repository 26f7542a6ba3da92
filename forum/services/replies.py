"""Community replies to published questions."""
from flask_babel import format_number, gettext as _
from flask import current_app
from sqlalchemy import update

from forum import signals
from forum.platform.i18n import content_language
from forum.extensions import db
from forum.models import Question, Reply
from forum.models.base import utcnow
from forum.models.enums import ReplyStatus
from forum.permissions import PermissionDenied, can_reply, can_view_question, is_moderator
from forum.rendering import render_markdown
from forum.services import DomainError
from forum.services.accounts import require_confirmed_email
from forum.services.audit import record_audit
from forum.services.crisis import escalate_crisis, queued_item_ids
from forum.services.notifications import notify
from forum.services.policies import require_current_policies
from forum.services.post_safety import screen_post
from forum.services.submissions import add_once, find_submitted

MAX_REPLY = 10_000


def publishes_at_once(user) -> bool:
    """Clinicians, staff and established members skip the approval queue."""
    if is_moderator(user):
        return True
    return user.approved_post_count >= current_app.config["ESTABLISHED_MEMBER_POSTS"]


def post_reply(actor, question: Question, *, body: str, client_token: str | None = None,
               phi_confirmed: str | None = None, language: str | None = None) -> Reply:
    """Any logged-in user replies to a published, unlocked question (can_reply).

    New members' replies are "pending" (forum.signals.reply_submitted queues them);
    others publish at once, bump Question.reply_count and notify the question's author.
    The text is screened (forum.services.post_safety): personal details raise PhiWarning
    until confirmed for this exact text; a confirmed reply with personal details, or one
    that may describe a crisis, is "pending" whoever wrote it, and a crisis escalates
    (forum.services.crisis). A form sent twice (same client_token) returns the first
    reply. Audit "reply.post". Raises PermissionDenied if the actor cannot see the
    question, PhiWarning, or DomainError if it is closed to replies, the current policies
    are not accepted or the text is empty or too long.
    """
    if not (actor and actor.is_authenticated and can_view_question(actor, question)):
        raise PermissionDenied()
    existing = find_submitted(Reply, actor, client_token)
    if existing is not None:
        return existing
    if not can_reply(actor, question):
        raise DomainError(_("This question is not open for replies."))
    require_confirmed_email(actor)
    require_current_policies(actor)
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write a reply before sending it."), field="body")
    if len(body) > MAX_REPLY:
        raise DomainError(_("Keep your reply to %(max)s characters or fewer.", max=format_number(MAX_REPLY)), field="body")
    screening = screen_post(body, phi_confirmed=phi_confirmed)
    now = utcnow()
    published = publishes_at_once(actor) and not (screening.phi_flagged or screening.crisis)
    reply = Reply(question_id=question.id, question=question, author_id=actor.id, body_md=body,
                  language=content_language(language),
                  body_html=render_markdown(body), status=ReplyStatus.PUBLISHED if published else ReplyStatus.PENDING,
                  by_clinician=actor.is_verified_clinician, client_token=client_token or None,
                  phi_flagged=screening.phi_flagged, crisis_level=screening.crisis_level,
                  created_at=now, updated_at=now)
    stored = add_once(reply, actor)
    if stored is not reply:
        return stored
    record_audit(actor, "reply.post", "reply", reply.id, to_status=reply.status)
    if published:
        reply_published(reply)
    else:
        queued = signals.reply_submitted.send(reply)
        if screening.crisis:
            escalate_crisis("reply", reply, queued_item_ids(queued))
    return reply


def reply_published(reply: Reply) -> None:
    """Effects of a reply becoming public (flush only): the question's count and its
    author's notification. Moderation calls this when it approves a pending reply."""
    db.session.execute(update(Question).where(Question.id == reply.question_id)
                       .values(reply_count=Question.reply_count + 1))
    question = reply.question
    if question.author_id is not None and question.author_id != reply.author_id:
        notify(question.author_id, "reply",
               "Someone replied to your question", question_id=question.id)
