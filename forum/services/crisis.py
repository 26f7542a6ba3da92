"""Crisis escalation: when a post may describe a crisis, on-call staff are emailed a link
to its review item and the escalation is recorded in the audit trail.

The email carries no post text and no member's address: only the kind of post, the level
and a link built from BASE_URL (never the request's Host).
"""
from flask import current_app

from forum.platform.links import absolute_url
from forum.platform.mail import queue_email
from forum.services.audit import record_audit

CRISIS_SUBJECT = "Urgent: a post may describe a crisis"
LEVEL_WORDS = {"emergency": "an emergency", "concern": "a possible crisis"}


def oncall_recipients() -> list[str]:
    """ONCALL_EMAILS, comma-separated, without blanks or repeats."""
    recipients = []
    for address in current_app.config.get("ONCALL_EMAILS", "").split(","):
        address = address.strip()
        if address and address not in recipients:
            recipients.append(address)
    return recipients


def queue_item_link(item_ids: list[int]) -> str:
    """The review item's page (or the queue if there is none), from BASE_URL."""
    if item_ids:
        return absolute_url("moderation.item", item_id=item_ids[0], fallback_path=f"/moderation/items/{item_ids[0]}")
    return absolute_url("moderation.queue", fallback_path="/moderation/")


def queued_item_ids(signal_results) -> list[int]:
    """The ids of the review items the moderation receivers returned for a submitted post."""
    return [result.id for _, result in signal_results if getattr(result, "id", None) is not None]


def escalate_crisis(post_kind: str, post, item_ids: list[int]) -> None:
    """A question or reply was assessed "concern" or "emergency" (flush only).

    Side effects: audit "crisis.escalate" (system actor), and an email to every ONCALL_EMAILS
    address, sent after commit.
    """
    level = post.crisis_level
    record_audit(None, "crisis.escalate", post_kind, post.id, to_status=level)
    link = queue_item_link(item_ids)
    body = (f"A new {post_kind} on {current_app.config['ORGANISATION_NAME']} may describe "
            f"{LEVEL_WORDS.get(level, 'a crisis')} (assessed: {level}).\n\n"
            f"It is at the top of the moderation queue, marked urgent. Please review it now:\n{link}\n\n"
            "The post's text is not included in this email. Follow the crisis procedure.\n")
    for address in oncall_recipients():
        queue_email(address, CRISIS_SUBJECT, body)
