"""available_actions(user, item) is the one rule for what a moderator may do with a review
item: the item page offers exactly those controls, and the services refuse the rest."""
import pytest
from sqlalchemy import select
from flask import url_for

from forum.models.enums import ItemAction as A
from forum.services import DomainError
from moderation.services import actions
from moderation.services.claims import claim_item, release_item
from moderation.services.item_actions import available_actions
from moderation.views.items import ACTION_FORMS
from tests.factories import make_review_item, make_user

HOLDING = {  # a verified clinician (staff for escalations) holding the claim
    "question": {A.RELEASE, A.ANSWER, A.PUBLISH, A.RETURN_QUESTION, A.REJECT, A.REDACT, A.ESCALATE},
    "resubmission": {A.RELEASE, A.ANSWER, A.PUBLISH, A.RETURN_QUESTION, A.REJECT, A.REDACT, A.ESCALATE},
    "reply": {A.RELEASE, A.APPROVE_REPLY, A.HIDE, A.REDACT, A.ESCALATE},
    "flag": {A.RELEASE, A.HIDE, A.DISMISS_FLAGS, A.REDACT, A.ESCALATE},
    "signoff": {A.RELEASE, A.SIGNOFF, A.ESCALATE},
    "escalation": {A.RELEASE, A.HIDE, A.REDACT},
}


def moderator_for(kind):
    return make_user("staff") if kind == "escalation" else make_user("clinician")


@pytest.mark.parametrize("kind", sorted(HOLDING))
def test_what_each_kind_offers_to_the_claim_holder_and_the_page_shows_just_that(app, db, client, login_as, kind):
    item = make_review_item(kind)
    moderator = moderator_for(kind)
    assert available_actions(moderator, item) == (A.CLAIM,)
    claim_item(moderator, item)
    assert set(available_actions(moderator, item)) == HOLDING[kind]
    db.session.commit()

    login_as(moderator)
    page = client.get(f"/moderation/items/{item.id}").get_data(as_text=True)
    with app.test_request_context():
        urls = {action: url_for(f"moderation.{action}", item_id=item.id) for action in (*ACTION_FORMS, A.ANSWER)}
    for action, url in urls.items():
        assert (f'"{url}"' in page) == (action in HOLDING[kind]), action


def test_staff_do_not_answer_and_nobody_acts_without_the_claim(db):
    item = make_review_item("question")
    staff, clinician, other = make_user("staff"), make_user("clinician"), make_user("clinician")
    claim_item(staff, item)
    assert A.ANSWER not in available_actions(staff, item) and A.PUBLISH in available_actions(staff, item)
    assert available_actions(clinician, item) == ()  # someone else holds it
    release_item(staff, item)
    assert available_actions(other, item) == (A.CLAIM,)


def test_an_answer_s_author_is_not_offered_its_sign_off(db, client, login_as):
    author = make_user("clinician")
    item = make_review_item("signoff", answered_by=author)
    claim_item(author, item)
    assert A.SIGNOFF not in available_actions(author, item)
    db.session.commit()
    login_as(author)
    assert f"/moderation/items/{item.id}/signoff" not in client.get(f"/moderation/items/{item.id}").get_data(as_text=True)


def test_a_handled_item_offers_nothing(db):
    item = make_review_item("question")
    clinician = make_user("clinician")
    claim_item(clinician, item)
    actions.publish_question(clinician, item, item.version)
    assert available_actions(clinician, item) == ()


@pytest.mark.parametrize(("kind", "call"), [
    # Hiding a question waiting for review skipped the return/reject workflow (no reason for
    # its author, item closed as "hidden"); the page never offered it, the service allowed it.
    ("question", lambda actor, item: actions.hide_post(actor, item, item.version, reason="Not suitable.")),
    ("reply", lambda actor, item: actions.dismiss_flags(actor, item, item.version)),
    ("reply", lambda actor, item: actions.publish_question(actor, item, item.version)),
    ("flag", lambda actor, item: actions.approve_reply(actor, item, item.version)),
    ("signoff", lambda actor, item: actions.redact_post(actor, item, item.version, text="Question")),
    ("escalation", lambda actor, item: actions.escalate_item(actor, item, item.version, reason="Again.")),
])
def test_the_services_refuse_what_available_actions_does_not_offer(db, kind, call):
    item = make_review_item(kind)
    moderator = moderator_for(kind)
    claim_item(moderator, item)
    with pytest.raises(DomainError):
        call(moderator, item)


def test_an_article_item_offers_its_own_steps_only(db):
    from moderation.models import ReviewItem
    from tests.factories import make_article

    article = make_article(status="in_review")
    item = db.session.scalar(select(ReviewItem).where(ReviewItem.article_id == article.id))
    reviewer, staff = make_user("clinician", specialties=("orthopaedics",)), make_user("staff")
    claim_item(reviewer, item)
    assert set(available_actions(reviewer, item)) == {A.RELEASE, A.ARTICLE_SIGN_OFF, A.ARTICLE_RETURN}
    release_item(reviewer, item)
    claim_item(staff, item)  # staff oversee sign-off items but do not sign off
    assert available_actions(staff, item) == (A.RELEASE,)
    with pytest.raises(DomainError):
        actions.publish_question(staff, item, item.version)
