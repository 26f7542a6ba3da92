"""The OpenID Connect client: discovery, the authorization request, the code exchange, token checks.

Authlib's OAuth2Session builds the authorization request (PKCE S256, `state`, `nonce`)
and exchanges the code (client_secret_basic); joserfc checks the ID token's signature
against the provider's JWKS (cached, fetched again when a token names a key id it does
not hold) and its iss, aud, exp, iat and nonce with OIDC_CLOCK_SKEW_SECONDS of leeway.

Discovery is read once, in a background thread started with the app, retried with
doubling waits (OIDC_DISCOVERY_RETRY_SECONDS up to OIDC_DISCOVERY_RETRY_MAX_SECONDS)
while the provider is down, so a provider outage never holds up start-up: until it
answers, `metadata` is None and the login page says single sign-on is unavailable.
Every HTTP call to the provider has a timeout (OIDC_TIMEOUT_SECONDS). Nothing here logs
a token, a code or a claim value.
"""
import base64
import json
import logging
import threading
import time
from enum import StrEnum
from urllib.parse import urlencode

import requests
from authlib.common.security import generate_token
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from flask import Flask, current_app
from joserfc import jwt
from joserfc.errors import BadSignatureError, ClaimError, ExpiredTokenError, JoseError
from joserfc.jwk import KeySet

from forum.config import ConfigError

log = logging.getLogger("forum.sso")

ALGORITHMS = ["RS256", "PS256", "ES256"]
BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout"
# A logout token is posted by anyone who can reach the endpoint: a token naming an unknown
# key may make us fetch the JWKS again at most this often.
UNTRUSTED_REFETCH_SECONDS = 30


class Refusal(StrEnum):
    """Why a sign-in or a logout token was refused (logged, and shown as a 4xx page)."""

    PROVIDER_UNAVAILABLE = "provider_unavailable"
    PROVIDER_ERROR = "provider_error"
    STATE_MISMATCH = "state_mismatch"
    ISSUER_MISMATCH = "issuer_mismatch"
    MALFORMED = "malformed_token"
    UNKNOWN_KEY = "unknown_key"
    BAD_SIGNATURE = "bad_signature"
    EXPIRED = "expired_token"
    WRONG_ISSUER = "wrong_issuer"
    WRONG_AUDIENCE = "wrong_audience"
    NONCE_MISMATCH = "nonce_mismatch"
    INVALID_CLAIMS = "invalid_claims"
    NO_ROLE_CLAIM = "no_role_claim"
    UNKNOWN_GROUP = "unknown_group"
    NO_MFA = "no_mfa"
    ACCOUNT_INACTIVE = "account_inactive"


class SignInRefused(Exception):
    """A sign-in (or logout token) was refused; `message` is fit to show the person."""

    def __init__(self, reason: Refusal, message: str, status: int = 400):
        super().__init__(reason.value)
        self.reason = reason
        self.message = message
        self.status = status


def _unavailable() -> SignInRefused:
    label = current_app.config["OIDC_BUTTON_LABEL"]
    return SignInRefused(Refusal.PROVIDER_UNAVAILABLE,
                         f"“{label}” is unavailable right now: the organisation's sign-in service is not "
                         "answering. Please try again in a few minutes. Patients and anyone with a Rounds "
                         "password can still log in with their email address below.", status=503)


def _token_header(token: str) -> dict:
    try:
        segment = token.split(".")[0]
        header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (ValueError, UnicodeDecodeError, AttributeError) as error:
        raise SignInRefused(Refusal.MALFORMED, "The sign-in service sent a token we cannot read.") from error
    if not isinstance(header, dict):
        raise SignInRefused(Refusal.MALFORMED, "The sign-in service sent a token we cannot read.")
    return header


