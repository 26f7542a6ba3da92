"""Staff curate the catalogue: create, rename, merge and retire conditions and procedures,
mark topics high-risk, and set each specialty's answer target and lead clinician. All audited."""
from flask_babel import gettext as _
import re

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.orm import aliased

from forum.extensions import db
from forum.models import (ClinicianProfile, Question, QuestionTopic, Specialty, Subscription, Topic, User,
                          clinician_specialties, resource_topics)
from forum.models.catalogue import TOPIC_KINDS
from forum.models.base import utcnow
from forum.models.enums import AccountStatus, Role, TopicStatus
from forum.permissions import PermissionDenied, is_staff
from forum.services import DomainError
from forum.services.audit import record_audit
from forum.services.listing import counted_as_answered
from moderation.models import ReviewItem

MAX_TARGET_HOURS = 24 * 30


def _require_staff(actor) -> None:
    if not is_staff(actor):
        raise PermissionDenied()


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not 2 <= len(name) <= 120:
        raise DomainError(_("Give a name of 2 to 120 characters."), field="name")
    return name


def _slug_for(name: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:100] or "topic"
    slug, n = base, 2
    while db.session.scalar(select(Topic.id).where(Topic.slug == slug)) is not None:
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_topic(actor, *, kind: str, name: str, description: str, specialty_id: int) -> Topic:
    """Staff add a condition or procedure under a specialty. Audit "topic.create".
    Raises PermissionDenied, DomainError."""
    _require_staff(actor)
    if kind not in TOPIC_KINDS:
        raise DomainError(_("Choose condition or procedure."), field="kind")
    name = _clean_name(name)
    if db.session.get(Specialty, specialty_id) is None:
        raise DomainError(_("Choose a specialty from the list."), field="specialty_id")
    if db.session.scalar(select(Topic.id).where(func.lower(Topic.name) == name.casefold(),
                                                Topic.retired_at.is_(None))) is not None:
        raise DomainError(_("A topic with this name already exists."), field="name")
    topic = Topic(kind=kind, name=name, slug=_slug_for(name), description=(description or "").strip(),
                  specialty_id=specialty_id)
    db.session.add(topic)
    db.session.flush()
    record_audit(actor, "topic.create", "topic", topic.id, to_status=TopicStatus.ACTIVE)
    return topic


def rename_topic(actor, topic: Topic, *, name: str) -> Topic:
    """Staff rename a topic; its address (slug) stays so links keep working. Audit "topic.rename"."""
    _require_staff(actor)
    name = _clean_name(name)
    if name == topic.name:
        raise DomainError(_("That is already its name."), field="name")
    old = topic.name
    topic.name = name
    db.session.flush()
    record_audit(actor, "topic.rename", "topic", topic.id, reason=f"{old} → {name}")
    return topic


def retire_topic(actor, topic: Topic) -> Topic:
    """Staff retire a topic: it leaves the lists and the ask form; its questions stay.
    Audit "topic.retire". Raises PermissionDenied, DomainError."""
    _require_staff(actor)
    if topic.retired_at is not None:
        raise DomainError(_("This topic is already retired."))
    topic.retired_at = utcnow()
    db.session.flush()
    record_audit(actor, "topic.retire", "topic", topic.id,
                 from_status=TopicStatus.ACTIVE, to_status=TopicStatus.RETIRED)
    return topic


def set_high_risk(actor, topic: Topic, *, high_risk: bool) -> Topic:
    """Staff mark a topic high-risk (answers then need a second clinician's sign-off) or
    clear the mark. Audit "topic.high_risk"."""
    _require_staff(actor)
    if topic.high_risk == high_risk:
        raise DomainError(_("Nothing has changed."))
    topic.high_risk = high_risk
    db.session.flush()
    record_audit(actor, "topic.high_risk", "topic", topic.id, from_status=str(not high_risk).lower(),
                 to_status=str(high_risk).lower())
    return topic


def _move_association(table, column: str, owner: str, source_id: int, target_id: int) -> None:
    """Re-point `table.column` from source to target, dropping rows whose owner already
    has the target (the pair is the primary key, so it cannot appear twice)."""
    col, own = table.c[column], table.c[owner]
    other = table.alias()
    db.session.execute(delete(table).where(col == source_id, own.in_(
        select(other.c[owner]).where(other.c[column] == target_id))))
    db.session.execute(update(table).where(col == source_id).values({column: target_id}))


