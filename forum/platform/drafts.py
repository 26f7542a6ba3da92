"""Browser-side drafts (static/js/drafts.js): forms marked <form data-draft="KEY"> keep what
someone types in localStorage until a submit succeeds, so a gate, a refusal, an expired
session or a reload never loses it. The server only names drafts and says when to drop them."""
from flask import flash
from flask_login import current_user

# A flash of this category is not a message: base.html turns it into <body data-clear-drafts>.
DRAFT_CLEAR = "draft-clear"
ALL_DRAFTS = "*"


def draft_key(kind: str, target_id: int | None = None) -> str:
    """The localStorage name of a form's draft, per user so that people sharing a computer do
    not see each other's text (a Jinja global for <form data-draft>)."""
    owner = current_user.id if current_user.is_authenticated else "anonymous"
    return f"u{owner}-{kind}" + (f"-{target_id}" if target_id is not None else "")


def forget_draft(key: str) -> None:
    """After a successful submit (or ALL_DRAFTS at logout): the next page drops the draft."""
    flash(key, DRAFT_CLEAR)
