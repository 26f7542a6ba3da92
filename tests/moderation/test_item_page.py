"""What a moderator reads on an item page (issue 17): when their claim ends, in their own time."""
from datetime import datetime, timezone

from moderation.services.claims import claim_item
from tests.factories import make_question, make_review_item, make_user


def test_the_claim_ends_in_the_viewer_s_time_zone_with_the_moment_for_the_browser(db, client, login_as):
    staff = make_user("staff")
    staff.time_zone = "America/New_York"
    item = claim_item(staff, make_review_item())
    item.claimed_until = datetime(2030, 1, 15, 17, 30, tzinfo=timezone.utc)
    db.session.commit()
    login_as(staff)
    page = client.get(f"/moderation/items/{item.id}").get_data(as_text=True)
    assert 'You hold this item until <time datetime="2030-01-15T17:30:00+00:00" data-local-time>12:30 EST</time>.' \
        in page
    assert "UTC" not in page.split('id="claim-heading"')[1].split("</section>")[0]


def test_the_item_says_who_the_author_is_and_what_they_posted_before(db, client, login_as):
    caregiver = make_user("caregiver", pseudonym="CaringCora")
    caregiver.email_verified_at = None
    make_question(caregiver, status="answered", title="An earlier question about knees")
    question = make_question(caregiver, status="pending", title="Can my mother shower after her knee replacement?")
    question.asking_for = "someone_else"
    item = make_review_item(question=question)
    db.session.commit()
    login_as("staff")
    page = client.get(f"/moderation/items/{item.id}").get_data(as_text=True)
    about = page[page.index('id="author-heading"'):]
    about = about[:about.index("</section>")]
    assert f'<a href="/moderation/people/{caregiver.id}">CaringCora</a>' in about and "caregiver" in about
    assert "<dd>Someone they care for</dd>" in about and "<dd>Not confirmed</dd>" in about
    assert "1 other question," in about and "0 other replies" in about
    login_as("clinician")  # clinicians cannot open the people pages: the name without a link
    page = client.get(f"/moderation/items/{item.id}").get_data(as_text=True)
    assert "CaringCora" in page and "/moderation/people/" not in page
