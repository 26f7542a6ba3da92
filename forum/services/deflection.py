""""Already answered?": recording whether a patient shown similar answered questions
went on to post, so staff can see how many questions the suggestions save.

A row is written when suggestions are shown with outcome "left"; posting afterwards
turns it into "posted". Suggestions shown only by similar.js (no interstitial step) are
recorded when the question is posted; leaving after those is not seen.
"""
from datetime import datetime

from sqlalchemy import case, func, select

from forum.extensions import db
from forum.models import AskDeflection
from forum.permissions import PermissionDenied, can_ask
from forum.search import similar_suggestions
from forum.services.questions import ask_question

MAX_SHOWN = 5


def start_deflection(actor, shown_count: int) -> AskDeflection:
    """An asker (can_ask) was shown `shown_count` similar answered questions before posting.
    Counts as "left" until ask_after_suggestions() says otherwise. Raises PermissionDenied."""
    if not can_ask(actor):
        raise PermissionDenied()
    deflection = AskDeflection(user_id=actor.id, shown_count=max(0, min(shown_count, MAX_SHOWN)), outcome="left")
    db.session.add(deflection)
    db.session.flush()
    return deflection


def ask_after_suggestions(actor, *, deflection_id: int | None = None, shown_by_script: int = 0, **fields):
    """ask_question(), then record that the asker posted despite the suggestions: their own
    deflection row (from the interstitial step) becomes "posted", or, when only similar.js
    showed suggestions, a "posted" row is added. Errors as ask_question()."""
    question = ask_question(actor, **fields)
    deflection = db.session.get(AskDeflection, deflection_id) if deflection_id else None
    if deflection is not None and deflection.user_id == actor.id:
        deflection.outcome = "posted"
    elif shown_by_script > 0:
        db.session.add(AskDeflection(user_id=actor.id, shown_count=min(shown_by_script, MAX_SHOWN),
                                     outcome="posted"))
    db.session.flush()
    return question


def deflection_rate(since: datetime) -> tuple[float | None, int]:
    """Share of askers shown suggestions since `since` who did not post, and how many were shown.
    (None, 0) when nobody was shown any."""
    total, left = db.session.execute(
        select(func.count(AskDeflection.id), func.sum(case((AskDeflection.outcome == "left", 1), else_=0)))
        .where(AskDeflection.created_at >= since, AskDeflection.shown_count > 0)
    ).one()
    if not total:
        return None, 0
    return (left or 0) / total, total


def suggest_similar(actor, title: str):
    """Before a question is created: up to five similar answered questions (and up to three
    published articles) for the asker, with the deflection row recording that they were
    shown. (empty Suggestions, None) if there are none."""
    similar = similar_suggestions(title, viewer=actor, limit=MAX_SHOWN)
    if not similar:
        return similar, None
    return similar, start_deflection(actor, len(similar))
