"""What moderators do with a review item: publish, return, reject, escalate, redact a
question; approve, hide or clear the flags on a post.

Every action: the actor must hold a live claim on the open item and act on the version
their form showed (moderation.services.claims), writes its audit entry, tells the author
where the issue says so, and closes the item exactly once. Flush only.
"""
from flask import current_app
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import select, update

from forum.platform.links import absolute_url
from forum.extensions import db
from forum.models.enums import FlagResolution, ItemAction, ItemKind, ItemResolution, QuestionStatus, ReplyStatus
from forum.platform.i18n import in_language_of
from forum.platform.mail import queue_email
from forum.models import Flag, Question, Reply, User
from forum.models.base import utcnow
from forum.rendering import render_markdown
from forum.services import DomainError
from forum.services.audit import record_audit
from forum.services.listing import sync_listing
from forum.services.notifications import notify
from forum.services.replies import reply_published
from moderation.models import ReviewItem
from moderation.services.claims import resolve_item, touch_item
from moderation.services.item_actions import require_action
MAX_REASON = 2000
REDACTED = "[removed]"
RETURN_REASONS = {
    "personal_details": "Please remove personal details such as names, dates of birth or contact details.",
    "unclear": "Please say a little more about what you would like to know.",
    "several_questions": "Please ask one question at a time.",
    "wrong_topic": "Please choose the condition or procedure your question is about.",
}
REJECT_REASONS = {
    "not_medical": "Rounds is for questions about conditions and procedures.",
    "personal_advice": "This asks for a personal diagnosis or prescription, which clinicians cannot give here.",
    "guidelines": "This breaks the community guidelines.",
    "duplicate": "This question has already been asked and answered.",
}


# The community guidelines' clauses, for citing in a rejection or hide reason.
GUIDELINE_CLAUSES = {
    "1": "Be kind", "2": "Protect your privacy", "3": "Share experience, not prescriptions",
    "4": "Clinician answers are general information", "5": "Emergencies do not belong here",
    "6": "No advertising or spam", "7": "Moderators review posts",
}


def cite_clause(clause: str | None, reason: str) -> str:
    """'Guideline 2 (Protect your privacy): <reason>' when a known clause is chosen."""
    if clause not in GUIDELINE_CLAUSES:
        return reason
    citation = f"Guideline {clause} ({GUIDELINE_CLAUSES[clause]})"
    return f"{citation}: {reason}" if reason else citation


def compose_reason(template_key: str | None, templates: dict, text: str | None) -> str:
    """A reason from a template, free text, or both; DomainError if there is neither."""
    parts = [templates[template_key]] if template_key in templates else []
    if text and text.strip():
        parts.append(text.strip())
    reason = " ".join(parts)
    if not reason:
        raise DomainError(_("Give a reason: choose one or write your own."), field="reason")
    if len(reason) > MAX_REASON:
        raise DomainError(f"Keep the reason to {MAX_REASON:,} characters or fewer.", field="reason")
    return reason


def question_link(question_id: int) -> str:
    """A link to the question built from BASE_URL, never from the request's Host."""
    return absolute_url("questions.show", question_id=question_id)


def tell_author(question: Question, kind: str, message, subject, email_line) -> None:
    """In-app notification (`message`) and a plain-text email (`email_line`) to the
    question's author. Emails carry neither the post's text nor its title. The texts are
    lazy (`_l`): both are written in the author's language, not the moderator's."""
    if question.author_id is None:
        return
    with in_language_of(db.session.get(User, question.author_id)):
        notify(question.author_id, kind, str(message), question_id=question.id)
    email_author(question, subject, email_line)


def email_author(question: Question, subject: str, line: str) -> None:
    """A plain-text email to the question's author with a link to it (after commit)."""
    author = db.session.get(User, question.author_id) if question.author_id else None
    if author is None:
        return
    with in_language_of(author):
        body = _("Hello %(pseudonym)s,\n\n%(line)s\n\nSee your question here:\n%(link)s\n\n— %(organisation)s\n",
                 pseudonym=author.pseudonym, line=str(line), link=question_link(question.id),
                 organisation=current_app.config["ORGANISATION_NAME"])
        queue_email(author.email, str(subject), body, user_id=author.id)


