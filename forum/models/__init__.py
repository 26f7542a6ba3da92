"""All models, imported here so Alembic and the app see one metadata."""
from forum.models.accounts import ClinicianProfile, User, clinician_specialties
from forum.models.audit import AuditEntry
from forum.models.catalogue import Specialty, Topic
from forum.models.notifications import Notification
from forum.models.outbox import OutboxEmail
from forum.models.policies import PolicyAcceptance, PolicyVersion
from forum.models.posts import Answer, AnswerRevision, Flag, Question, QuestionTopic, Reply
from forum.models.resources import Resource, answer_resources, resource_topics

__all__ = [
    "Answer", "AnswerRevision", "AuditEntry", "ClinicianProfile", "Flag", "Notification", "OutboxEmail",
    "PolicyAcceptance", "PolicyVersion", "Question", "QuestionTopic", "Reply", "Resource",
    "Specialty", "Topic", "User", "answer_resources", "clinician_specialties",
    "resource_topics",
]
