"""Question.visible_to / Reply.visible_to: the where-clause and the loaded-row check are one rule.

Every combination of status, visibility, authorship and viewer role is checked three
ways: the SQL where-clause, can_view_question on the loaded row, and the rule as the
forum states it (written out here independently).
"""
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from forum.models import Question, Reply
from forum.models.posts import QUESTION_STATUSES
from forum.permissions import can_view_question
from tests.factories import make_question, make_reply, make_user

PUBLISHED = ("published", "answered")


def expected(viewer, question) -> bool:
    if viewer is None:
        return question.status in PUBLISHED and question.visibility == "public"
    if viewer.role in ("staff", "admin"):
        return True
    if viewer.role == "clinician" and viewer.is_verified_clinician:
        return question.status != "withdrawn"  # withdrawn: staff only (issue 23 item 14)
    return question.status in PUBLISHED or (question.author_id == viewer.id and question.status != "withdrawn")


def test_question_rule_agrees_in_sql_in_python_and_with_the_stated_rule(db):
    author = make_user("member")
    viewers = [None, author, make_user("member"), make_user("caregiver"), make_user("clinician"),
               make_user("clinician", verified=False), make_user("staff"), make_user("admin")]
    questions = [make_question(author, status=status, visibility=visibility)
                 for status in QUESTION_STATUSES for visibility in ("public", "members")]
    ids = [q.id for q in questions]
    for viewer in viewers:
        seen_by_sql = set(db.session.scalars(
            select(Question.id).where(Question.id.in_(ids), Question.visible_to(viewer))))
        as_user = viewer if viewer is not None else AnonymousUserMixin()
        for question in questions:
            want = expected(viewer, question)
            assert (question.id in seen_by_sql) is want, (viewer, question.status, question.visibility)
            assert can_view_question(as_user, question) is want
            assert can_view_question(None, question) is expected(None, question)


def test_reply_rule_shows_pending_and_hidden_replies_to_their_author_and_moderators_only(db):
    question = make_question(status="published")
    author = make_user("member")
    replies = {status: make_reply(question, author, status=status) for status in ("published", "pending", "hidden")}
    cases = [(None, {"published"}), (make_user("member"), {"published"}), (author, {"published", "pending", "hidden"}),
             (make_user("clinician", verified=False), {"published"}),
             (make_user("clinician"), {"published", "pending", "hidden"}),
             (make_user("staff"), {"published", "pending", "hidden"})]
    for viewer, statuses in cases:
        seen = set(db.session.scalars(select(Reply.status).where(Reply.question_id == question.id,
                                                                  Reply.visible_to(viewer))))
        assert seen == statuses, viewer
    assert {r.status for r in replies.values()} == {"published", "pending", "hidden"}
