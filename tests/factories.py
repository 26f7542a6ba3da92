"""Test factories: each builds a valid object, flushes and returns it (never commits)."""
import itertools

from sqlalchemy import select

from forum.extensions import db
from forum.models import Answer, ClinicianProfile, Question, QuestionTopic, Reply, Resource, Specialty, Topic, User
from forum.models.base import utcnow
from forum.models.policies import REQUIRED_POLICIES
from forum.rendering import render_markdown
from forum.services.listing import sync_listing
from forum.services.policies import accept_current_policies, publish_policy

PASSWORD = "correct horse battery staple"
_seq = itertools.count(1)


def seed_basics() -> None:
    """Two specialties, a few topics and version 1 of every policy: what most tests need."""
    cardiology = Specialty(slug="cardiology", name="Cardiology")
    orthopaedics = Specialty(slug="orthopaedics", name="Orthopaedics")
    endocrinology = Specialty(slug="endocrinology", name="Endocrinology and diabetes")
    db.session.add_all([cardiology, orthopaedics, endocrinology])
    db.session.flush()
    db.session.add_all([
        Topic(kind="condition", name="Heart failure", slug="heart-failure", specialty_id=cardiology.id,
              description="The heart does not pump as well as it should."),
        Topic(kind="condition", name="Atrial fibrillation", slug="atrial-fibrillation",
              specialty_id=cardiology.id, description="An irregular, often fast, heart rhythm."),
        Topic(kind="procedure", name="Knee replacement", slug="knee-replacement",
              specialty_id=orthopaedics.id, description="Surgery to replace a worn knee joint."),
        Topic(kind="condition", name="Type 2 diabetes", slug="type-2-diabetes",
              specialty_id=endocrinology.id, description="The body does not use insulin well."),
    ])
    for kind in ("community_guidelines", "clinician_guidelines", "staff_policy"):
        publish_policy(None, kind, summary="First version.", body_md=f"{kind} text, clause 1.")
    db.session.flush()


def topic(slug: str = "heart-failure") -> Topic:
    return db.session.scalar(select(Topic).where(Topic.slug == slug))


def specialty(slug: str = "cardiology") -> Specialty:
    return db.session.scalar(select(Specialty).where(Specialty.slug == slug))


def make_user(role: str = "member", *, verified: bool = True, specialties=("cardiology",),
              pseudonym: str | None = None, email: str | None = None, password: str = PASSWORD,
              approved_posts: int = 0, accept_policies: bool = True) -> User:
    n = next(_seq)
    pseudonym = pseudonym or f"{role.capitalize()}{n}"
    user = User(email=email or f"{role}{n}@example.test", pseudonym=pseudonym,
                pseudonym_key=pseudonym.casefold(), role=role, approved_post_count=approved_posts,
                email_verified_at=utcnow())
    if password == PASSWORD:
        user.password_hash = _hash()
    else:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    if role == "clinician":
        profile = ClinicianProfile(user_id=user.id, full_name=f"Dr Test {n}", credentials="MD",
                                   licence_number=f"LIC-{n}", bio="")
        profile.specialties = [specialty(s) for s in specialties]
        if verified:
            profile.verified_at = utcnow()
        db.session.add(profile)
        db.session.flush()
    if accept_policies:
        accept_current_policies(user, REQUIRED_POLICIES[role])
    return user


_password_hash_cache: dict[str, str] = {}


def _hash() -> str:
    """scrypt is slow on purpose; hash the shared test password once per process."""
    if PASSWORD not in _password_hash_cache:
        probe = User()
        probe.set_password(PASSWORD)
        _password_hash_cache[PASSWORD] = probe.password_hash
    return _password_hash_cache[PASSWORD]


def make_question(author: User | None = None, *, status: str = "pending", topics=("heart-failure",),
                  title: str | None = None, body: str = "What should I expect in the first weeks?",
                  visibility: str = "public", answered: bool = False, language: str = "en") -> Question:
    author = author or make_user("member")
    n = next(_seq)
    now = utcnow()
    linked = [topic(slug) for slug in topics]
    question = Question(
        author_id=author.id, title=title or f"Question number {n} about my condition",
        body_md=body, body_html=render_markdown(body), status=status, visibility=visibility,
        primary_topic_id=linked[0].id, created_at=now, updated_at=now, language=language,
        published_at=now if status in ("published", "answered") else None,
        answered_at=now if status == "answered" else None,
    )
    db.session.add(question)
    db.session.flush()
    for index, linked_topic in enumerate(linked):
        db.session.add(QuestionTopic(question_id=question.id, topic_id=linked_topic.id, is_primary=index == 0))
    db.session.flush()
    db.session.expire(question, ["topic_links"])
    sync_listing(question)  # listings and Topic.answered_count, as every status change does
    return question