def publish_question(actor, item: ReviewItem, version) -> Question:
    """A moderator publishes a pending question without an answer (it stays listed as
    unanswered for clinicians). Bumps the author's approved posts, syncs topic listings,
    audits "question.publish", tells the author. Raises ItemConflict/DomainError."""
    require_action(actor, item, version, ItemAction.PUBLISH)
    question = item.question
    mark_question_published(question)
    sync_listing(question)
    record_audit(actor, "question.publish", "question", question.id,
                 from_status=QuestionStatus.PENDING, to_status=QuestionStatus.PUBLISHED)
    resolve_item(actor, item, version, ItemResolution.PUBLISHED)
    tell_author(question, "published", _l("Your question has been published"),
                _l("Your question has been published"), _l("Your question has been published."))
    return question


def mark_question_published(question: Question) -> None:
    """A pending question becomes public: status, date, and the author's approved posts."""
    now = utcnow()
    question.status = QuestionStatus.PUBLISHED
    question.status_reason = None
    question.published_at = question.published_at or now
    question.updated_at = now
    if question.author_id is not None:
        db.session.execute(update(User).where(User.id == question.author_id)
                           .values(approved_post_count=User.approved_post_count + 1))


def return_question(actor, item: ReviewItem, version, *, reason: str) -> Question:
    """A moderator returns a pending question to its author for editing, with a reason
    shown to them. Audit "question.return"; tells the author. DomainError without a reason."""
    require_action(actor, item, version, ItemAction.RETURN_QUESTION)
    question = item.question
    return _close_question(actor, item, version, question, QuestionStatus.RETURNED, reason,
                           _l("Your question needs a small change"),
                           _l("Your question was returned to you for editing. %(reason)s "
                              "Please edit it and send it again.", reason=reason))


def reject_question(actor, item: ReviewItem, version, *, reason: str) -> Question:
    """A moderator rejects a pending question with a reason. Audit "question.reject";
    tells the author. DomainError without a reason."""
    require_action(actor, item, version, ItemAction.REJECT)
    question = item.question
    return _close_question(actor, item, version, question, QuestionStatus.REJECTED, reason,
                           _l("Your question could not be published"),
                           _l("Your question could not be published. %(reason)s", reason=reason))


def _close_question(actor, item, version, question, status, reason, subject, line) -> Question:
    if not reason:
        raise DomainError(_("Give a reason."), field="reason")
    question.status = status
    question.status_reason = reason
    question.updated_at = utcnow()
    sync_listing(question)
    record_audit(actor, f"question.{status.removesuffix('ed')}", "question", question.id,
                 from_status=QuestionStatus.PENDING, to_status=status, reason=reason)
    resolve_item(actor, item, version, status)
    tell_author(question, status, line, subject, line)
    return question


def escalate_item(actor, item: ReviewItem, version, *, reason: str) -> ReviewItem:
    """A moderator hands an item to staff: it closes as "escalated" and a new item of kind
    "escalation" (staff only) carries the note. Audit "item.escalate"."""
    require_action(actor, item, version, ItemAction.ESCALATE)
    if not reason:
        raise DomainError(_("Say why this needs staff."), field="reason")
    escalation = ReviewItem(
        kind=ItemKind.ESCALATION, question_id=item.question_id, reply_id=item.reply_id, answer_id=item.answer_id,
        topic_id=item.topic_id, specialty_id=item.specialty_id, urgent=item.urgent,
        phi_flagged=item.phi_flagged, crisis_level=item.crisis_level,
        note=f"{item.kind_label}: {reason}",
    )
    db.session.add(escalation)
    resolve_item(actor, item, version, ItemResolution.ESCALATED)
    db.session.flush()
    record_audit(actor, "item.escalate", "review_item", item.id, to_status=ItemKind.ESCALATION, reason=reason)
    return escalation


