"""One circuit breaker for every Redis client of this process: page cache, rate limits, jobs.

Redis holds nothing the site cannot do without (README, "Redis"), so when it stops
answering the site must carry on at full speed. A frozen Redis (SIGSTOP, a partition)
keeps its sockets open and answers nothing: each command would wait for its socket
timeout, and redis-py retries three times by default. So every client here:

- waits at most REDIS_TIMEOUT_SECONDS to connect and per reply, with no retries;
- after one failure, marks Redis down in this process for REDIS_RETRY_SECONDS: every
  command then fails at once with a ConnectionError, and each caller falls back at once
  (rate limits to this process's memory, jobs run here, pages render uncached). The first
  command after the pause tries again, and a success closes the breaker.
"""
import time

from redis.backoff import NoBackoff
from redis.connection import Connection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

FAILURES = (RedisConnectionError, RedisTimeoutError, OSError)


class Breaker:
    def __init__(self):
        self.open_until = 0.0
        self.retry_seconds = 5.0
        self.reason = ""

    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self, error: BaseException) -> None:
        self.open_until = time.monotonic() + self.retry_seconds
        self.reason = type(error).__name__

    def close(self) -> None:
        self.open_until = 0.0


breaker = Breaker()


def status() -> str:
    """For /readyz: "ok" as far as this process knows, or why not."""
    if breaker.is_open():
        return f"unreachable: {breaker.reason} (not retried for up to {breaker.retry_seconds:g} s)"
    return "ok"


class GuardedConnection(Connection):
    """A redis-py connection that fails at once while the breaker is open, and opens it on failure."""

    def _guard(self, method, *args, **kwargs):
        if breaker.is_open():
            raise RedisConnectionError(f"Redis marked down after {breaker.reason}")
        try:
            result = method(*args, **kwargs)
        except FAILURES as error:
            breaker.trip(error)
            raise
        breaker.close()
        return result

    def connect_check_health(self, *args, **kwargs):
        return self._guard(super().connect_check_health, *args, **kwargs)

    def send_packed_command(self, *args, **kwargs):
        return self._guard(super().send_packed_command, *args, **kwargs)

    def read_response(self, *args, **kwargs):
        return self._guard(super().read_response, *args, **kwargs)


def client_options(timeout: float) -> dict:
    """Keyword arguments for redis.from_url / Redis(...) that route through the breaker."""
    return {"connection_class": GuardedConnection, "socket_connect_timeout": timeout,
            "socket_timeout": timeout, "retry": Retry(NoBackoff(), 0), "health_check_interval": 0}


def configure(app) -> None:
    """Before the cache, the limiter and the job queue read their options (create_app)."""
    breaker.close()  # a new app starts with no memory of another one's Redis
    if not app.config.get("REDIS_URL"):
        return
    breaker.retry_seconds = app.config["REDIS_RETRY_SECONDS"]
    options = client_options(app.config["REDIS_TIMEOUT_SECONDS"])
    if app.config.get("CACHE_TYPE") == "RedisCache":
        app.config["CACHE_OPTIONS"] = {**options, **(app.config.get("CACHE_OPTIONS") or {})}
    if str(app.config.get("RATELIMIT_STORAGE_URI", "")).startswith("redis"):
        app.config["RATELIMIT_STORAGE_OPTIONS"] = {**options, **(app.config.get("RATELIMIT_STORAGE_OPTIONS") or {})}
