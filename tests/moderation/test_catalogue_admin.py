"""Catalogue administration: merges keep every question and resource; all audited."""
import pytest
from sqlalchemy import func, select

from forum.models import AuditEntry, Question, QuestionTopic, Resource, Subscription, Topic, resource_topics
from forum.services import DomainError
from moderation.models import ReviewItem
from moderation.services.catalogue_admin import (create_topic, merge_topics, rename_topic, retire_topic,
                                                 set_high_risk, update_specialty)
from tests.factories import make_question, make_resource, make_user, specialty, topic


def test_merge_moves_every_question_and_resource(db):
    staff = make_user("staff")
    source, target = topic("atrial-fibrillation"), topic("heart-failure")
    only_source = make_question(status="answered", topics=("atrial-fibrillation",))
    both = make_question(status="answered", topics=("atrial-fibrillation", "heart-failure"))  # primary: source
    only_target = make_question(status="answered", topics=("heart-failure",))
    pending = make_question(topics=("atrial-fibrillation", "knee-replacement"))
    db.session.add(ReviewItem(kind="question", question_id=pending.id, topic_id=source.id,
                              specialty_id=source.specialty_id))
    shared = make_resource("shared", topics=("atrial-fibrillation", "heart-failure"))
    moved = make_resource("moved", topics=("atrial-fibrillation",))
    follower = make_user()
    db.session.add_all([Subscription(user_id=follower.id, topic_id=source.id),
                        Subscription(user_id=follower.id, topic_id=target.id),
                        Subscription(user_id=make_user().id, topic_id=source.id)])
    db.session.commit()
    questions_before = db.session.scalar(select(func.count(Question.id)))

    merge_topics(staff, source, target)
    db.session.commit()

    assert db.session.scalar(select(func.count(Question.id))) == questions_before
    assert db.session.scalar(select(func.count()).select_from(QuestionTopic).where(
        QuestionTopic.topic_id == source.id)) == 0
    for question in (only_source, both, only_target, pending):
        assert target in question.topics, question.id
    assert only_source.primary_topic_id == target.id and both.primary_topic_id == target.id
    assert [link.is_primary for link in both.topic_links] == [True]
    assert {t.slug for t in pending.topics} == {"heart-failure", "knee-replacement"}
    assert db.session.scalar(select(ReviewItem.topic_id).where(ReviewItem.question_id == pending.id)) == target.id
    assert {r.title for r in db.session.scalars(Resource.vetted_for_topic(target.id))} == {"shared", "moved"}
    assert db.session.scalar(select(func.count()).select_from(resource_topics)
                             .where(resource_topics.c.topic_id == source.id)) == 0
    assert db.session.scalar(select(func.count(Subscription.id)).where(Subscription.topic_id == target.id)) == 2
    assert (target.answered_count, source.answered_count) == (3, 0)
    assert source.retired_at is not None
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "topic.merge"))
    assert entry.target_id == source.id and f"topic {target.id}" in entry.reason
    with pytest.raises(DomainError):
        merge_topics(staff, source, target)  # the source is retired now
    assert [t.slug for t in shared.topics] == ["heart-failure"] and [t.slug for t in moved.topics] == ["heart-failure"]


def test_create_rename_retire_and_high_risk(db):
    staff = make_user("staff")
    created = create_topic(staff, kind="condition", name="  Heart  murmur ", description="d",
                           specialty_id=specialty().id)
    assert (created.name, created.slug) == ("Heart murmur", "heart-murmur")
    with pytest.raises(DomainError, match="already exists"):
        create_topic(staff, kind="condition", name="heart murmur", description="", specialty_id=specialty().id)
    rename_topic(staff, created, name="Heart murmurs")
    assert created.slug == "heart-murmur"
    set_high_risk(staff, created, high_risk=True)
    assert created.high_risk
    retire_topic(staff, created)
    assert created.retired_at is not None and created not in db.session.scalars(Topic.active()).all()
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.target_kind == "topic")).all()
    assert actions == ["topic.create", "topic.rename", "topic.high_risk", "topic.retire"]


def test_specialty_target_and_lead(db):
    staff = make_user("staff")
    lead = make_user("clinician", specialties=("cardiology",))
    outsider = make_user("clinician", specialties=("orthopaedics",))
    cardiology = specialty()
    update_specialty(staff, cardiology, answer_target_hours=24, lead_clinician_id=lead.id)
    assert (cardiology.answer_target_hours, cardiology.lead_clinician_id) == (24, lead.id)
    assert cardiology.answer_target_text == "a clinician usually answers within 1 day"
    with pytest.raises(DomainError, match="verified clinician in this specialty"):
        update_specialty(staff, cardiology, answer_target_hours=24, lead_clinician_id=outsider.id)
    with pytest.raises(DomainError, match="between 1 and"):
        update_specialty(staff, cardiology, answer_target_hours=0, lead_clinician_id=None)


def test_staff_pages(db, client, login_as):
    login_as(make_user("staff"))
    assert client.get("/moderation/catalogue").status_code == 200
    response = client.post("/moderation/catalogue/topics", data={"kind": "procedure", "name": "Stent",
                                                                 "description": "", "specialty_id": specialty().id})
    assert response.status_code == 302
    stent = db.session.scalar(select(Topic).where(Topic.slug == "stent"))
    assert client.get(f"/moderation/catalogue/topics/{stent.id}").status_code == 200
    response = client.post(f"/moderation/catalogue/topics/{stent.id}/merge", data={"target_id": stent.id})
    assert response.status_code == 400 and "different topic" in response.get_data(as_text=True)
    response = client.post(f"/moderation/catalogue/topics/{stent.id}/merge",
                           data={"target_id": topic("heart-failure").id})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Topic, stent.id).retired_at is not None
    page = client.get("/moderation/specialties")
    assert page.status_code == 200 and "clinician usually answers within 2 days" in page.get_data(as_text=True)
    cardiology = specialty()
    response = client.post(f"/moderation/specialties/{cardiology.id}",
                           data={f"s{cardiology.id}-answer_target_hours": "12", f"s{cardiology.id}-lead_clinician_id": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert specialty().answer_target_hours == 12
