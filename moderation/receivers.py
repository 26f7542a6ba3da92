"""Turning forum events into review items in the queue (same transaction, flush only)."""
from forum import signals
from moderation.services.queue import (
    close_items_for_question,
    queue_flag,
    queue_question,
    queue_reply,
)

_connected = False


def _on_question_submitted(question, resubmitted=False, **_):
    queue_question(question, resubmitted=resubmitted)


def _on_reply_submitted(reply, **_):
    queue_reply(reply)


def _on_post_flagged(flag, **_):
    queue_flag(flag)


def _on_question_withdrawn(question, **_):
    close_items_for_question(question, resolution="withdrawn")


def connect() -> None:
    """Connect once per process; blinker keeps receivers for the life of the process."""
    global _connected
    if _connected:
        return
    signals.question_submitted.connect(_on_question_submitted)
    signals.reply_submitted.connect(_on_reply_submitted)
    signals.post_flagged.connect(_on_post_flagged)
    signals.question_withdrawn.connect(_on_question_withdrawn)
    _connected = True
