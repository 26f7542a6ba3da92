"""Single sign-on accounts for clinicians and staff: the role map, sign-in, first sign-in, linking.

The stable key of an identity is (issuer, `sub`), never the email address. Roles come
from the OIDC_ROLE_CLAIM claim through OIDC_ROLE_MAP at every sign-in; the map can only
give clinician, staff or admin, so a patient's account is never linked to the directory.
A linked account signs in only through the provider (its Rounds password and password
reset stop working), so a leaver removed from the directory loses access.
"""
from flask_babel import gettext as _
import secrets
from dataclasses import asdict, dataclass
from functools import partial

from flask import current_app
from sqlalchemy import select

from forum.config import ConfigError
from forum.extensions import db
from forum.models import ClinicianProfile, LinkedIdentity, Specialty, User
from forum.models.base import utcnow
from forum.models.enums import Role
from forum.permissions import PermissionDenied
from forum.platform.oidc import OidcClient, Refusal, SignInRefused
from forum.platform.unit_of_work import keep_after_rollback
from forum.services import DomainError
from forum.services.accounts import PSEUDONYM_PATTERN, complete_login
from forum.services.audit import record_audit

# Highest first: someone in several mapped groups gets the strongest role.
SSO_ROLES = (Role.ADMIN, Role.STAFF, Role.CLINICIAN)


@dataclass(frozen=True)
class RoleGrant:
    role: str
    specialties: tuple[str, ...] = ()


@dataclass(frozen=True)
class Identity:
    """What a checked ID token says about the person, as Rounds uses it."""

    issuer: str
    subject: str
    role: str
    specialties: tuple[str, ...]
    name: str
    email: str | None
    verified_clinician: bool

    def to_session(self) -> dict:
        return {**asdict(self), "specialties": list(self.specialties)}

    @classmethod
    def from_session(cls, data: dict) -> "Identity":
        return cls(**{**data, "specialties": tuple(data["specialties"])})


def parse_role_map(text: str) -> dict[str, RoleGrant]:
    """`value=role[:specialty,specialty]` entries separated by `;`, e.g.
    `rounds-admins=admin; rounds-staff=staff; cardiologists=clinician:cardiology`."""
    role_map = {}
    for entry in filter(None, (part.strip() for part in text.split(";"))):
        value, separator, grant = entry.rpartition("=")
        role, _, specialties = grant.strip().partition(":")
        if not separator or not value.strip() or role not in SSO_ROLES:
            raise ConfigError(f"OIDC_ROLE_MAP entry {entry!r} must be claim-value=admin|staff|clinician[:specialties]"
                              " (patients' roles are never mapped)")
        slugs = tuple(slug.strip() for slug in specialties.split(",") if slug.strip())
        if slugs and role != Role.CLINICIAN:
            raise ConfigError(f"OIDC_ROLE_MAP entry {entry!r}: only clinicians have specialties")
        role_map[value.strip()] = RoleGrant(role, slugs)
    return role_map


def _claim(claims: dict, path: str):
    """A claim by dotted path (Keycloak puts realm roles in `realm_access.roles`)."""
    value = claims
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _values(claim) -> list[str]:
    if isinstance(claim, str):
        return [claim]
    if isinstance(claim, list):
        return [item for item in claim if isinstance(item, str)]
    return []


def _shows_mfa(claims: dict, accepted: str) -> bool:
    """OIDC_REQUIRE_MFA_CLAIM: any listed value in `amr`, or equal to `acr`."""
    wanted = {value.strip() for value in accepted.split(",") if value.strip()}
    return bool(wanted & set(_values(claims.get("amr")))) or claims.get("acr") in wanted


def _trusts_verification(claims: dict, rule: str) -> bool:
    """OIDC_TRUSTS_VERIFICATION `claim=value`: the provider vouches for a clinician's verification."""
    if not rule:
        return False
    name, _, expected = rule.partition("=")
    value = _claim(claims, name.strip())
    if isinstance(value, bool):
        return value and expected.strip().lower() in ("true", "")
    return expected.strip() in _values(value)


