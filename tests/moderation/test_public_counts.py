"""Issue 23 item 12: every recount of Topic.answered_count (topic merge, account deletion)
counts public answered questions only, as sync_listing does."""
from forum.models import Topic
from forum.services.privacy import delete_account
from moderation.services.catalogue_admin import merge_topics
from tests.factories import PASSWORD, make_question, make_user, topic


def test_merge_counts_only_public_answered_questions(db):
    source, target = topic("atrial-fibrillation"), topic("heart-failure")
    make_question(status="answered", topics=("atrial-fibrillation",))
    make_question(status="answered", topics=("atrial-fibrillation",), visibility="members")
    make_question(status="answered", topics=("heart-failure",), visibility="members")
    db.session.commit()
    assert target.answered_count == 0 and source.answered_count == 1
    merge_topics(make_user("staff"), source, target)
    db.session.commit()
    assert db.session.get(Topic, target.id).answered_count == 1


def test_deleting_an_account_takes_only_its_public_answers_off_the_count(app, db):
    app.config["DELETION_KEEPS_ANSWERED_QUESTIONS"] = False
    member = make_user("member")
    make_question(member, status="answered", topics=("heart-failure",), visibility="members")
    make_question(make_user("member"), status="answered", topics=("heart-failure",))
    db.session.commit()
    heart = topic("heart-failure")
    assert heart.answered_count == 1
    delete_account(member, member, password=PASSWORD, mode="delete")
    db.session.commit()
    assert db.session.get(Topic, heart.id).answered_count == 1