class OidcClient:
    """One provider, configured from OIDC_* settings; stored as app.extensions["oidc"]."""

    def __init__(self, config: dict):
        self.issuer = config["OIDC_ISSUER"]
        self.client_id = config["OIDC_CLIENT_ID"]
        self.client_secret = config["OIDC_CLIENT_SECRET"]
        self.scopes = config["OIDC_SCOPES"]
        self.timeout = config["OIDC_TIMEOUT_SECONDS"]
        self.leeway = config["OIDC_CLOCK_SKEW_SECONDS"]
        self.retry_first = config["OIDC_DISCOVERY_RETRY_SECONDS"]
        self.retry_max = config["OIDC_DISCOVERY_RETRY_MAX_SECONDS"]
        self.metadata: dict | None = None
        self._keys: KeySet | None = None
        self._keys_fetched_at = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # Discovery ----------------------------------------------------------------------------

    def start_discovery(self) -> None:
        self._thread = threading.Thread(target=self._discover, name="oidc-discovery", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def wait_for_discovery(self, timeout: float) -> bool:
        """For tests and the CLI: wait up to `timeout` seconds for discovery to succeed."""
        deadline = time.monotonic() + timeout
        while self.metadata is None and time.monotonic() < deadline and not self._stop.is_set():
            time.sleep(0.05)
        return self.metadata is not None

    def _discover(self) -> None:
        delay = self.retry_first
        while not self._stop.is_set():
            try:
                self.metadata = self._fetch_metadata()
                log.info("OIDC discovery loaded for %s", self.issuer)
                return
            except (requests.RequestException, ValueError, KeyError) as error:
                log.warning("OIDC discovery of %s failed (%s); retrying in %.0f s",
                            self.issuer, type(error).__name__, delay)
            if self._stop.wait(delay):
                return
            delay = min(delay * 2, self.retry_max)

    def _fetch_metadata(self) -> dict:
        response = requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=self.timeout)
        response.raise_for_status()
        metadata = response.json()
        if metadata.get("issuer") != self.issuer:
            # OpenID Connect Discovery 4.3: the document must name the issuer we asked.
            raise ValueError("discovery document names another issuer")
        for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not isinstance(metadata.get(name), str):
                raise KeyError(name)
        return metadata

    @property
    def available(self) -> bool:
        """Whether discovery has succeeded; restarts the discovery thread if this process lost it
        (a server that forks after creating the app keeps no threads in its children)."""
        if self.metadata is None and not self._stop.is_set() and not (self._thread and self._thread.is_alive()):
            self.start_discovery()
        return self.metadata is not None

    def require_metadata(self) -> dict:
        if not self.available:
            raise _unavailable()
        return self.metadata

    # The flow -----------------------------------------------------------------------------

    def _session(self, redirect_uri: str) -> OAuth2Session:
        return OAuth2Session(self.client_id, self.client_secret, scope=self.scopes, redirect_uri=redirect_uri,
                             code_challenge_method="S256", token_endpoint_auth_method="client_secret_basic",
                             default_timeout=self.timeout)

    def authorization_request(self, redirect_uri: str) -> tuple[str, dict]:
        """The provider URL to send the browser to, and what to keep for the callback."""
        metadata = self.require_metadata()
        flow = {"state": generate_token(32), "nonce": generate_token(32), "verifier": generate_token(64)}
        with self._session(redirect_uri) as oauth:
            url, _ = oauth.create_authorization_url(metadata["authorization_endpoint"], state=flow["state"],
                                                     code_verifier=flow["verifier"], nonce=flow["nonce"])
        return url, flow

    def exchange_code(self, code: str, verifier: str, redirect_uri: str) -> str:
        """The code for tokens at the token endpoint; returns the ID token (not yet checked)."""
        metadata = self.require_metadata()
        try:
            with self._session(redirect_uri) as oauth:
                token = oauth.fetch_token(metadata["token_endpoint"], code=code, code_verifier=verifier,
                                          grant_type="authorization_code")
        except requests.RequestException as error:
            log.warning("OIDC token endpoint unreachable (%s)", type(error).__name__)
            raise _unavailable() from error
        except (OAuthError, ValueError) as error:
            log.warning("OIDC token endpoint refused the code (%s)", getattr(error, "error", type(error).__name__))
            raise SignInRefused(Refusal.PROVIDER_ERROR, "The sign-in service did not accept this sign-in. "
                                "It may have expired or been used already: please start again.") from error
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise SignInRefused(Refusal.MALFORMED, "The sign-in service sent no identity token.")
        return id_token

    def end_session_url(self, post_logout_redirect_uri: str) -> str | None:
        """RP-initiated logout at the provider, when its discovery document offers it."""
        endpoint = (self.metadata or {}).get("end_session_endpoint")
        if not endpoint:
            return None
        query = urlencode({"client_id": self.client_id, "post_logout_redirect_uri": post_logout_redirect_uri})
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"

    # Tokens -------------------------------------------------------------------------------

    def _key_set(self, kid: str | None, *, trusted: bool) -> KeySet:
        metadata = self.require_metadata()
        with self._lock:
            known = self._keys is not None and (kid is None or any(key.kid == kid for key in self._keys.keys))
            may_refetch = trusted or time.monotonic() - self._keys_fetched_at > UNTRUSTED_REFETCH_SECONDS
            if not known and (self._keys is None or may_refetch):
                try:
                    response = requests.get(metadata["jwks_uri"], timeout=self.timeout)
                    response.raise_for_status()
                    self._keys = KeySet.import_key_set(response.json())
                except (requests.RequestException, ValueError, JoseError) as error:
                    log.warning("OIDC JWKS fetch failed (%s)", type(error).__name__)
                    raise _unavailable() from error
                self._keys_fetched_at = time.monotonic()
                log.info("OIDC JWKS fetched (%d keys)", len(self._keys.keys))
            if kid is not None and not any(key.kid == kid for key in self._keys.keys):
                raise SignInRefused(Refusal.UNKNOWN_KEY, "The sign-in service's token was signed with a key "
                                    "it does not publish.")
            return self._keys

    def _decode(self, token: str, *, trusted: bool, **claims_options) -> dict:
        header = _token_header(token)
        if header.get("alg") not in ALGORITHMS:
            raise SignInRefused(Refusal.MALFORMED, "The sign-in service sent a token signed in a way we do "
                                "not accept.")
        keys = self._key_set(header.get("kid"), trusted=trusted)
        try:
            claims = jwt.decode(token, keys, algorithms=ALGORITHMS).claims
            registry = jwt.JWTClaimsRegistry(
                leeway=self.leeway, iss={"essential": True, "value": self.issuer},
                aud={"essential": True, "value": self.client_id}, iat={"essential": True}, **claims_options)
            registry.validate(claims)
        except BadSignatureError as error:
            raise SignInRefused(Refusal.BAD_SIGNATURE, "The identity token's signature is not valid.") from error
        except ExpiredTokenError as error:
            raise SignInRefused(Refusal.EXPIRED, "The identity token has expired. Please sign in again.") from error
        except ClaimError as error:
            claim = getattr(error, "claim", "")
            reason, message = {
                "iss": (Refusal.WRONG_ISSUER, "The identity token comes from another issuer."),
                "aud": (Refusal.WRONG_AUDIENCE, "The identity token was made for another application."),
                "nonce": (Refusal.NONCE_MISMATCH, "The identity token belongs to another sign-in."),
            }.get(claim, (Refusal.INVALID_CLAIMS, "The identity token is not valid."))
            raise SignInRefused(reason, message) from error
        except (JoseError, ValueError) as error:
            raise SignInRefused(Refusal.MALFORMED, "The sign-in service sent a token we cannot read.") from error
        return claims

    def verify_id_token(self, id_token: str, nonce: str) -> dict:
        """The ID token's claims once signature, iss, aud, exp, iat, sub and nonce check out."""
        claims = self._decode(id_token, trusted=True, exp={"essential": True}, sub={"essential": True},
                              nonce={"essential": True, "value": nonce})
        if isinstance(claims.get("aud"), list) and len(claims["aud"]) > 1 and claims.get("azp") != self.client_id:
            raise SignInRefused(Refusal.WRONG_AUDIENCE, "The identity token was made for another application.")
        return claims

    def verify_logout_token(self, logout_token: str) -> dict:
        """A back-channel logout token's claims (OpenID Connect Back-Channel Logout 1.0, 2.6)."""
        claims = self._decode(logout_token, trusted=False, jti={"essential": True})
        events = claims.get("events")
        if not isinstance(events, dict) or BACKCHANNEL_LOGOUT_EVENT not in events or "nonce" in claims:
            raise SignInRefused(Refusal.INVALID_CLAIMS, "This is not a logout token.")
        if not isinstance(claims.get("sub"), str) and not isinstance(claims.get("sid"), str):
            raise SignInRefused(Refusal.INVALID_CLAIMS, "The logout token names no one.")
        return claims


def client() -> OidcClient | None:
    """The configured provider, or None when single sign-on is off."""
    return current_app.extensions.get("oidc")


def init_app(app: Flask) -> None:
    if not app.config["OIDC_ISSUER"]:
        return
    missing = [name for name in ("OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_ROLE_MAP") if not app.config[name]]
    if missing:
        raise ConfigError(f"OIDC_ISSUER is set, so these must be too: {', '.join(missing)}")
    oidc = OidcClient(app.config)
    app.extensions["oidc"] = oidc
    oidc.start_discovery()
