"""Who may do what: predicates used by services, views and templates alike."""
from functools import wraps

from flask import abort, current_app
from flask_login import current_user

from forum.extensions import login_manager
from forum.models.accounts import STAFF_ROLES
from forum.models.articles import EDITABLE_STATUSES
from forum.models.enums import QuestionStatus, ResourceStatus, Role
from forum.models.posts import PUBLIC_QUESTION_STATUSES

ASKER_ROLES = (Role.MEMBER, Role.CAREGIVER)


class PermissionDenied(Exception):
    """Raised by a service when the actor may not perform the action."""


def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.role in STAFF_ROLES)


def is_moderator(user) -> bool:
    """Verified clinicians, staff and admins work the queue (User.is_moderator)."""
    return bool(user and user.is_authenticated and user.is_moderator)


def can_ask(user) -> bool:
    return bool(user and user.is_authenticated and user.role in ASKER_ROLES)


def is_offered_ask(user) -> bool:
    """Who sees an Ask button: those who may ask, and anonymous visitors (sent to log in or
    join first, then on to the ask form)."""
    return bool(user is None or not user.is_authenticated or can_ask(user))


def can_reply(user, question) -> bool:
    return bool(user and user.is_authenticated and question.status in PUBLIC_QUESTION_STATUSES
                and not question.locked)


def can_view_question(user, question) -> bool:
    """Question.visible_to(user), checked on a loaded question."""
    return question.is_visible_to(user)


def can_edit_question(user, question) -> bool:
    return bool(user and user.is_authenticated and question.author_id == user.id
                and question.status in (QuestionStatus.PENDING, QuestionStatus.RETURNED))


def can_flag(user) -> bool:
    return bool(user and user.is_authenticated)


def can_answer(user) -> bool:
    return bool(user and user.is_authenticated and user.is_verified_clinician)


def can_write_article(user) -> bool:
    """Verified clinicians write articles (their verification is checked at every write)."""
    return bool(user and user.is_authenticated and user.is_verified_clinician)


def can_edit_article(user, article) -> bool:
    """The author, while verified, edits the working copy unless it is in review."""
    return bool(can_write_article(user) and article.author_id == user.id and article.status in EDITABLE_STATUSES)


def can_view_article(user, article) -> bool:
    """Article.visible_to(user), checked on a loaded article (its working copy)."""
    return article.is_visible_to(user)


def can_sign_off_article(user, article) -> bool:
    """A verified clinician who is not the author and shares the article's specialty (that of
    its primary topic) signs off its medical content."""
    if not (user and user.is_authenticated and user.is_verified_clinician) or article.author_id == user.id:
        return False
    return any(specialty.id == article.primary_topic.specialty_id for specialty in user.clinician_profile.specialties)


def role_required(*roles: str, verified_clinician: bool = True):
    """Allow only the given roles; a clinician counts only once verified.

    Anonymous users are sent to log in (Flask-Login); others get 403.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not has_role(current_user, *roles, verified_clinician=verified_clinician):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def can_vet_resource(user, resource) -> bool:
    """Staff vet (or re-vet) a resource that is not retired, but not one they proposed unless
    ALLOW_SELF_VETTING. The template offers "Vet" only when this holds; vet_resource checks it again."""
    if not is_staff(user) or resource.status == ResourceStatus.RETIRED:
        return False
    return resource.proposed_by_id != user.id or current_app.config["ALLOW_SELF_VETTING"]


def has_role(user, *roles: str, verified_clinician: bool = True) -> bool:
    if not (user and user.is_authenticated) or user.role not in roles:
        return False
    if user.role == Role.CLINICIAN and verified_clinician:
        return user.is_verified_clinician
    return True


def needs_email_verification(user) -> bool:
    """A signed-in user who must still confirm their email address before posting."""
    return bool(user and user.is_authenticated and current_app.config["REQUIRE_EMAIL_VERIFICATION"]
                and user.email_verified_at is None)


def clinician_verification_expired(user) -> bool:
    """A clinician whose verification has lapsed (CLINICIAN_VERIFICATION_MONTHS): site-wide banner."""
    if not (user and user.is_authenticated and user.role == Role.CLINICIAN):
        return False
    profile = user.clinician_profile
    return profile is not None and profile.verification_expired


def requires_two_factor(user) -> bool:
    """Whether this user's role must use two-factor authentication (config REQUIRE_2FA_ROLES)."""
    if not (user and user.is_authenticated and current_app.config["REQUIRE_2FA"]):
        return False
    roles = {role.strip() for role in current_app.config["REQUIRE_2FA_ROLES"].split(",")}
    return user.role in roles


TEMPLATE_PREDICATES = {
    "is_staff": is_staff,
    "is_moderator": is_moderator,
    "can_ask": can_ask,
    "is_offered_ask": is_offered_ask,
    "can_reply": can_reply,
    "can_view_question": can_view_question,
    "can_edit_question": can_edit_question,
    "can_flag": can_flag,
    "can_answer": can_answer,
    "can_vet_resource": can_vet_resource,
    "can_write_article": can_write_article,
    "can_edit_article": can_edit_article,
    "has_role": has_role,
    "needs_email_verification": needs_email_verification,
    "requires_two_factor": requires_two_factor,
    "clinician_verification_expired": clinician_verification_expired,
}
