"""`flask demo content`: the sample community, made through the real workflow, once."""
from sqlalchemy import func, select

from forum.models import Answer, Article, Question, Reply, Topic, User
from forum.safety import assess_crisis, detect_phi
from moderation.demo_content import DEMO_QUESTIONS
from moderation.models import ReviewItem


def _counts(db):
    return tuple(db.session.scalar(select(func.count()).select_from(model)) for model in
                 (User, Question, Answer, Reply, ReviewItem))


def _seed_everything(app):
    runner = app.test_cli_runner()
    for args in (["catalogue", "seed"], ["demo", "seed", "--password", "demo-password-for-test"],
                 ["resources", "seed"], ["demo", "content"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    return result


def test_demo_content_is_created_once_through_the_workflow(app, db, client):
    result = _seed_everything(app)
    assert "12 questions" in result.output and "3 published articles" in result.output
    first = _counts(db)
    statuses = dict(db.session.execute(select(Question.status, func.count()).group_by(Question.status)).all())
    assert statuses == {"answered": 8, "published": 1, "pending": 3}
    # Pending questions wait in the queue as real review items; nothing is urgent or flagged.
    open_items = db.session.scalars(select(ReviewItem).where(ReviewItem.status == "open")).all()
    assert len(open_items) == 3 and all(item.kind == "question" and not item.urgent for item in open_items)
    # Three articles, signed off by a second clinician of the specialty and published by staff.
    articles = db.session.scalars(select(Article).order_by(Article.id)).all()
    assert len(articles) == 3 and all(a.live and a.status == "published" for a in articles)
    assert {a.reviewed_by.pseudonym for a in articles} == {"DrNoorGP"}
    assert [a.author.pseudonym for a in articles] == ["DrAdaCardio", "DrIrisOrtho", "DrTomasEndo"]
    assert articles[0].live_media_url and articles[0].live_media_transcript
    assert db.session.scalar(select(func.count()).select_from(Question).where(
        (Question.crisis_level != "none") | Question.phi_flagged)) == 0
    # Answers by the right demo clinicians, with vetted resources from `resources seed`.
    answers = db.session.scalars(select(Answer)).all()
    assert {a.clinician.pseudonym for a in answers} == {"DrAdaCardio", "DrIrisOrtho", "DrTomasEndo"}
    assert all(a.status == "published" and a.resources for a in answers)
    assert db.session.scalar(select(func.count()).select_from(Reply).where(Reply.status == "published")) == 8
    assert db.session.scalar(select(Reply).where(Reply.by_clinician)) is not None
    heart_failure = db.session.scalar(select(Topic).where(Topic.slug == "heart-failure"))
    assert heart_failure.answered_count == 2

    again = app.test_cli_runner().invoke(args=["demo", "content"])
    assert again.exit_code == 0 and "nothing added" in again.output
    rerun = _seed_everything(app)
    assert "nothing added" in rerun.output
    assert _counts(db) == first

    home = client.get("/")
    assert home.status_code == 200
    assert "Why do I need a blood thinner for atrial fibrillation?".encode() in home.data
    assert b"What happens during a cardioversion?" not in home.data  # still pending
    assert "Latest from our clinicians".encode() in home.data and b"Five myths about type 2 diabetes" in home.data


def test_demo_content_needs_the_demo_accounts(app):
    result = app.test_cli_runner().invoke(args=["demo", "content"])
    assert result.exit_code != 0 and "demo seed" in result.output


def test_demo_texts_do_not_trip_the_safety_detectors():
    for _slug, _asker, _for, title, body, _outcome, answer, replies in DEMO_QUESTIONS:
        for text in (title, body, answer, *(reply for _author, reply in replies)):
            assert not detect_phi(text), text
            assert assess_crisis(text) == "none", text
