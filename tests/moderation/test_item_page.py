"""What a moderator reads on an item page (issue 17): when their claim ends, in their own time."""
from datetime import datetime, timezone

from moderation.services.claims import claim_item
from tests.factories import make_review_item, make_user


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