def redact_post(actor, item: ReviewItem, version, *, text: str) -> int:
    """A moderator replaces every occurrence of `text` in the item's post (the reply, or
    else the question's title and body) with "[removed]" and re-renders it. The removed
    text is kept nowhere: the audit entry records only how many places changed.
    Returns that count; DomainError if the text is empty or not found."""
    require_action(actor, item, version, ItemAction.REDACT)
    if not text or not text.strip():
        raise DomainError(_("Paste the exact text to remove."), field="text")
    post = item.post
    count = post.body_md.count(text)
    post.body_md = post.body_md.replace(text, REDACTED)
    if isinstance(post, Question):
        count += post.title.count(text)
        post.title = post.title.replace(text, REDACTED)
    if count == 0:
        raise DomainError(_("That text was not found in the post. Copy it exactly."), field="text")
    post.body_html = render_markdown(post.body_md)
    post.updated_at = utcnow()
    touch_item(actor, item, version)
    kind = item.post_kind
    record_audit(actor, "post.redact", kind, post.id, reason=f"{count} passage(s) replaced with {REDACTED}")
    return count


def approve_reply(actor, item: ReviewItem, version) -> Reply:
    """A moderator approves a pending reply: it publishes, the question's reply count and
    the author's approved posts go up, the question's author is told. Audit "reply.approve"."""
    require_action(actor, item, version, ItemAction.APPROVE_REPLY)
    reply = item.reply
    reply.status = ReplyStatus.PUBLISHED
    reply.status_reason = None
    reply.updated_at = utcnow()
    if reply.author_id is not None:
        db.session.execute(update(User).where(User.id == reply.author_id)
                           .values(approved_post_count=User.approved_post_count + 1))
    reply_published(reply)  # the in-app notice to the question's author
    if reply.question.author_id not in (None, reply.author_id):
        email_author(reply.question, _l("Someone replied to your question"),
                     _l("A new reply to your question has been published."))
    record_audit(actor, "reply.approve", "reply", reply.id, from_status=ReplyStatus.PENDING, to_status=ReplyStatus.PUBLISHED)
    resolve_item(actor, item, version, ItemResolution.APPROVED)
    return reply


def hide_post(actor, item: ReviewItem, version, *, reason: str) -> None:
    """A moderator hides the item's reply (or else its question) with a reason its author
    sees; open flags on it are resolved. Audit "reply.hide"/"question.hide"."""
    require_action(actor, item, version, ItemAction.HIDE)
    if not reason:
        raise DomainError(_("Give a reason the author will see."), field="reason")
    post = item.post
    hidden = ReplyStatus.HIDDEN if isinstance(post, Reply) else QuestionStatus.HIDDEN
    from_status = post.status
    post.status = hidden
    post.status_reason = reason
    post.updated_at = utcnow()
    if isinstance(post, Reply):
        if from_status == ReplyStatus.PUBLISHED:
            db.session.execute(update(Question).where(Question.id == post.question_id, Question.reply_count > 0)
                               .values(reply_count=Question.reply_count - 1))
    else:
        sync_listing(post)
    _resolve_flags(item, FlagResolution.HIDDEN)
    kind = item.post_kind
    record_audit(actor, f"{kind}.hide", kind, post.id, from_status=from_status, to_status=hidden,
                 reason=reason)
    resolve_item(actor, item, version, ItemResolution.HIDDEN)
    if post.author_id is not None:
        notify(post.author_id, "hidden", f"A {kind} of yours was hidden by a moderator: {reason}",
               question_id=item.question_id)


def dismiss_flags(actor, item: ReviewItem, version) -> int:
    """A moderator decides the flags on a post need no action. Audit "flag.dismiss".
    Returns how many flags were dismissed."""
    require_action(actor, item, version, ItemAction.DISMISS_FLAGS)
    count = _resolve_flags(item, FlagResolution.DISMISSED)
    record_audit(actor, "flag.dismiss", item.post_kind, item.post.id, reason=f"{count} flag(s) dismissed")
    resolve_item(actor, item, version, ItemResolution.DISMISSED)
    return count


def _resolve_flags(item: ReviewItem, resolution: str) -> int:
    flags = db.session.scalars(select(Flag).where(Flag.target == item.flag_target, Flag.resolved_at.is_(None))).all()
    for flag in flags:
        flag.resolved_at = utcnow()
        flag.resolution = resolution
    return len(flags)
