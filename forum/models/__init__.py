"""All models, imported here so Alembic and the app see one metadata."""
from forum.models.articles import Article, ArticleSlug, ArticleViewDay, article_resources, article_topics
from forum.models.accounts import ClinicianProfile, LinkedIdentity, RecoveryCode, User, clinician_specialties
from forum.models.audit import AuditCheckpoint, AuditEntry
from forum.models.catalogue import Specialty, Topic
from forum.models.notifications import Notification
from forum.models.outbox import OutboxEmail
from forum.models.policies import PolicyAcceptance, PolicyVersion
from forum.models.posts import Answer, AnswerRevision, Flag, Question, QuestionTopic, Reply
from forum.models.privacy import IpEvent
from forum.models.resources import Resource, answer_resources, resource_topics
from forum.models.subscriptions import AskDeflection, DigestSetting, Subscription

__all__ = [
    "Article", "ArticleSlug", "ArticleViewDay", "article_resources", "article_topics",
    "Answer", "AnswerRevision", "AskDeflection", "AuditCheckpoint", "AuditEntry", "ClinicianProfile", "Flag", "IpEvent",
    "LinkedIdentity", "Notification", "OutboxEmail",
    "PolicyAcceptance", "PolicyVersion", "Question", "QuestionTopic", "RecoveryCode", "Reply", "Resource",
    "Specialty", "Subscription", "DigestSetting", "Topic", "User", "answer_resources", "clinician_specialties",
    "resource_topics",
]
