"""Abuse control: which (hashed) address did what, kept for IP_RETENTION_DAYS.

Raw addresses are never stored. Each is replaced by HMAC-SHA256(key, address) where the
key is itself HMAC-SHA256(SECRET_KEY, IP_HASH_SALT): a fixed salt, so one address gives
the same hash for the whole retention window and many accounts from one address can be
spotted. A database copy alone cannot reverse it; someone holding SECRET_KEY could, by
trying every IPv4 address, which is why the rows are also purged (`flask privacy purge`).
Rotating SECRET_KEY breaks the link between old and new hashes.

Receivers run inside the sender's transaction (flush only); the login receiver's row is
committed with the rest of the request by its unit of work (forum/platform/unit_of_work.py).
"""
import hashlib
import hmac

from flask import current_app, has_request_context, request
from flask_login import user_logged_in

from forum import signals
from forum.extensions import db
from forum.models import IpEvent
from forum.models.base import utcnow

IP_HASH_SALT = b"rounds ip_events v1"


def hash_ip(address: str) -> str:
    key = hmac.new(current_app.config["SECRET_KEY"].encode(), IP_HASH_SALT, hashlib.sha256).digest()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def _add_event(action: str, user_id: int | None) -> IpEvent | None:
    """Add an event for the current request's address (flush only); None outside a request."""
    if not has_request_context() or not request.remote_addr:
        return None
    event = IpEvent(ip_hash=hash_ip(request.remote_addr), user_id=user_id, action=action,
                    created_at=utcnow())
    db.session.add(event)
    db.session.flush()
    return event


def _on_question_submitted(question, **_):
    _add_event("question", question.author_id)


def _on_reply_submitted(reply, **_):
    _add_event("reply", reply.author_id)


def _on_post_flagged(flag, **_):
    _add_event("flag", flag.user_id)


def _on_registration_received(user, **_):
    _add_event("register", user.id if user is not None else None)


def _on_user_logged_in(_app, user=None, **_):
    # login_user() also runs after a password change; that is not a new sign-in.
    endpoint = (request.endpoint or "") if has_request_context() else ""
    if user is None or endpoint.startswith("account."):
        return
    _add_event("login", user.id)


def connect() -> None:
    """The receivers, for the life of the process (connect_receivers)."""
    signals.connect_receivers(
        (signals.question_submitted, _on_question_submitted), (signals.reply_submitted, _on_reply_submitted),
        (signals.post_flagged, _on_post_flagged), (signals.registration_received, _on_registration_received),
        (user_logged_in, _on_user_logged_in))