def make_reply(question: Question, author: User | None = None, *, status: str = "published",
               body: str = "I had the same and it got better.") -> Reply:
    author = author or make_user("member", approved_posts=10)
    reply = Reply(question_id=question.id, author_id=author.id, body_md=body,
                  body_html=render_markdown(body), status=status,
                  by_clinician=author.role == "clinician")
    db.session.add(reply)
    if status == "published":
        question.reply_count += 1
    db.session.flush()
    return reply


def make_answer(question: Question, clinician: User | None = None, *, body: str = "An answer from a clinician.",
                status: str = "published") -> Answer:
    """A clinician's answer stored as it is (no workflow: the question's status is left alone)."""
    clinician = clinician or make_user("clinician")
    answer = Answer(question_id=question.id, clinician_id=clinician.id, body_md=body,
                    body_html=render_markdown(body), status=status)
    db.session.add(answer)
    db.session.flush()
    return answer


def make_resource(title: str = "Living with heart failure", *, summary: str = "A guide to daily life.",
                  status: str = "vetted", topics=("heart-failure",), publisher: str = "NHS") -> Resource:
    """A library resource stored directly (vetted ones carry vetted_at); each gets its own URL.
    Tests of the vetting rules go through moderation.services.resources instead."""
    url = f"https://library.example/{next(_seq)}"
    resource = Resource(title=title, url=url, normalized_url=url, publisher=publisher, summary=summary,
                        status=status, vetted_at=utcnow() if status == "vetted" else None)
    resource.topics = [topic(slug) for slug in topics]
    db.session.add(resource)
    db.session.flush()
    return resource


def make_review_item(kind: str = "question", *, question: Question | None = None, author: User | None = None,
                     answered_by: User | None = None):
    """An open review item of `kind` as the workflow queues it: a pending question
    ("question"/"resubmission"), a pending reply ("reply"), a flagged published question
    (by flag_post), an answer awaiting sign-off by `answered_by` ("signoff"), or an escalated
    flag ("escalation"). Built through moderation.services.queue where it queues one."""
    from forum.services.flags import flag_post
    from moderation.models import ReviewItem
    from moderation.services.queue import queue_question, queue_reply

    if kind in ("question", "resubmission"):
        return queue_question(question or make_question(author), resubmitted=kind == "resubmission")
    if kind == "reply":
        return queue_reply(make_reply(question or make_question(status="published"), author, status="pending"))
    question = question or make_question(author, status="published")
    if kind == "flag":  # flag_post's signal queues the item
        flag = flag_post(make_user("member"), question, reason="harassment")
        return db.session.scalar(select(ReviewItem).where(ReviewItem.kind == kind, ReviewItem.question_id == flag.question_id))
    if kind == "signoff":
        answer = make_answer(question, answered_by, status="pending_signoff")
        item = ReviewItem(kind=kind, question_id=question.id, answer_id=answer.id, topic_id=question.primary_topic_id,
                          specialty_id=question.primary_topic.specialty_id, note="High-risk topic.")
    elif kind == "escalation":
        item = ReviewItem(kind=kind, question_id=question.id, topic_id=question.primary_topic_id,
                          specialty_id=question.primary_topic.specialty_id, note="Flagged post: needs staff.")
    else:
        raise ValueError(f"no review item of kind {kind!r}")
    db.session.add(item)
    db.session.flush()
    return item


def make_article(author: User | None = None, *, title: str = "What to expect after a knee replacement",
                 topics=("knee-replacement",), status: str = "draft", **fields):
    """A draft article by a verified clinician (of orthopaedics unless `author` is given),
    written through forum.services.articles.write_article; `status="in_review"` submits it."""
    from forum.services.articles import SUBMIT_CHECKLIST, submit_article, write_article

    author = author or make_user("clinician", specialties=("orthopaedics",))
    values = {"summary": "How the first weeks usually go, and what helps.", "kind": "what_to_expect",
              "body": "Most people walk with help on the first day.\n\nSwelling settles over weeks.", **fields}
    article = write_article(author, title=title, topic_ids=[topic(slug).id for slug in topics], **values)
    if status == "in_review":
        submit_article(author, article, confirmed=set(SUBMIT_CHECKLIST))
    return article


def publish_article(article, reviewer: User, staff: User):
    """Take a submitted article through the queue: `reviewer` signs off, `staff` approve."""
    from moderation.models import ReviewItem
    from moderation.services.articles import approve_article, sign_off_article
    from moderation.services.claims import claim_item

    for actor, step in ((reviewer, sign_off_article), (staff, approve_article)):
        item = db.session.scalar(select(ReviewItem).where(ReviewItem.article_id == article.id,
                                                          ReviewItem.status == "open"))
        claim_item(actor, item)
        step(actor, item, item.version)
    return article
