"""`flask demo scale`: synthetic volume that is consistent with what the services keep."""
from flask_login import AnonymousUserMixin
from sqlalchemy import func, select

from forum.models import Answer, Question, QuestionTopic, Reply, Resource, Topic, User
from forum.search import search
from forum.services.scale_seed import QUESTION_BODIES, SCALE_DOMAIN
from moderation.models import ReviewItem


def _scale(app, *args):
    return app.test_cli_runner().invoke(args=["demo", "scale", "--password", "scale-password-1", *args])


def test_scale_seed_makes_consistent_realistic_volume(app, db, client):
    result = _scale(app, "--questions", "300", "--clinicians", "6", "--resources", "40", "--batch-size", "70")
    assert result.exit_code == 0, result.output
    assert "questions: 280 / 300" in result.output  # a progress line per batch
    assert "Added 300 questions" in result.output
    db.session.expire_all()
    count = lambda statement: db.session.scalar(select(func.count()).select_from(statement.subquery()))  # noqa: E731
    scale_users = select(User).where(User.email.like(f"%@{SCALE_DOMAIN}"))
    assert count(scale_users.where(User.role.in_(("member", "caregiver")))) == 30
    assert count(scale_users.where(User.role == "clinician")) == 6
    assert count(select(Question)) == 300 and count(select(Reply)) == 900
    assert count(select(Resource).where(Resource.normalized_url.like("%/scale/%"))) == 40
    statuses = dict(db.session.execute(select(Question.status, func.count()).group_by(Question.status)).all())
    assert 180 <= statuses["answered"] <= 240 and 30 <= statuses["published"] <= 90
    assert 10 <= statuses.get("pending", 0) + statuses.get("returned", 0) + statuses.get("rejected", 0) <= 50

    # One published clinician answer per answered question, none elsewhere.
    answers = dict(db.session.execute(select(Answer.question_id, func.count()).group_by(Answer.question_id)).all())
    answered = set(db.session.scalars(select(Question.id).where(Question.status == "answered")))
    assert set(answers) == answered and set(answers.values()) == {1}
    assert not db.session.scalar(select(func.count(Answer.id)).join(User, User.id == Answer.clinician_id)
                                 .where(User.role != "clinician"))
    # Listings as sync_listing writes them, and the counters the home page shows.
    for link in db.session.scalars(select(QuestionTopic).join(QuestionTopic.question)):
        question = link.question
        expected = {"answered": "answered", "published": "unanswered"}.get(question.status)
        assert link.listing == expected and link.visibility == question.visibility
        assert link.listed_at == (question.answered_at if expected == "answered"
                                  else question.published_at if expected else None)
    for topic in db.session.scalars(select(Topic)):
        assert topic.answered_count == db.session.scalar(select(func.count()).where(
            QuestionTopic.topic_id == topic.id, QuestionTopic.listing == "answered",
            QuestionTopic.visibility == "public"))  # the public count: members-only questions stay out
    published_replies = dict(db.session.execute(select(Reply.question_id, func.count())
                                                .where(Reply.status == "published").group_by(Reply.question_id)).all())
    for question in db.session.scalars(select(Question)):
        assert question.reply_count == published_replies.get(question.id, 0)
        if question.published_at:
            assert question.created_at < question.published_at
        if question.answered_at:
            assert question.published_at < question.answered_at
    # Every pending question and pending reply waits in the queue.
    pending = count(select(Question).where(Question.status == "pending")) + \
        count(select(Reply).where(Reply.status == "pending"))
    assert count(select(ReviewItem).where(ReviewItem.status == "open")) == pending
    # Bodies come from a few templates rendered once; one password hash for every account.
    assert len(set(db.session.scalars(select(Question.body_html)))) <= len(QUESTION_BODIES)
    hashes = set(db.session.scalars(select(User.password_hash).where(User.email.like(f"%@{SCALE_DOMAIN}"))))
    assert len(hashes) == 1
    assert db.session.scalar(scale_users.limit(1)).check_password("scale-password-1")

    # The search index followed the inserts; the pages show the volume.
    public = db.session.scalar(select(Question).where(Question.status == "answered",
                                                      Question.visibility == "public").limit(1))
    word = public.primary_topic.name.split()[0]
    with app.test_request_context():
        hits = search(word, viewer=AnonymousUserMixin()).hits
    assert any(hit.url.endswith(f"/questions/{public.id}") for hit in hits) or len(hits) == 20
    page = client.get(f"/topics/{public.primary_topic.slug}")
    assert page.status_code == 200 and b"question-list" in page.data


def test_scale_seed_runs_again_and_adds_more(app, db):
    assert _scale(app, "--questions", "40", "--clinicians", "2", "--resources", "5").exit_code == 0
    second = _scale(app, "--questions", "30", "--clinicians", "2", "--resources", "5", "--seed", "8")
    assert second.exit_code == 0, second.output
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Question.id))) == 70
    assert db.session.scalar(select(func.count(Reply.id))) == 210


def test_scale_seed_refuses_production_and_needs_the_catalogue(app, db):
    app.config["ENV_NAME"] = "production"
    refused = _scale(app, "--questions", "10")
    assert refused.exit_code != 0 and "never created in production" in refused.output
    app.config["ENV_NAME"] = "testing"
    db.session.execute(Topic.__table__.update().values(retired_at=func.current_timestamp()))
    db.session.commit()
    empty = _scale(app, "--questions", "10")
    assert empty.exit_code != 0 and "catalogue" in empty.output
