"""The condition and procedure catalogue."""
import json
from importlib import resources

from sqlalchemy import select

from forum.extensions import db
from forum.models import Specialty, Topic
from forum.models.catalogue import TOPIC_KINDS


def load_seed_catalogue() -> dict:
    return json.loads(resources.files("forum").joinpath("seed_data/topics.json").read_text())


def seed_catalogue(data: dict) -> tuple[int, int]:
    """Create or update specialties and topics by slug (idempotent).

    Returns (specialties created, topics created). Existing topics get the seed's
    description and specialty; counters and staff choices (high risk) are left alone.
    """
    specialties = {s.slug: s for s in db.session.scalars(select(Specialty))}
    created_specialties = 0
    for row in data["specialties"]:
        specialty = specialties.get(row["slug"])
        if specialty is None:
            specialty = Specialty(slug=row["slug"], name=row["name"])
            db.session.add(specialty)
            specialties[row["slug"]] = specialty
            created_specialties += 1
        else:
            specialty.name = row["name"]
    db.session.flush()
    topics = {t.slug: t for t in db.session.scalars(select(Topic))}
    created_topics = 0
    for row in data["topics"]:
        if row["kind"] not in TOPIC_KINDS:
            raise ValueError(f"topic {row['slug']}: unknown kind {row['kind']!r}")
        topic = topics.get(row["slug"])
        if topic is None:
            topic = Topic(slug=row["slug"])
            db.session.add(topic)
            created_topics += 1
        topic.kind = row["kind"]
        topic.name = row["name"]
        topic.description = row["description"]
        topic.specialty_id = specialties[row["specialty"]].id
    db.session.flush()
    return created_specialties, created_topics


def topics_by_kind():
    return select(Topic).where(Topic.retired_at.is_(None)).order_by(Topic.kind, Topic.name)
