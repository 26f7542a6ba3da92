"""Events forum services emit so the moderation package can queue work.

forum must not import moderation; moderation connects to these when it is registered.
Receivers run inside the sender's transaction and must only flush.
"""
from blinker import Namespace

_signals = Namespace()


def connect_receivers(*pairs) -> None:
    """Connect each (signal, receiver) pair. Connecting again is harmless (blinker keeps one
    connection per receiver function), so each create_app() in a process may call it."""
    for signal, receiver in pairs:
        signal.connect(receiver)


# sender: the Question. kwargs: resubmitted (bool)
question_submitted = _signals.signal("question-submitted")
# sender: the Reply (pending, from a new member)
reply_submitted = _signals.signal("reply-submitted")
# sender: the Flag
post_flagged = _signals.signal("post-flagged")
# sender: the Question, withdrawn by its author; open review items should close
question_withdrawn = _signals.signal("question-withdrawn")
# sender: the User deleting their account (before erasure). kwargs: question_ids, reply_ids
# (the posts about to be deleted); review items about them must go.
account_deleted = _signals.signal("account-deleted")
# sender: the Question, just answered (its first answer published). Followers are told.
question_answered = _signals.signal("question-answered")
# sender: the Article, sent for review by its author; moderation queues its sign-off item
article_submitted = _signals.signal("article-submitted")
# sender: the new User, or None when the address already had an account (register_user:
# the same event either way, so abuse control counts registrations without telling them apart)
registration_received = _signals.signal("registration-received")
