"""Probes for load balancers and orchestrators: /healthz (alive) and /readyz (can serve)."""
import logging

from flask import Blueprint, current_app, g, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from forum.extensions import db, limiter, login_manager

bp = Blueprint("health", __name__)
limiter.exempt(bp)
log = logging.getLogger(__name__)


@bp.before_request
def _never_load_the_user():
    """Probes answer for the process, not a person; the database may be what is down."""
    g._login_user = login_manager.anonymous_user()


def _database_status() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        db.session.rollback()
        log.warning("readiness: database unreachable (%s)", type(error).__name__)
        return f"unreachable: {type(error).__name__}"
    finally:
        db.session.remove()
    return "ok"


def _redis_status() -> str:
    url = current_app.config["REDIS_URL"]
    if not url:
        return "not configured"
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
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
    """Anyone (the load balancer): 200 when the database and Redis answer, else 503."""
    checks = {"database": _database_status(), "redis": _redis_status()}
    ready = all(value in ("ok", "not configured") for value in checks.values())
    return jsonify(status="ready" if ready else "unavailable", checks=checks), 200 if ready else 503
