"""Email through the outbox: queue_email() in the transaction, deliver() after commit.

Without MAIL_SERVER messages are not sent: outside production each is written whole to a
file in MAIL_DEV_DIR (instance/mail/), and the log names that file; otherwise the log shows
the redacted body.
A failed send is kept in the outbox with its error and retried with back-off by
`flask mail retry`; the action that caused the email is never rolled back by it.

Links that carry a token (password reset, email confirmation, unsubscribe: any route
with a `<token>` variable) work until used or expired, so they are never kept longer
than needed: once an email is sent, or finally given up on, its stored body has them
replaced by REDACTED_LINK, and no log line ever shows one.
"""
import logging
import os
import re
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RoutingException

from forum.extensions import db
from forum.models import OutboxEmail, Question, User
from forum.models.base import utcnow
from forum.models.enums import PUBLIC_QUESTION_STATUSES, OutboxStatus
from forum.platform.jobs import after_commit

log = logging.getLogger(__name__)
# Above RQ's 1 + 5 tries, so a message the job queue gave up on is still queued for
# `flask mail retry` rather than marked failed.
MAX_ATTEMPTS = 10
REDACTED_LINK = "[link removed after sending]"
_URL = re.compile(r"https?://[^\s<>\"']+")
# A question's title in an email body is stored as a reference and filled in when the email
# is sent, through the visibility rule for its recipient: a title redacted, or a question
# hidden, after the email was queued never leaves in it (and no title is kept at rest).
_QUESTION_TITLE = re.compile(r"\[\[question-title:(\d+)\]\]")
WITHHELD_TITLE = "(a question that is no longer available)"


def question_title(question_id: int) -> str:
    """What an email body holds in place of a question's title (filled in by deliver())."""
    return f"[[question-title:{question_id}]]"


def _text_to_send(session: Session, email: OutboxEmail) -> str:
    """The body with each question title as it is now, if the recipient may still read the
    question listed (Question.listed_for's rule), else WITHHELD_TITLE."""
    recipient = session.get(User, email.user_id) if email.user_id is not None else None

    def title(match: re.Match) -> str:
        question = session.get(Question, int(match.group(1)))
        if question is None or question.status not in PUBLIC_QUESTION_STATUSES \
                or not question.is_visible_to(recipient):
            return WITHHELD_TITLE
        return question.title

    return _QUESTION_TITLE.sub(title, email.body_text)


def redact_token_links(text: str) -> str:
    """`text` with every link to a route that takes a `<token>` replaced by REDACTED_LINK."""
    adapter = current_app.url_map.bind("localhost")
    base = current_app.config["BASE_URL"].rstrip("/")

    def replace(match: re.Match) -> str:
        url = match.group(0)
        path = url[len(base):] if url.startswith(base + "/") else urlsplit(url).path
        try:
            _, arguments = adapter.match(urlsplit(path).path or "/", method="GET")
        except (HTTPException, RoutingException):
            return url
        return REDACTED_LINK if "token" in arguments else url

    return _URL.sub(replace, text)


def queue_email(recipient: str | None, subject: str, text: str, *, user_id: int | None = None):
    """Save an email in the current transaction; it is sent after commit. Flush only.

    Returns None (and sends nothing) when there is no address, e.g. an erased account.
    """
    if not recipient:
        return None
    email = OutboxEmail(recipient=recipient, subject=subject[:200], body_text=text, user_id=user_id)
    db.session.add(email)
    db.session.flush()
    after_commit(deliver, email.id)
    return email


def _send(email: OutboxEmail, text: str) -> None:
    config = current_app.config
    if not config["MAIL_SERVER"]:
        if config["MAIL_DEV_DIR"]:
            path = _write_development_copy(email, text, Path(config["MAIL_DEV_DIR"]))
            log.info("email (development, not sent; set MAIL_SERVER to deliver) id=%s written to %s",
                     email.id, path)
            return
        # Never the token links: logs are copied and kept far longer than a link should work.
        log.info("email (development, not sent; set MAIL_SERVER to deliver) id=%s subject=%r\n%s",
                 email.id, email.subject, redact_token_links(text))
        return
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = email.recipient
    message["Subject"] = email.subject
    message.set_content(text)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def _write_development_copy(email: OutboxEmail, text: str, directory: Path) -> Path:
    """The whole message, readable by this user only: the development stand-in for a mailbox."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = directory / f"{email.id:06d}.txt"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(f"To: {email.recipient}\nSubject: {email.subject}\n\n{text}\n")
    return path


def deliver(email_id: int) -> bool:
    """Try to send one outbox email; record success or the error. Returns True if sent."""
    with Session(db.engine) as session:
        email = session.get(OutboxEmail, email_id)
        if email is None or email.status == OutboxStatus.SENT:
            return email is not None
        email.attempts += 1
        try:
            _send(email, _text_to_send(session, email))
        except (smtplib.SMTPException, OSError) as error:
            email.last_error = f"{type(error).__name__}: {error}"[:300]
            email.status = OutboxStatus.FAILED if email.attempts >= MAX_ATTEMPTS else OutboxStatus.QUEUED
            if email.status == OutboxStatus.FAILED:
                email.body_text = redact_token_links(email.body_text)
            email.next_attempt_at = utcnow() + timedelta(minutes=2 ** email.attempts)
            log.warning("email id=%s not sent (attempt %s): %s", email.id, email.attempts, email.last_error)
            session.commit()
            return False
        email.status, email.sent_at, email.last_error = OutboxStatus.SENT, utcnow(), None
        email.body_text = redact_token_links(email.body_text)
        session.commit()
        return True


def retry_due_emails() -> tuple[int, int]:
    """Send every queued email whose next attempt is due. Returns (sent, still failing)."""
    due = db.session.scalars(
        select(OutboxEmail.id).where(OutboxEmail.status == OutboxStatus.QUEUED, OutboxEmail.next_attempt_at <= utcnow())
        .order_by(OutboxEmail.id)
    ).all()
    sent = sum(1 for email_id in due if deliver(email_id))
    return sent, len(due) - sent
