"""Issue 23 item 10: an anonymous asker is not named by their own reply on their question."""
from tests.factories import make_question, make_reply, make_user


def test_the_askers_own_reply_keeps_them_anonymous(db, client, login_as):
    asker = make_user("member", pseudonym="SecretAsker")
    question = make_question(asker, status="published")
    question.anonymous = True
    make_reply(question, asker, body="Thanks, that helped.")
    other = make_user("member", pseudonym="OpenReplier", approved_posts=5)
    make_reply(question, other, body="Same here.")
    db.session.commit()
    for viewer in (None, "member", "caregiver"):
        if viewer:
            login_as(viewer)
        page = client.get(f"/questions/{question.id}").get_data(as_text=True)
        assert "SecretAsker" not in page, viewer
        assert "OpenReplier" in page and "A community member" in page
    login_as("staff")
    assert "SecretAsker, posted anonymously" in client.get(f"/questions/{question.id}").get_data(as_text=True)
    login_as(asker)
    assert "you, posted anonymously" in client.get(f"/questions/{question.id}").get_data(as_text=True)
