"""Synthetic volume for benchmarks: N questions with replies, answers, members, clinicians
and resources, in realistic proportions and consistent with what the services keep.

Development and benchmarks only (`flask demo scale`; the CLI refuses production). Rows go
in with Core INSERT ... executemany in batches, one transaction per batch, so the
database's own triggers (the SQLite FTS5 search index) and generated columns
(PostgreSQL search vectors) index them as they would index real posts. Post bodies are
a handful of templates rendered once through forum.rendering; every synthetic account
shares one password hash (scrypt is slow on purpose). Each run adds new rows after the
highest existing ids, so it can be run again to add more.

Kept consistent with the services: QuestionTopic.listing/listed_at/visibility (what
sync_listing writes), Question.reply_count (published replies), Topic.answered_count
(recounted from the listings at the end), an open review item for every pending
question and pending reply, and one published clinician answer per answered question.
"""
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, insert, select, text, update

from forum.extensions import db
from forum.models import (Answer, ClinicianProfile, PolicyAcceptance, Question, QuestionTopic, Reply, Resource,
                          Topic, User, clinician_specialties, resource_topics)
from forum.models.base import utcnow
from forum.models.enums import (PUBLIC_QUESTION_STATUSES, AccountStatus, AnswerStatus, AskingFor, CrisisLevel, ItemKind,
                                ItemStatus, Listing, QuestionStatus, ReplyStatus, ResourceStatus, Role, Visibility)
from forum.models.policies import REQUIRED_POLICIES, PolicyVersion
from forum.rendering import render_markdown
from forum.services import DomainError
from forum.services.listing import counted_as_answered

SCALE_DOMAIN = "scale.rounds.invalid"
# Share of questions in each status: about 70% answered, 20% waiting, 10% in review or closed.
STATUS_MIX = ((QuestionStatus.ANSWERED, 70), (QuestionStatus.PUBLISHED, 20), (QuestionStatus.PENDING, 5),
              (QuestionStatus.RETURNED, 2.5), (QuestionStatus.REJECTED, 2.5))
MEMBERS_ONLY_SHARE = 0.1
PENDING_REPLY_SHARE = 0.03
CLINICIAN_REPLY_SHARE = 0.05
HISTORY_DAYS = 730

QUESTION_BODIES = (
    "I was diagnosed last month and I am still trying to understand what it means day to day.\n\n"
    "- How often should I have check-ups?\n- Is it safe to keep walking every morning?\n\n"
    "Thank you for any advice.",
    "My mother has this and she gets **very tired** in the afternoons. Her tablets were changed two weeks "
    "ago. Could the new dose be the reason, or is it something we should ask her GP about?",
    "I have my operation booked in six weeks. What can I do now to make the recovery easier, and how long "
    "before I can drive again?",
    "Since starting the new medication I have had a dry cough at night. Is that a known side effect, and "
    "should I stop taking it until I see my doctor?",
    "I keep reading different things online about diet. Which foods should I *actually* avoid, and is "
    "coffee allowed?\n\n1. Salt?\n2. Alcohol?\n3. Caffeine?",
    "The swelling in my ankles is worse in the evening. It goes down overnight. When should I worry?",
    "Our son is twelve and has just been diagnosed. How do other families explain it to children, and "
    "are there school activities he should skip?",
    "My results came back 'borderline'. What does that usually mean, and what questions should I take to "
    "my next appointment?",
)
ANSWER_BODIES = (
    "Thank you for asking. What you describe is common in the first months.\n\n"
    "- Keep a short daily diary of symptoms and doses.\n- Bring it to your next review.\n\n"
    "If you notice chest pain, fainting or sudden breathlessness, call emergency services.",
    "Changes in dose often cause **tiredness** for two to four weeks while the body adjusts. It is worth "
    "asking the prescriber whether the timing of the tablets can change. Do not stop a medicine on your "
    "own without advice.",
    "Preparation helps: stay as active as you comfortably can, stop smoking if you smoke, and arrange help "
    "at home for the first two weeks. Most people may drive again after about six weeks, once they can do "
    "an emergency stop safely; check with your surgical team and insurer.",
    "Yes, this is a recognised side effect of that group of medicines. It is not dangerous in itself, but "
    "talk to your doctor: there are alternatives that do not cause it.",
    "A balanced diet matters more than any single food. Limit salt to under 6 g a day, keep alcohol within "
    "the usual limits, and moderate amounts of coffee are fine for most people.",
    "Evening swelling that settles overnight is common. Raise your legs when resting and see your GP within "
    "a few days if it spreads above the knee, is on one side only, or comes with breathlessness.",
)
REPLY_BODIES = (
    "I had the same thing last year and it settled after a few weeks. Hang in there.",
    "Our clinic gave us a leaflet about this; ask the nurse for it, it helped us a lot.",
    "Writing questions down before the appointment made a big difference for me.",
    "Same here. Gentle walking every day helped more than I expected.",
    "I found the support group at our hospital really useful for this kind of thing.",
    "Thank you for posting this, I was wondering the same.",
)
TITLE_PATTERNS = (
    "Is it normal to feel {word} with {topic}?",
    "How long does recovery take after {topic}?",
    "{Topic}: should I worry about {word}?",
    "Can I keep {word} while living with {topic}?",
    "What questions should I ask about {topic} and {word}?",
    "{Topic} and {word}: what helped you?",
    "Does {topic} get better with {word}?",
    "New diagnosis of {topic}, and {word} at night",
)
TITLE_WORDS = (
    "tired", "dizzy", "breathless", "swelling", "exercise", "walking", "driving", "work", "travel", "diet",
    "coffee", "sleep", "pain", "stairs", "flying", "swimming", "alcohol", "stress", "anxiety", "medication",
    "cough", "palpitations", "appetite", "weight", "headaches", "numbness", "stiffness", "bruising",
)
RESOURCE_PUBLISHERS = ("NHS", "Mayo Clinic", "British Heart Foundation", "Diabetes UK", "Versus Arthritis",
                       "MedlinePlus", "Cleveland Clinic", "NICE")
