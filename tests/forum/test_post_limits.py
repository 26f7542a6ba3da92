"""Issue 23 items 13 and 17: RATELIMIT_POST and RATELIMIT_FLAG are the limits asking, replying
and flagging use (a 429 at the configured number), and unconfirmed members cannot flag."""
import pytest
from sqlalchemy import func, select

from forum.models import Flag
from forum.services import DomainError
from forum.services.flags import flag_post
from tests.factories import make_question, make_user


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": True, "RATELIMIT_POST": "3 per hour", "RATELIMIT_FLAG": "2 per hour"}


def test_asking_and_replying_share_the_configured_post_limit(client, db, login_as):
    question = make_question(status="published")
    db.session.commit()
    login_as("member")
    statuses = [client.post("/questions/ask", data={}).status_code,
                client.post(f"/questions/{question.id}/reply", data={}).status_code,
                client.post("/questions/ask", data={}).status_code]
    assert 429 not in statuses
    assert client.post(f"/questions/{question.id}/reply", data={}).status_code == 429
    assert client.post("/questions/ask", data={}).status_code == 429
    assert client.get("/questions/ask").status_code == 200, "only POSTs are limited"


def test_flagging_uses_the_configured_flag_limit(client, db, login_as):
    questions = [make_question(status="published") for _ in range(3)]
    db.session.commit()
    login_as("member")
    for question in questions[:2]:
        assert client.post(f"/questions/{question.id}/flag", data={"reason": "spam"}).status_code == 302
    assert client.post(f"/questions/{questions[2].id}/flag", data={"reason": "spam"}).status_code == 429
    assert db.session.scalar(select(func.count(Flag.id))) == 2


def test_a_changed_setting_changes_the_limit(app, client, db, login_as):
    app.config["RATELIMIT_FLAG"] = "1 per hour"
    questions = [make_question(status="published") for _ in range(2)]
    db.session.commit()
    login_as("member")
    assert client.post(f"/questions/{questions[0].id}/flag", data={"reason": "spam"}).status_code == 302
    assert client.post(f"/questions/{questions[1].id}/flag", data={"reason": "spam"}).status_code == 429


def test_members_with_an_unconfirmed_email_cannot_flag(client, db, login_as):
    question = make_question(status="published")
    member = make_user("member")
    member.email_verified_at = None
    db.session.commit()
    with pytest.raises(DomainError, match="confirm your email"):
        flag_post(member, question, reason="at_risk")
    login_as(member)
    response = client.post(f"/questions/{question.id}/flag", data={"reason": "at_risk"})
    assert response.status_code == 400 and b"confirm your email" in response.data
    assert db.session.scalar(select(func.count(Flag.id))) == 0


@pytest.mark.parametrize("setting, allowed", [("2 per hour", 2), ("4 per hour", 4)])
def test_data_downloads_use_the_configured_download_limit(app, client, db, login_as, setting, allowed):
    """RATELIMIT_DOWNLOAD is the limit on downloading one's own data (it was a fixed 10 per hour)."""
    app.config["RATELIMIT_DOWNLOAD"] = setting
    login_as("member")
    statuses = [client.post("/account/privacy/download").status_code for _ in range(allowed + 1)]
    assert statuses == [200] * allowed + [429]
