"""How authors are named: "Former member" after deletion, "A community member" when anonymous."""
from forum.services.privacy import delete_account
from forum.platform.templating import display_name
from tests.factories import PASSWORD, make_question, make_reply, make_user


def test_display_name_rules(app, db):
    member = make_user("member", pseudonym="QuietOtter")
    other = make_user("member")
    moderator = make_user("staff")
    assert display_name(None) == "Former member"
    assert display_name(member) == "QuietOtter"
    assert display_name(member, anonymous=True, viewer=other) == "A community member"
    assert display_name(member, anonymous=True, viewer=member) == "A community member (you, posted anonymously)"
    assert "QuietOtter" in display_name(member, anonymous=True, viewer=moderator)
    member.status = "deleted"
    assert display_name(member, viewer=moderator) == "Former member"


def test_posts_kept_after_deletion_say_former_member(client, db, login_as):
    leaver = make_user("member", pseudonym="LeavingLark")
    question = make_question(leaver, status="answered", title="My question about heart failure")
    make_reply(question, make_user("member", approved_posts=10, pseudonym="StayingStork"))
    other_question = make_question(status="published")
    make_reply(other_question, leaver, body="A reply from someone who later left.")
    delete_account(leaver, leaver, password=PASSWORD, mode="keep")
    db.session.commit()
    assert leaver.status == "deleted" and leaver.pseudonym.startswith("former-member-")
    for viewer in (None, "member", "staff"):
        if viewer:
            login_as(viewer)
        for page_question in (question, other_question):
            page = client.get(f"/questions/{page_question.id}").get_data(as_text=True)
            assert "former-member-" not in page
            assert "Former member" in page
    page = client.get(f"/questions/{question.id}").get_data(as_text=True)
    assert "StayingStork" in page


def test_anonymous_questions_name_the_author_only_to_moderators(client, db, login_as):
    author = make_user("member", pseudonym="ShyWren")
    question = make_question(author, status="published")
    question.anonymous = True
    db.session.commit()
    assert "ShyWren" not in client.get(f"/questions/{question.id}").get_data(as_text=True)
    login_as("member")
    page = client.get(f"/questions/{question.id}").get_data(as_text=True)
    assert "A community member" in page and "ShyWren" not in page
    login_as("staff")
    assert "ShyWren, posted anonymously" in client.get(f"/questions/{question.id}").get_data(as_text=True)
