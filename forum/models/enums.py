"""Every status, role, kind and level a column may hold: one StrEnum each, in one place.

Members are `str`, so they compare equal to the stored text and bind as it on SQLite
and PostgreSQL alike. Each enum's values are also a CHECK constraint on its columns
(`check_in()`, migration 20261201_4c1d2e3f5a6b), so the database refuses anything else.
Templates read them through the `enums` Jinja global: `enums.QuestionStatus.PENDING`.
"""
from enum import StrEnum

from sqlalchemy import CheckConstraint


class Role(StrEnum):
    MEMBER = "member"
    CAREGIVER = "caregiver"
    CLINICIAN = "clinician"
    STAFF = "staff"
    ADMIN = "admin"


class Language(StrEnum):
    """The interface's languages and the languages content is written in (ISO 639-1)."""

    EN = "en"
    ES = "es"


class AccountStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    BANNED = "banned"
    DELETED = "deleted"


class QuestionStatus(StrEnum):
    PENDING = "pending"
    RETURNED = "returned"
    PUBLISHED = "published"
    ANSWERED = "answered"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    HIDDEN = "hidden"


class ReplyStatus(StrEnum):
    PENDING = "pending"
    PUBLISHED = "published"
    HIDDEN = "hidden"


class AnswerStatus(StrEnum):
    PENDING_SIGNOFF = "pending_signoff"
    PUBLISHED = "published"
    RETIRED = "retired"


class ResourceStatus(StrEnum):
    PROPOSED = "proposed"
    VETTED = "vetted"
    RETIRED = "retired"


class OutboxStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


class Visibility(StrEnum):
    PUBLIC = "public"
    MEMBERS = "members"


class Listing(StrEnum):
    """A question's place on its topic pages (QuestionTopic.listing; NULL: not listed)."""

    ANSWERED = "answered"
    UNANSWERED = "unanswered"


class AskingFor(StrEnum):
    SELF = "self"
    SOMEONE_ELSE = "someone_else"


class CrisisLevel(StrEnum):
    NONE = "none"
    CONCERN = "concern"
    EMERGENCY = "emergency"


class TopicKind(StrEnum):
    CONDITION = "condition"
    PROCEDURE = "procedure"


class ItemKind(StrEnum):
    """What a review item asks a moderator to look at."""

    QUESTION = "question"
    RESUBMISSION = "resubmission"
    REPLY = "reply"
    FLAG = "flag"
    SIGNOFF = "signoff"
    ESCALATION = "escalation"
    # An article's medical content waits for a second clinician of a matching specialty;
    # then its publication waits for staff (communications).
    ARTICLE_SIGNOFF = "article_signoff"
    ARTICLE_APPROVAL = "article_approval"


class ArticleKind(StrEnum):
    EXPLAINER = "explainer"
    WHAT_TO_EXPECT = "what_to_expect"
    RECOVERY_GUIDE = "recovery_guide"
    MYTH_BUSTER = "myth_buster"
    EVENT_RECAP = "event_recap"


class ArticleStatus(StrEnum):
    """Where an article's working copy is; readers see its last published version
    (Article.live) whatever this says."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"        # waiting for a second clinician's sign-off
    SIGNED_OFF = "signed_off"      # waiting for staff to approve publication
    RETURNED = "returned"          # sent back to the author with a reason
    PUBLISHED = "published"        # the working copy is the published one


class MediaKind(StrEnum):
    VIDEO = "video"
    PODCAST = "podcast"


class ItemStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


class DigestPeriod(StrEnum):
    """How often a member gets the digest of answered questions (DigestSetting.period)."""

    NONE = "none"
    DAILY = "daily"
    WEEKLY = "weekly"


class TopicStatus(StrEnum):
    """A topic's state as the audit trail names it (from_status/to_status); the topic row
    itself says it with retired_at and merged_into_id, so no column holds these."""

    ACTIVE = "active"
    RETIRED = "retired"
    MERGED = "merged"


class ItemResolution(StrEnum):
    """How a finished review item ended (ReviewItem.resolution). No CHECK constraint
    yet: older rows may hold other text, which the queue shows as it is."""

    ANSWERED = "answered"
    PUBLISHED = "published"
    APPROVED = "approved"
    HIDDEN = "hidden"
    DISMISSED = "dismissed"
    ESCALATED = "escalated"
    SIGNED_OFF = "signed_off"
    RETURNED = "returned"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    ARTICLE_SIGNED_OFF = "article_signed_off"
    ARTICLE_PUBLISHED = "article_published"
    ARTICLE_RETURNED = "article_returned"


class FlagResolution(StrEnum):
    """How a flag was settled (Flag.resolution). No CHECK constraint yet."""

    HIDDEN = "hidden"
    DISMISSED = "dismissed"


class ItemAction(StrEnum):
    """What a moderator can do with a review item (moderation.services.item_actions);
    each value is also the name of the item's POST endpoint and of its form's prefix."""

    CLAIM = "claim"
    RELEASE = "release"
    ANSWER = "answer"
    PUBLISH = "publish"
    RETURN_QUESTION = "return_question"
    REJECT = "reject"
    APPROVE_REPLY = "approve_reply"
    HIDE = "hide"
    DISMISS_FLAGS = "dismiss_flags"
    SIGNOFF = "signoff"
    REDACT = "redact"
    ESCALATE = "escalate"
    ARTICLE_SIGN_OFF = "article_sign_off"
    ARTICLE_APPROVE = "article_approve"
    ARTICLE_RETURN = "article_return"


# Statuses in which anyone (subject to visibility) may read a question.
PUBLIC_QUESTION_STATUSES = (QuestionStatus.PUBLISHED, QuestionStatus.ANSWERED)

ENUMS = {cls.__name__: cls for cls in (
    Role, Language, AccountStatus, QuestionStatus, ReplyStatus, AnswerStatus, ResourceStatus, OutboxStatus,
    Visibility, Listing, AskingFor, CrisisLevel, TopicKind, ItemKind, ItemStatus, ItemResolution,
    FlagResolution, DigestPeriod, TopicStatus, ItemAction, ArticleKind, ArticleStatus, MediaKind)}


def check_in(column: str, enum: type[StrEnum]) -> CheckConstraint:
    """CHECK (column IN (...the enum's values...)), named ck_<table>_<column> by the convention."""
    values = ", ".join(f"'{member.value}'" for member in enum)
    return CheckConstraint(f"{column} IN ({values})", name=column)