RESOURCE_FORMATS = (("article", 70), ("video", 15), ("pdf", 10), ("tool", 5))


@dataclass
class ScaleReport:
    members: int = 0
    clinicians: int = 0
    resources: int = 0
    questions: int = 0
    answers: int = 0
    replies: int = 0
    review_items: int = 0
    by_status: dict = field(default_factory=dict)


def _next_id(model) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def _insert(table, rows: list[dict]) -> None:
    if rows:
        db.session.execute(insert(table), rows)


def _pick(weighted) -> tuple[tuple, tuple]:
    values, weights = zip(*weighted)
    return values, weights


def _fix_sequences(tables) -> None:
    """Explicit ids leave PostgreSQL's sequences behind; move them past the highest id."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        # Table names come from the fixed tuple in the caller, never from input.
        db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # nosec B608
                                f"(SELECT coalesce(max(id), 1) FROM {table}))"))


def _accounts(rng, *, members: int, clinicians: int, password_hash: str, specialties: list[int],
              batch_size: int, commit: Callable, say: Callable) -> tuple[list[int], dict[int, list[int]]]:
    """Members (a fifth of them caregivers) and verified clinicians; returns member ids and
    clinician ids by specialty."""
    now = utcnow()
    policies = {kind: version_id for kind, version_id in db.session.execute(
        select(PolicyVersion.kind, func.max(PolicyVersion.id)).group_by(PolicyVersion.kind))}
    staff_id = db.session.scalar(select(User.id).where(User.role.in_((Role.STAFF, Role.ADMIN))).order_by(User.id))
    first = _next_id(User)
    member_ids, clinician_ids = [], {}
    total = members + clinicians
    for start in range(0, total, batch_size):
        users, profiles, links, acceptances = [], [], [], []
        for n in range(start, min(start + batch_size, total)):
            user_id = first + n
            clinician = n >= members
            role = Role.CLINICIAN if clinician else (Role.CAREGIVER if n % 5 == 4 else Role.MEMBER)
            pseudonym = f"Scale{'Dr' if clinician else 'Member'}{user_id}"
            joined = now - timedelta(days=rng.uniform(1, HISTORY_DAYS + 30))
            users.append({
                "id": user_id, "email": f"{role}{user_id}@{SCALE_DOMAIN}", "password_hash": password_hash,
                "pseudonym": pseudonym, "pseudonym_key": pseudonym.casefold(), "role": role,
                "status": AccountStatus.ACTIVE,
                "session_token": secrets.token_urlsafe(24), "approved_post_count": 5,
                "email_verified_at": joined, "created_at": joined, "failed_logins": 0,
            })
            for kind in REQUIRED_POLICIES[role]:
                if kind in policies:
                    acceptances.append({"user_id": user_id, "policy_version_id": policies[kind], "accepted_at": joined})
            if clinician:
                specialty_id = specialties[(n - members) % len(specialties)]
                clinician_ids.setdefault(specialty_id, []).append(user_id)
                profiles.append({"user_id": user_id, "full_name": f"Dr Synthetic {user_id}", "credentials": "MD",
                                 "licence_number": f"SCALE-{user_id}", "bio": "", "verified_by_id": staff_id,
                                 "verified_at": joined})
                links.append({"clinician_id": user_id, "specialty_id": specialty_id})
            else:
                member_ids.append(user_id)
        _insert(User.__table__, users)
        _insert(ClinicianProfile.__table__, profiles)
        _insert(clinician_specialties, links)
        _insert(PolicyAcceptance.__table__, acceptances)
        commit()
        say(f"  accounts: {min(start + batch_size, total):,} / {total:,}")
    return member_ids, clinician_ids


def _resources(rng, *, count: int, topics: list[Topic], vetter_id: int | None, batch_size: int,
               commit: Callable, say: Callable) -> int:
    now = utcnow()
    first = _next_id(Resource)
    formats, format_weights = _pick(RESOURCE_FORMATS)
    for start in range(0, count, batch_size):
        rows, links = [], []
        for n in range(start, min(start + batch_size, count)):
            resource_id = first + n
            topic = topics[n % len(topics)]
            vetted = n % 10 != 9  # one in ten still waits to be vetted
            moment = now - timedelta(days=rng.uniform(1, HISTORY_DAYS))
            publisher = RESOURCE_PUBLISHERS[n % len(RESOURCE_PUBLISHERS)]
            url = f"https://example.org/scale/{resource_id}/{topic.slug}"
            rows.append({
                "id": resource_id, "title": f"{topic.name}: a guide for patients ({resource_id})", "url": url,
                "normalized_url": url, "publisher": publisher,
                "summary": f"What to expect with {topic.name.lower()}, in plain language.",
                "audience": "both", "language": "en", "format": rng.choices(formats, format_weights)[0],
                "status": ResourceStatus.VETTED if vetted else ResourceStatus.PROPOSED,
                "vetted_by_id": vetter_id if vetted else None,
                "vetted_at": moment if vetted else None,
                "next_review_at": moment + timedelta(days=365) if vetted else None,
                "link_broken": False, "created_at": moment, "updated_at": moment,
            })
            links.append({"resource_id": resource_id, "topic_id": topic.id})
        _insert(Resource.__table__, rows)
        _insert(resource_topics, links)
        commit()
        say(f"  resources: {min(start + batch_size, count):,} / {count:,}")
    return count


def seed_scale(*, questions: int, replies: int | None = None, members: int | None = None,
               clinicians: int = 50, resources: int = 500, password: str, seed: int = 7,
               batch_size: int = 5000, progress: Callable[[str], None] | None = None,
               end_batch: Callable[[], None] | None = None) -> ScaleReport:
    """Add `questions` questions, `replies` (default 3 per question) community replies,
    `members` (default one per ten questions) members, `clinicians` verified clinicians and
    `resources` resources. Needs the catalogue (DomainError otherwise). Flushes each batch
    and then calls `end_batch` (the CLI passes db.session.commit: one transaction per batch)."""
    say = progress or (lambda message: None)

    def finish() -> None:
        db.session.flush()
        if end_batch is not None:
            end_batch()
    replies = 3 * questions if replies is None else replies
    members = max(1, questions // 10) if members is None else max(1, members)
    clinicians = max(1, clinicians)
    rng = random.Random(seed)
    topics = list(db.session.scalars(Topic.active().order_by(Topic.id)))
    if not topics:
        raise DomainError("Seed the catalogue first (flask catalogue seed).")
    topics_by_specialty: dict[int, list[Topic]] = {}
    for topic in topics:
        topics_by_specialty.setdefault(topic.specialty_id, []).append(topic)
    report = ScaleReport()

    probe = User()
    probe.set_password(password)  # once: every synthetic account shares this hash
    member_ids, clinician_ids = _accounts(rng, members=members, clinicians=clinicians,
                                          password_hash=probe.password_hash,
                                          specialties=sorted(topics_by_specialty), batch_size=batch_size,
                                          commit=finish, say=say)
    report.members, report.clinicians = len(member_ids), clinicians
    any_clinicians = [user_id for ids in clinician_ids.values() for user_id in ids]
    vetter_id = db.session.scalar(select(User.id).where(User.role.in_((Role.STAFF, Role.ADMIN))).order_by(User.id))
    report.resources = _resources(rng, count=resources, topics=topics, vetter_id=vetter_id,
                                  batch_size=batch_size, commit=finish, say=say)

    question_html = [render_markdown(body) for body in QUESTION_BODIES]
    answer_html = [render_markdown(body) for body in ANSWER_BODIES]
    reply_html = [render_markdown(body) for body in REPLY_BODIES]
    statuses, status_weights = _pick(STATUS_MIX)
    status_of = rng.choices(statuses, status_weights, k=questions)
    public = [n for n, status in enumerate(status_of) if status in PUBLIC_QUESTION_STATUSES]
    # Replies land on public questions, more on some than others (a few get many).
    reply_targets = sorted(rng.choices(public, k=replies)) if public else []
    replies_of: dict[int, int] = {}
    for n in reply_targets:
        replies_of[n] = replies_of.get(n, 0) + 1

    now = utcnow()
    span = timedelta(days=HISTORY_DAYS)
    first_question, first_answer = _next_id(Question), _next_id(Answer)
    first_reply = _next_id(Reply)
    # The queue is moderation's table (registered on the metadata by create_app): rows only.
    review_items = db.metadata.tables["review_items"]
    first_item = (db.session.scalar(select(func.max(review_items.c.id))) or 0) + 1
    next_answer, next_reply, next_item = first_answer, first_reply, first_item
    for start in range(0, questions, batch_size):
        question_rows, link_rows, answer_rows, reply_rows, item_rows = [], [], [], [], []
        for n in range(start, min(start + batch_size, questions)):
            question_id = first_question + n
            status = status_of[n]
            report.by_status[status] = report.by_status.get(status, 0) + 1
            topic = topics[rng.randrange(len(topics))]
            linked = [topic]
            siblings = topics_by_specialty[topic.specialty_id]
            if len(siblings) > 1 and rng.random() < 0.3:
                other = siblings[rng.randrange(len(siblings))]
                if other.id != topic.id:
                    linked.append(other)
            # Older ids are older questions; the newest is a few days old so answers fit before now.
            created = now - span + span * (n / max(questions, 1)) - timedelta(days=4, minutes=rng.randint(0, 600))
            published = created + timedelta(hours=rng.uniform(1, 12)) if status in PUBLIC_QUESTION_STATUSES else None
            answered = published + timedelta(hours=rng.uniform(2, 48)) if status == QuestionStatus.ANSWERED else None
            visibility = Visibility.MEMBERS if rng.random() < MEMBERS_ONLY_SHARE else Visibility.PUBLIC
            author_id = member_ids[rng.randrange(len(member_ids))]
            body = rng.randrange(len(QUESTION_BODIES))
            word = TITLE_WORDS[rng.randrange(len(TITLE_WORDS))]
            title = TITLE_PATTERNS[rng.randrange(len(TITLE_PATTERNS))].format(
                topic=topic.name.lower(), Topic=topic.name, word=word)
            reply_count = 0
            for _ in range(replies_of.get(n, 0)):
                pending = rng.random() < PENDING_REPLY_SHARE
                by_clinician = not pending and rng.random() < CLINICIAN_REPLY_SHARE
                reply_author = (any_clinicians[rng.randrange(len(any_clinicians))] if by_clinician
                                else member_ids[rng.randrange(len(member_ids))])
                moment = published + timedelta(minutes=rng.randint(5, 5000))
                if moment > now:
                    moment = now
                choice = rng.randrange(len(REPLY_BODIES))
                reply_rows.append({
                    "id": next_reply, "question_id": question_id, "author_id": reply_author,
                    "body_md": REPLY_BODIES[choice], "body_html": reply_html[choice],
                    "status": ReplyStatus.PENDING if pending else ReplyStatus.PUBLISHED, "by_clinician": by_clinician,
                    "phi_flagged": False, "crisis_level": CrisisLevel.NONE, "created_at": moment, "updated_at": moment,
                })
                if pending:
                    item_rows.append(_review_item(next_item, ItemKind.REPLY, question_id, topic, moment,
                                                  reply_id=next_reply))
                    next_item += 1
                else:
                    reply_count += 1
                next_reply += 1
            question_rows.append({
                "id": question_id, "author_id": author_id, "title": title[:200],
                "body_md": QUESTION_BODIES[body], "body_html": question_html[body], "status": status,
                "status_reason": ("Please add a little more detail."
                                  if status in (QuestionStatus.RETURNED, QuestionStatus.REJECTED) else None),
                "asking_for": AskingFor.SOMEONE_ELSE if n % 7 == 0 else AskingFor.SELF, "anonymous": n % 9 == 0,
                "visibility": visibility, "locked": False, "phi_flagged": False, "crisis_level": CrisisLevel.NONE,
                "primary_topic_id": topic.id, "reply_count": reply_count, "created_at": created,
                "updated_at": answered or published or created, "published_at": published, "answered_at": answered,
            })
            listing = {QuestionStatus.ANSWERED: Listing.ANSWERED,
                       QuestionStatus.PUBLISHED: Listing.UNANSWERED}.get(status)
            for index, linked_topic in enumerate(linked):
                link_rows.append({"question_id": question_id, "topic_id": linked_topic.id, "is_primary": index == 0,
                                  "listing": listing, "listed_at": answered or published if listing else None,
                                  "visibility": visibility})
            if status == QuestionStatus.ANSWERED:
                experts = clinician_ids.get(topic.specialty_id) or any_clinicians
                choice = rng.randrange(len(ANSWER_BODIES))
                answer_rows.append({
                    "id": next_answer, "question_id": question_id, "clinician_id": experts[rng.randrange(len(experts))],
                    "body_md": ANSWER_BODIES[choice], "body_html": answer_html[choice],
                    "status": AnswerStatus.PUBLISHED,
                    "created_at": answered,
                })
                next_answer += 1
            elif status == QuestionStatus.PENDING:
                item_rows.append(_review_item(next_item, ItemKind.QUESTION, question_id, topic, created))
                next_item += 1
        _insert(Question.__table__, question_rows)
        _insert(QuestionTopic.__table__, link_rows)
        _insert(Answer.__table__, answer_rows)
        _insert(Reply.__table__, reply_rows)
        _insert(review_items, item_rows)
        finish()
        report.questions += len(question_rows)
        report.answers += len(answer_rows)
        report.replies += len(reply_rows)
        report.review_items += len(item_rows)
        say(f"  questions: {report.questions:,} / {questions:,} "
            f"({report.replies:,} replies, {report.answers:,} answers)")

    # What sync_listing keeps incrementally, recounted once for every topic.
    answered_links = (select(func.count()).select_from(QuestionTopic)
                      .where(QuestionTopic.topic_id == Topic.id, counted_as_answered())
                      .scalar_subquery())
    db.session.execute(update(Topic).values(answered_count=answered_links))
    _fix_sequences(("users", "resources", "questions", "answers", "replies", "review_items"))
    finish()
    return report


def _review_item(item_id: int, kind: str, question_id: int, topic: Topic, created, reply_id=None) -> dict:
    return {"id": item_id, "kind": kind, "status": ItemStatus.OPEN, "urgent": False, "phi_flagged": False,
            "crisis_level": CrisisLevel.NONE, "question_id": question_id, "reply_id": reply_id, "topic_id": topic.id,
            "specialty_id": topic.specialty_id, "note": "", "version": 1, "created_at": created}
