"""A question's place on topic pages, kept in step with its status.

Every service that changes a question's status (asking, publishing, answering, hiding,
withdrawing) calls sync_listing() afterwards, in the same transaction.
"""
from sqlalchemy import and_, update

from forum.extensions import db
from forum.models import QuestionTopic, Topic
from forum.models.enums import Listing, QuestionStatus, Visibility

# Question status -> QuestionTopic.listing; any other status is not listed.
LISTINGS = {QuestionStatus.ANSWERED: Listing.ANSWERED, QuestionStatus.PUBLISHED: Listing.UNANSWERED}


def sync_listing(question) -> None:
    """Copy the question's status, dates and visibility onto its topic links (flush only).

    Topic.answered_count counts answered *public* questions only (it is shown to everyone):
    it moves by one for each link that enters or leaves "answered and public", so calling
    this twice, or for a change that keeps that state, changes nothing. (The scale seed,
    forum/services/scale_seed.py, sets the counts in bulk and must follow the same rule.)
    """
    listing = LISTINGS.get(question.status)
    if listing == Listing.ANSWERED:
        listed_at = question.answered_at or question.published_at
    elif listing == Listing.UNANSWERED:
        listed_at = question.published_at
    else:
        listed_at = None
    counted = listing == Listing.ANSWERED and question.visibility == Visibility.PUBLIC
    for link in question.topic_links:
        was_counted = link.listing == Listing.ANSWERED and link.visibility == Visibility.PUBLIC
        if counted and not was_counted:
            _shift_answered_count(link.topic_id, +1)
        elif was_counted and not counted:
            _shift_answered_count(link.topic_id, -1)
        link.listing = listing
        link.listed_at = listed_at
        link.visibility = question.visibility
    db.session.flush()


def counted_as_answered(links=QuestionTopic):
    """Where-clause on topic links (the model, or an alias/table with the same columns): the
    links Topic.answered_count counts. Every recount (topic merge, account deletion, the
    scale seed) uses this, so none counts members-only questions in the public number."""
    return and_(links.listing == Listing.ANSWERED, links.visibility == Visibility.PUBLIC)


def _shift_answered_count(topic_id: int, delta: int) -> None:
    # An UPDATE with an expression, so two transactions cannot lose each other's change.
    statement = update(Topic).where(Topic.id == topic_id)
    if delta < 0:
        statement = statement.where(Topic.answered_count > 0)
    db.session.execute(statement.values(answered_count=Topic.answered_count + delta))
