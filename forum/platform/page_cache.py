"""A cache of whole public pages for anonymous visitors, invalidated on every content change.

Only anonymous GET/HEAD requests with no session state worth keeping (no login, no
flashed message) are served from it, and only 200 responses that set no cookie are
stored. Every key carries a content *generation*: a token kept in the cache backend
and replaced after each commit that touched forum content (questions, their topic
links, replies, answers, resources, topics, clinician profiles, a pseudonym). The
replacement happens here, from SQLAlchemy session events, so no service can forget it:
hiding, redacting, publishing, answering and editing all go through a flush or an
ORM-enabled UPDATE/INSERT/DELETE inside a session that then commits.

Backends (Flask-Caching): SimpleCache, in this process, by default; RedisCache when
REDIS_URL is set. With SimpleCache each gunicorn worker has its own generation, so a
change made through one worker reaches the others only when their copies expire
(PAGE_CACHE_SECONDS, 30 s by default); with Redis every worker and server shares the
generation and a change is visible at once (README, "Performance").

Responses also carry an ETag and Last-Modified, so a browser's conditional GET gets a 304.
"""
import functools
import hashlib
import time
import uuid
from dataclasses import dataclass
from email.utils import formatdate

from flask import (
    Flask,
    Response,
    current_app,
    g,
    has_app_context,
    make_response,
    request,
    session,
)
from flask_caching import Cache
from flask_login import current_user
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from forum.models import User
from forum.platform.i18n import current_language

cache = Cache()

GENERATION_KEY = "page-generation"
# Tables whose rows appear on cached pages; a committed change to any of them bumps the generation.
WATCHED_TABLES = frozenset({
    "questions", "question_topics", "replies", "answers", "answer_resources", "resources",
    "resource_topics", "topics", "specialties", "clinician_profiles", "clinician_specialties",
    "articles", "article_topics", "article_resources",
})
# Shown next to posts: a change to these columns of a user changes pages too.
WATCHED_USER_COLUMNS = ("pseudonym", "status", "role")
# Session keys an anonymous visitor may carry and still be *served* the shared page. Pages
# are only *stored* from requests with an empty session, so no visitor's CSRF token ends up
# in a page another visitor gets.
HARMLESS_SESSION_KEYS = frozenset({"csrf_token"})
_CHANGED = "page_cache_changed"
# Set when a bump failed: this process bumps before it next reads the cache.
_bump_pending = False

try:
    from redis.exceptions import RedisError
    CACHE_ERRORS: tuple = (OSError, RedisError)
except ImportError:  # pragma: no cover - redis is a dependency of the redis/test extras only
    CACHE_ERRORS = (OSError,)


@dataclass(frozen=True)
class CachedPage:
    body: bytes
    mimetype: str
    etag: str
    rendered_at: float


def init_app(app: Flask) -> None:
    cache.init_app(app)
    _listen_once()


def enabled() -> bool:
    return bool(current_app.config.get("PAGE_CACHE_ENABLED"))


def content_generation() -> str | None:
    """The current generation token, created if missing; None when the backend is down."""
    global _bump_pending
    try:
        if _bump_pending:
            # A change committed while the backend was unreachable: pages stored before it
            # may still be there (a frozen Redis keeps its data), so they must not match.
            cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=0)
            _bump_pending = False
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            # A fresh random token: pages stored under any earlier token can never match it.
            cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=0)
            generation = cache.get(GENERATION_KEY)
    except CACHE_ERRORS:
        return None
    return generation


def bump_generation() -> None:
    """Make every cached page unreachable (a new token; the old entries age out)."""
    global _bump_pending
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=0)
    except CACHE_ERRORS:
        # The backend is down, so nothing is served from it now; the bump is made before
        # this process reads from it again (content_generation).
        _bump_pending = True
        current_app.logger.warning("page cache: could not bump the content generation; "
                                   "it is bumped before the cache is read again")


def _anonymous_and_stateless() -> bool:
    if request.method not in ("GET", "HEAD") or not enabled():
        return False
    if not set(session.keys()) <= HARMLESS_SESSION_KEYS:
        return False  # logged in, a flashed message waiting, a two-factor step pending, ...
    return not current_user.is_authenticated


def _storable(response: Response) -> bool:
    return (response.status_code == 200 and not response.direct_passthrough
            and "Set-Cookie" not in response.headers and not session.modified and not g.get("noindex"))


def _serve(page: CachedPage, state: str) -> Response:
    response = current_app.response_class(page.body, mimetype=page.mimetype)
    response.set_etag(page.etag)
    response.headers["Last-Modified"] = formatdate(page.rendered_at, usegmt=True)
    # Shared with every anonymous visitor, but content can be hidden at any moment:
    # browsers and proxies must revalidate (a cheap 304) before reusing it.
    response.cache_control.no_cache = True
    response.vary.add("Cookie")
    response.vary.add("Accept-Language")
    response.headers["X-Page-Cache"] = state
    return response.make_conditional(request)


def cached_page(view):
    """Serve the view's page from the cache for anonymous visitors; everyone else gets it fresh."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if not _anonymous_and_stateless():
            return view(*args, **kwargs)
        # Read the generation before any content: a page stored under it can only be newer.
        generation = content_generation()
        if generation is None:
            return view(*args, **kwargs)
        # The same address is a different page in each language (forum/platform/i18n.py).
        key = "page:" + hashlib.sha256(f"{generation}|{current_language()}|{request.full_path}".encode()).hexdigest()
        try:
            page = cache.get(key)
        except CACHE_ERRORS:
            page = None
        if page is not None:
            return _serve(page, "hit")
        empty_session = not session
        response = make_response(view(*args, **kwargs))
        if not (empty_session and _storable(response)):
            return response
        body = response.get_data()
        page = CachedPage(body, response.mimetype, hashlib.sha256(body).hexdigest()[:32], time.time())
        try:
            cache.set(key, page)
        except CACHE_ERRORS:
            pass  # served fresh; the next request tries again
        return _serve(page, "miss")

    return wrapper


# -- invalidation: one place, from the session's own events -------------------------------

def _touches_pages(instance, *, changed: bool = False) -> bool:
    if getattr(instance, "__tablename__", None) in WATCHED_TABLES:
        return True
    if changed and isinstance(instance, User):  # a new account is on no page yet
        state = inspect(instance)
        return any(state.attrs[name].history.has_changes() for name in WATCHED_USER_COLUMNS)
    return False


def _after_flush(session: Session, _flush_context) -> None:
    # new/dirty/deleted still list what this flush wrote.
    if session.info.get(_CHANGED):
        return
    if (any(_touches_pages(instance) for instance in session.new)
            or any(_touches_pages(instance, changed=True) for instance in session.dirty)
            or any(isinstance(instance, User) or _touches_pages(instance) for instance in session.deleted)):
        session.info[_CHANGED] = True


def _on_orm_execute(state) -> None:
    """Bulk UPDATE/INSERT/DELETE statements (answered_count, reply_count, bulk loads)."""
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in WATCHED_TABLES:
            state.session.info[_CHANGED] = True


def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint was released: bumping now would let a page of the old content be stored
    if session.info.pop(_CHANGED, False) and has_app_context() and enabled():
        bump_generation()


def _after_rollback(session: Session) -> None:
    session.info.pop(_CHANGED, None)


def _listen_once() -> None:
    if event.contains(Session, "after_commit", _after_commit):
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "do_orm_execute", _on_orm_execute)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_rollback", _after_rollback)
