"""Probes for load balancers and orchestrators: /healthz (alive) and /readyz (can serve).

/readyz is 503 only when the database cannot serve, since nothing else stops the site:
without Redis it still serves (README, "Redis"), so Redis being down is reported as
"degraded" with a 200, and a proxy keeps the server in rotation. Each check is bounded
(READY_DATABASE_SECONDS, REDIS_TIMEOUT_SECONDS) so the probe answers within a second,
and a breaker already open (a recent timeout) is reported without waiting again.
"""
import logging

from flask import Blueprint, current_app, g, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from forum.extensions import db, limiter, login_manager

bp = Blueprint("health", __name__)
limiter.exempt(bp)
log = logging.getLogger(__name__)


READY_DATABASE_SECONDS = 0.5


@bp.before_request
def _never_load_the_user():
    """Probes answer for the process, not a person; the database may be what is down."""
    g._login_user = login_manager.anonymous_user()
    g.database_wait_limit = READY_DATABASE_SECONDS  # forum/platform/postgres.py


def _database_status() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        try:
            db.session.rollback()
        except SQLAlchemyError:
            db.session().invalidate()
        cause = type(getattr(error, "orig", None) or error).__name__
        log.warning("readiness: database unreachable (%s)", cause)
        return f"unreachable: {cause}"
    finally:
        db.session.remove()
    return "ok"


def _redis_status() -> str:
    url = current_app.config["REDIS_URL"]
    if not url:
        return "not configured"
    from redis import Redis
    from redis.exceptions import RedisError

    from forum.platform import redis_guard

    if redis_guard.breaker.is_open():
        return redis_guard.status()
    try:
        Redis.from_url(url, **redis_guard.client_options(current_app.config["REDIS_TIMEOUT_SECONDS"])).ping()
    except RedisError as error:
        log.warning("readiness: Redis unreachable (%s)", type(error).__name__)
        return f"unreachable: {type(error).__name__}"
    return "ok"


@bp.get("/healthz")
def healthz():
    """Anyone (the load balancer): the process is up. Touches no database."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """Anyone (the load balancer): 200 while the database answers (Redis down: "degraded"), else 503."""
    checks = {"database": _database_status(), "redis": _redis_status()}
    if checks["database"] != "ok":
        return jsonify(status="unavailable", checks=checks), 503
    degraded = [name for name, value in checks.items() if value not in ("ok", "not configured")]
    return jsonify(status="degraded" if degraded else "ready", checks=checks, degraded=degraded), 200