def merge_topics(actor, source: Topic, target: Topic) -> Topic:
    """Staff merge `source` into `target`: every question (its topic links and primary
    topic), review item, resource and topic subscription moves to the target, duplicates
    are dropped, the target's answered count is recomputed and the source is retired.
    Audit "topic.merge". Raises PermissionDenied, DomainError."""
    _require_staff(actor)
    if source.id == target.id:
        raise DomainError(_("Choose a different topic to merge into."), field="target_id")
    if source.retired_at is not None or target.retired_at is not None:
        raise DomainError(_("Only active topics can be merged."), field="target_id")
    links = QuestionTopic.__table__
    source_links = links.alias()
    both = aliased(QuestionTopic)
    has_target = exists().where(both.question_id == QuestionTopic.question_id, both.topic_id == target.id)
    # A question on both topics keeps its target link, which becomes primary if the source link was.
    db.session.execute(update(QuestionTopic).where(
        QuestionTopic.topic_id == target.id,
        QuestionTopic.question_id.in_(select(source_links.c.question_id).where(
            source_links.c.topic_id == source.id, source_links.c.is_primary.is_(True)))).values(is_primary=True)
        .execution_options(synchronize_session=False))
    db.session.execute(delete(QuestionTopic).where(QuestionTopic.topic_id == source.id, has_target)
                       .execution_options(synchronize_session=False))
    db.session.execute(update(QuestionTopic).where(QuestionTopic.topic_id == source.id)
                       .values(topic_id=target.id).execution_options(synchronize_session=False))
    db.session.execute(update(Question).where(Question.primary_topic_id == source.id)
                       .values(primary_topic_id=target.id).execution_options(synchronize_session=False))
    db.session.execute(update(ReviewItem).where(ReviewItem.topic_id == source.id)
                       .values(topic_id=target.id, specialty_id=target.specialty_id)
                       .execution_options(synchronize_session=False))
    _move_association(resource_topics, "topic_id", "resource_id", source.id, target.id)
    subscriptions = Subscription.__table__
    _move_association(subscriptions, "topic_id", "user_id", source.id, target.id)
    target_count = db.session.scalar(select(func.count()).select_from(links).where(
        links.c.topic_id == target.id, counted_as_answered(links.c)))
    db.session.execute(update(Topic).where(Topic.id == target.id).values(answered_count=target_count)
                       .execution_options(synchronize_session=False))
    db.session.execute(update(Topic).where(Topic.id == source.id).values(answered_count=0, retired_at=utcnow())
                       .execution_options(synchronize_session=False))
    # The bulk statements bypassed the identity map: reload what this session holds.
    db.session.expire_all()
    record_audit(actor, "topic.merge", "topic", source.id,
                 from_status=TopicStatus.ACTIVE, to_status=TopicStatus.MERGED,
                 reason=f"merged into topic {target.id} ({target.slug})")
    return target


def update_specialty(actor, specialty: Specialty, *, answer_target_hours: int,
                     lead_clinician_id: int | None) -> Specialty:
    """Staff set a specialty's target hours to a first answer and its lead clinician (a
    verified clinician of that specialty, or none). Audit "specialty.update".
    Raises PermissionDenied, DomainError."""
    _require_staff(actor)
    if not isinstance(answer_target_hours, int) or not 1 <= answer_target_hours <= MAX_TARGET_HOURS:
        raise DomainError(f"The target must be between 1 and {MAX_TARGET_HOURS} hours.",
                          field="answer_target_hours")
    if lead_clinician_id is not None:
        lead = db.session.get(User, lead_clinician_id)
        if lead is None or not lead.is_verified_clinician or specialty not in lead.clinician_profile.specialties:
            raise DomainError(_("The lead must be a verified clinician in this specialty."),
                              field="lead_clinician_id")
    changes = []
    if specialty.answer_target_hours != answer_target_hours:
        changes.append(f"target {specialty.answer_target_hours} h → {answer_target_hours} h")
    if specialty.lead_clinician_id != lead_clinician_id:
        changes.append(f"lead {specialty.lead_clinician_id or 'none'} → {lead_clinician_id or 'none'}")
    if not changes:
        raise DomainError(_("Nothing has changed."))
    specialty.answer_target_hours = answer_target_hours
    specialty.lead_clinician_id = lead_clinician_id
    db.session.flush()
    record_audit(actor, "specialty.update", "specialty", specialty.id, reason="; ".join(changes))
    return specialty


def lead_candidates(specialty: Specialty) -> list[User]:
    """Verified clinicians of the specialty, by public name."""
    rows = db.session.scalars(
        select(User).join(ClinicianProfile, ClinicianProfile.user_id == User.id)
        .join(clinician_specialties, clinician_specialties.c.clinician_id == User.id)
        .where(clinician_specialties.c.specialty_id == specialty.id, User.role == Role.CLINICIAN,
               User.status == AccountStatus.ACTIVE).order_by(User.pseudonym_key)).all()
    return [user for user in rows if user.is_verified_clinician]
