"""What an audit entry is about, as staff read it: a title and a link instead of "user 9".

One query per kind of target on the page, whatever the number of entries. A target that no
longer exists, or a kind with no page (an IP record, a purge), is named by kind and id alone.
Titles are read now, from the rows as they are: the entry itself (and its hash) never
holds them, so an erased account reads "Former member" here too.
"""
from collections import defaultdict
from dataclasses import dataclass

from flask import url_for
from sqlalchemy import select

from forum.extensions import db
from forum.models import Answer, Article, PolicyVersion, Question, Reply, Resource, Specialty, Topic, User
from forum.platform.templating import display_name
from moderation.models import ReviewItem


@dataclass(frozen=True)
class AuditTarget:
    title: str
    url: str | None = None


def _questions(ids):
    return {q.id: AuditTarget(q.title, url_for("questions.show", question_id=q.id))
            for q in db.session.scalars(select(Question).where(Question.id.in_(ids)))}


def _answers(ids):
    rows = db.session.execute(select(Answer.id, Question.id, Question.title)
                              .join(Question, Question.id == Answer.question_id).where(Answer.id.in_(ids)))
    return {answer_id: AuditTarget(f"Answer to “{title}”",
                                   url_for("questions.show", question_id=question_id, _anchor=f"answer-{answer_id}"))
            for answer_id, question_id, title in rows}


def _replies(ids):
    rows = db.session.execute(select(Reply.id, Question.id, Question.title)
                              .join(Question, Question.id == Reply.question_id).where(Reply.id.in_(ids)))
    return {reply_id: AuditTarget(f"Reply on “{title}”",
                                  url_for("questions.show", question_id=question_id, _anchor=f"reply-{reply_id}"))
            for reply_id, question_id, title in rows}


def _users(ids):
    return {user.id: AuditTarget(display_name(user), url_for("moderation.person", user_id=user.id))
            for user in db.session.scalars(select(User).where(User.id.in_(ids)))}


def _resources(ids):
    return {resource.id: AuditTarget(resource.title, url_for("moderation.resource", resource_id=resource.id))
            for resource in db.session.scalars(select(Resource).where(Resource.id.in_(ids)))}


def _review_items(ids):
    return {item.id: AuditTarget(f"{item.kind_label} #{item.id}", url_for("moderation.item", item_id=item.id))
            for item in db.session.scalars(select(ReviewItem).where(ReviewItem.id.in_(ids)))}


def _topics(ids):
    return {topic.id: AuditTarget(topic.name, url_for("moderation.topic_admin", topic_id=topic.id))
            for topic in db.session.scalars(select(Topic).where(Topic.id.in_(ids)))}


def _specialties(ids):
    return {specialty.id: AuditTarget(specialty.name, url_for("moderation.specialties"))
            for specialty in db.session.scalars(select(Specialty).where(Specialty.id.in_(ids)))}


def _policies(ids):
    return {version.id: AuditTarget(f"{version.title}, version {version.version}",
                                    url_for("moderation.policies", document=version.kind, version=version.version))
            for version in db.session.scalars(select(PolicyVersion).where(PolicyVersion.id.in_(ids)))}


def _articles(ids):
    return {article.id: AuditTarget(article.title, url_for("articles.preview", article_id=article.id))
            for article in db.session.scalars(select(Article).where(Article.id.in_(ids)))}


LOADERS = {
    "question": _questions, "answer": _answers, "reply": _replies, "user": _users, "resource": _resources,
    "review_item": _review_items, "topic": _topics, "specialty": _specialties, "policy": _policies,
    "article": _articles,
}


def describe_targets(entries) -> dict[tuple[str, int], AuditTarget]:
    """(target_kind, target_id) -> AuditTarget for the entries whose target can be named."""
    wanted = defaultdict(set)
    for entry in entries:
        if entry.target_id is not None and entry.target_kind in LOADERS:
            wanted[entry.target_kind].add(entry.target_id)
    return {(kind, target_id): target for kind, ids in wanted.items()
            for target_id, target in LOADERS[kind](ids).items()}