def identity_from_claims(claims: dict) -> Identity:
    """Map checked claims to a role. Raises SignInRefused (403) for no role claim, no mapped
    group, or no MFA when OIDC_REQUIRE_MFA_CLAIM is set."""
    config = current_app.config
    role_claim = _claim(claims, config["OIDC_ROLE_CLAIM"])
    if role_claim is None:
        raise SignInRefused(Refusal.NO_ROLE_CLAIM, "Your organisation's sign-in service did not say which "
                            "groups you belong to, so Rounds cannot give you a role. Please contact your IT "
                            "service desk.", status=403)
    role_map = parse_role_map(config["OIDC_ROLE_MAP"])
    grants = [role_map[value] for value in _values(role_claim) if value in role_map]
    if not grants:
        raise SignInRefused(Refusal.UNKNOWN_GROUP, "Your organisation account is not in a group that may use "
                            "Rounds. If you should have access, ask your IT service desk.", status=403)
    if config["OIDC_REQUIRE_MFA_CLAIM"] and not _shows_mfa(claims, config["OIDC_REQUIRE_MFA_CLAIM"]):
        raise SignInRefused(Refusal.NO_MFA, "Rounds needs you to sign in with multi-factor authentication. "
                            "Please sign in again and complete your organisation's second step.", status=403)
    role = min((grant.role for grant in grants), key=SSO_ROLES.index)
    specialties = tuple(sorted({slug for grant in grants if grant.role == Role.CLINICIAN for slug in grant.specialties}))
    email = claims.get("email") if isinstance(claims.get("email"), str) else None
    name = claims.get("name") if isinstance(claims.get("name"), str) else ""
    return Identity(issuer=claims["iss"], subject=claims["sub"], role=role, specialties=specialties,
                    name=name[:120], email=email.strip().lower() if email else None,
                    verified_clinician=role == Role.CLINICIAN and _trusts_verification(
                        claims, config["OIDC_TRUSTS_VERIFICATION"]))


def verify_sign_in(oidc: OidcClient, flow: dict, params, redirect_uri: str) -> Identity:
    """Check the provider's answer to one authorization request and map it to an Identity.

    `flow` is what was kept when the request was made (state already matched by the
    caller). Exchanges the code (PKCE), checks the ID token, maps the role. When an
    identity with a linked account no longer has a mapped role, that account's sessions
    end. Raises SignInRefused (4xx, or 503 when the provider is unreachable).
    """
    if params.get("error"):
        raise SignInRefused(Refusal.PROVIDER_ERROR, "The sign-in was cancelled or refused by your organisation's "
                            "sign-in service.", status=400)
    if "iss" in params and params.get("iss") != oidc.issuer:
        # RFC 9207: an answer from another provider (a mix-up attack) is refused before the code is used.
        raise SignInRefused(Refusal.ISSUER_MISMATCH, "This answer came from another sign-in service.")
    code = params.get("code")
    if not code:
        raise SignInRefused(Refusal.PROVIDER_ERROR, "The sign-in service's answer is incomplete. Please start again.")
    claims = oidc.verify_id_token(oidc.exchange_code(code, flow["verifier"], redirect_uri), flow["nonce"])
    try:
        return identity_from_claims(claims)
    except SignInRefused as refusal:
        if refusal.reason in (Refusal.NO_ROLE_CLAIM, Refusal.UNKNOWN_GROUP):
            # Saved although the sign-in fails (and the request rolls back).
            keep_after_rollback(partial(end_sessions_of_removed, claims["iss"], claims["sub"], refusal.reason))
        raise


def linked_identity(user: User) -> LinkedIdentity | None:
    return db.session.scalar(LinkedIdentity.for_user(user.id))


def is_sso_account(user: User) -> bool:
    """Linked accounts sign in only through the provider."""
    return db.session.scalar(select(LinkedIdentity.id).where(LinkedIdentity.user_id == user.id)) is not None


def end_sessions_of_removed(issuer: str, subject: str, reason: Refusal) -> None:
    """The provider no longer gives this identity a role: end its account's sessions (audited).

    The account stays (its posts and audit history need it) but cannot sign in: local
    login is refused for linked accounts and every SSO sign-in re-reads the role.
    """
    link = db.session.scalar(LinkedIdentity.for_subject(issuer, subject))
    if link is None:
        return
    link.user.rotate_session()
    record_audit(None, "account.sso_access_removed", "user", link.user_id, from_status=link.user.role,
                 reason=reason.value)


def sign_in_linked(identity: Identity) -> User | None:
    """Sign in the account linked to this identity, with the role the provider gives today.

    Returns None when no account is linked yet (the first sign-in then asks for a pseudonym).
    A changed role is audited; the login rotates the session token, so sessions made
    under the old role end. Raises SignInRefused (403) for a suspended, banned or deleted account.
    """
    link = db.session.scalar(LinkedIdentity.for_subject(identity.issuer, identity.subject))
    if link is None:
        return None
    user = link.user
    if not user.is_active:
        raise SignInRefused(Refusal.ACCOUNT_INACTIVE, f"This Rounds account is {user.status}.", status=403)
    if user.role != identity.role:
        record_audit(None, "account.sso_role_changed", "user", user.id, from_status=user.role,
                     to_status=identity.role)
        user.role = identity.role
        if identity.role == Role.CLINICIAN and user.clinician_profile is None:
            _add_clinician_profile(user, identity)
    link.last_login_at = utcnow()
    complete_login(user)
    return user


