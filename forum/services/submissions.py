"""One-time forms: a post carries its form's client_token, so a resubmitted or doubly sent
form finds the post it already created instead of making a second one."""
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forum.extensions import db
from forum.services import DomainError


def find_submitted(model, actor, client_token: str | None):
    """The post of `model` this form already created, or None.

    Raises DomainError if the token belongs to someone else's post."""
    if not client_token:
        return None
    post = db.session.scalar(select(model).where(model.client_token == client_token))
    if post is not None and post.author_id != actor.id:
        raise DomainError(_("This form has already been used. Please reload the page and try again."))
    return post


def add_once(post, actor):
    """Add and flush `post`; if the same form won a race to insert first, return that post."""
    try:
        with db.session.begin_nested():
            db.session.add(post)
            db.session.flush()
    except IntegrityError:
        existing = find_submitted(type(post), actor, post.client_token)
        if existing is None:
            raise
        return existing
    return post
