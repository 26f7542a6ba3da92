"""The OIDC_* settings: validation at start-up and what each changes (no provider needed)."""
import pytest

from forum import create_app
from forum.config import ConfigError
from forum.platform.oidc import Refusal, SignInRefused
from forum.services.sso import identity_from_claims, parse_role_map
from tests.conftest import BASE_CONFIG

ISSUER = "https://idp.example.org/realms/hospital"


def test_the_role_map_parses_roles_and_specialties():
    parsed = parse_role_map("rounds-admins=admin; /clinicians/heart=clinician:cardiology,endocrinology ;")
    assert parsed["rounds-admins"].role == "admin"
    assert parsed["/clinicians/heart"].specialties == ("cardiology", "endocrinology")


@pytest.mark.parametrize("bad", ["patients=member", "families=caregiver", "no-equals-sign", "=staff",
                                 "staffers=staff:cardiology"])
def test_a_map_that_would_link_patients_or_is_malformed_stops_start_up(bad, database_url):
    with pytest.raises(ConfigError):
        create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, "OIDC_ISSUER": ISSUER,
                    "OIDC_CLIENT_ID": "rounds", "OIDC_CLIENT_SECRET": "x", "OIDC_ROLE_MAP": bad})


def test_an_issuer_without_client_settings_stops_start_up(database_url):
    with pytest.raises(ConfigError, match="OIDC_CLIENT_ID"):
        create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, "OIDC_ISSUER": ISSUER})


@pytest.fixture
def app_config():
    # An issuer nobody answers for: these tests only map claims.
    return {"OIDC_ISSUER": "http://127.0.0.1:9", "OIDC_CLIENT_ID": "rounds", "OIDC_CLIENT_SECRET": "x",
            "OIDC_ROLE_MAP": "rounds-staff=staff; heart=clinician:cardiology", "OIDC_DISCOVERY_RETRY_SECONDS": 60}


@pytest.fixture(autouse=True)
def _stop_discovery(app):
    yield
    app.extensions["oidc"].stop()


def _claims(**extra):
    return {"iss": ISSUER, "sub": "u1", **extra}


def test_a_nested_role_claim_path_like_keycloaks(app):
    app.config["OIDC_ROLE_CLAIM"] = "realm_access.roles"
    identity = identity_from_claims(_claims(realm_access={"roles": ["offline_access", "rounds-staff"]}))
    assert identity.role == "staff"


def test_the_role_claim_setting_decides_which_claim_is_read(app):
    claims = _claims(groups=["rounds-staff"], roles=["nothing-mapped"])
    assert identity_from_claims(claims).role == "staff"
    app.config["OIDC_ROLE_CLAIM"] = "roles"
    with pytest.raises(SignInRefused) as refused:
        identity_from_claims(claims)
    assert refused.value.reason is Refusal.UNKNOWN_GROUP and refused.value.status == 403


def test_the_mfa_setting_accepts_amr_or_acr(app):
    app.config["OIDC_REQUIRE_MFA_CLAIM"] = "mfa,2"
    assert identity_from_claims(_claims(groups=["rounds-staff"], amr=["pwd", "mfa"]))
    assert identity_from_claims(_claims(groups=["rounds-staff"], acr="2"))
    with pytest.raises(SignInRefused) as refused:
        identity_from_claims(_claims(groups=["rounds-staff"], amr=["pwd"], acr="1"))
    assert refused.value.reason is Refusal.NO_MFA


def test_the_trusted_verification_setting(app):
    claims = _claims(groups=["heart"], clinician_verified=True)
    assert not identity_from_claims(claims).verified_clinician
    app.config["OIDC_TRUSTS_VERIFICATION"] = "clinician_verified=true"
    assert identity_from_claims(claims).verified_clinician