def _add_clinician_profile(user: User, identity: Identity) -> None:
    specialties = list(db.session.scalars(select(Specialty).where(Specialty.slug.in_(identity.specialties))))
    profile = ClinicianProfile(user_id=user.id, full_name=identity.name or user.pseudonym, credentials="",
                               licence_number="", specialties=specialties)
    if identity.verified_clinician:
        profile.verified_at = utcnow()
    db.session.add(profile)
    db.session.flush()
    if identity.verified_clinician:
        record_audit(None, "clinician.verified_by_provider", "user", user.id)


def create_sso_account(identity: Identity, pseudonym: str) -> User:
    """First sign-in: create the account for this identity with the pseudonym the person chose.

    Anyone holding a freshly checked identity (kept in their session) may call it. The role
    comes from the map; a clinician still needs staff verification unless
    OIDC_TRUSTS_VERIFICATION vouches for it. The email is kept only if no account has it
    (an existing local account is linked by its owner, never by matching the address).
    Audited. Raises DomainError for a bad or taken pseudonym, or an identity already linked.
    """
    pseudonym = pseudonym.strip()
    if not PSEUDONYM_PATTERN.match(pseudonym):
        raise DomainError(_("Pseudonyms are 3–30 letters, digits, dots, dashes or underscores."), field="pseudonym")
    if db.session.scalar(User.by_pseudonym(pseudonym)) is not None:
        raise DomainError(_("That pseudonym is taken; choose another."), field="pseudonym")
    if db.session.scalar(LinkedIdentity.for_subject(identity.issuer, identity.subject)) is not None:
        raise DomainError(_("Your organisation account already has a Rounds account. Please sign in again."))
    email = identity.email if identity.email and db.session.scalar(User.by_email(identity.email)) is None else None
    user = User(email=email, pseudonym=pseudonym, pseudonym_key=pseudonym.casefold(), role=identity.role,
                email_verified_at=utcnow() if email else None)
    # Never used: linked accounts cannot log in with a password.
    user.set_password(secrets.token_urlsafe(32))
    db.session.add(user)
    db.session.flush()
    db.session.add(LinkedIdentity(user_id=user.id, issuer=identity.issuer, subject=identity.subject,
                                  last_login_at=utcnow()))
    record_audit(user, "account.sso_created", "user", user.id, to_status=identity.role)
    if identity.role == Role.CLINICIAN:
        _add_clinician_profile(user, identity)
    complete_login(user)
    return user


def link_identity(user: User, identity: Identity) -> LinkedIdentity:
    """The signed-in owner of a local clinician, staff or admin account links it to their
    organisation identity, once; from then on it signs in only through the provider, with
    the role the provider gives. Audited. Raises PermissionDenied for patients' accounts,
    DomainError when either side is already linked."""
    if user.role not in SSO_ROLES:
        raise PermissionDenied("Patients' and caregivers' accounts are never linked to the organisation's directory.")
    if linked_identity(user) is not None:
        raise DomainError(_("Your account is already linked to an organisation account."))
    if db.session.scalar(LinkedIdentity.for_subject(identity.issuer, identity.subject)) is not None:
        raise DomainError(_("That organisation account is already linked to another Rounds account."))
    link = LinkedIdentity(user_id=user.id, issuer=identity.issuer, subject=identity.subject, last_login_at=utcnow())
    db.session.add(link)
    db.session.flush()
    record_audit(user, "account.sso_linked", "user", user.id, from_status=user.role, to_status=identity.role)
    if user.role != identity.role:
        user.role = identity.role
        if identity.role == Role.CLINICIAN and user.clinician_profile is None:
            _add_clinician_profile(user, identity)
    return link


def end_sessions_for_subject(issuer: str, subject: str) -> bool:
    """Back-channel logout: end every session of the account linked to (issuer, sub).

    The caller has checked the logout token. Returns whether an account was found. Audited.
    """
    link = db.session.scalar(LinkedIdentity.for_subject(issuer, subject))
    if link is None:
        return False
    link.user.rotate_session()
    record_audit(None, "account.sso_logout", "user", link.user_id)
    return True
