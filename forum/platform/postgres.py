"""Bounded waits on PostgreSQL, so a frozen or unreachable database gives a quick 503.

A stopped PostgreSQL refuses connections at once, but a frozen one (SIGSTOP, a network
partition, a stuck storage volume) keeps its sockets open: the kernel acknowledges
everything and nothing ever answers. connect_timeout covers new connections only, TCP
keepalives and tcp_user_timeout cannot fire while the peer's kernel acknowledges, and a
server-side statement_timeout needs a server that runs. So the driver's own wait is
bounded on the client:

- While a request is served, each round trip to PostgreSQL (a query, a commit, the pool's
  pre-ping) may wait at most DATABASE_WAIT_SECONDS. A wait that runs out closes the
  connection (its state is unknown) and raises DatabaseTimeout, an OperationalError, which
  the request's error handler turns into a 503 with Retry-After.
- After such a timeout this process stops trying for DATABASE_RETRY_SECONDS (a circuit
  breaker): every request fails at once instead of each one waiting, so a sync worker
  never queues several waits back to back. The first request after the pause tries again.
- Connections opened while serving a request also carry statement_timeout and
  lock_timeout of the same length, so a slow query or a lock held by a stuck transaction
  is cancelled by the server and leaves the connection usable.

CLI commands and the job worker have no request, so none of this applies to them: a
migration or a backup may legitimately run for minutes.
"""
import time

import psycopg
from flask import current_app, g, has_app_context


class DatabaseTimeout(psycopg.OperationalError):
    """PostgreSQL did not answer within the request's wait limit."""


class DatabaseUnavailable(psycopg.OperationalError):
    """A recent timeout opened the breaker: not trying again yet."""


class Breaker:
    """Per process: open for a while after a timeout, so later requests fail at once."""

    def __init__(self):
        self.open_until = 0.0
        self.reason = ""

    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self, seconds: float, reason: str) -> None:
        self.open_until = time.monotonic() + seconds
        self.reason = reason

    def close(self) -> None:
        self.open_until = 0.0


breaker = Breaker()


def limit_waits() -> None:
    """before_request: this request's round trips wait at most DATABASE_WAIT_SECONDS.

    Kept on g (the app context), so it still holds while the session is closed at the end.
    """
    g.database_wait_limit = current_app.config["DATABASE_WAIT_SECONDS"]


def wait_limit() -> float | None:
    """Seconds one round trip may take now; None outside a request (no client-side limit)."""
    return g.get("database_wait_limit") if has_app_context() else None


def refuse_while_open() -> None:
    if breaker.is_open():
        raise DatabaseUnavailable(f"not retrying PostgreSQL yet after {breaker.reason}")


def _trip(reason: str) -> None:
    breaker.trip(current_app.config["DATABASE_RETRY_SECONDS"], reason)


class BoundedConnection(psycopg.Connection):
    """psycopg's connection with every wait bounded by wait_limit() during a request."""

    def wait(self, gen, interval=0.1, timeout=None):
        limit = wait_limit()
        if limit is None:
            return super().wait(gen, interval=interval, timeout=timeout)
        if breaker.is_open():
            gen.close()
            self.pgconn.finish()  # never sent; closed so SQLAlchemy discards it
            refuse_while_open()
        deadline = time.monotonic() + limit
        try:
            result = super().wait(gen, interval=min(interval, limit),
                                  timeout=limit if timeout is None else min(timeout, limit))
        except psycopg.OperationalError as error:
            if self.closed or time.monotonic() < deadline:
                raise
            # The wait ran out mid-protocol: the connection's state is unknown.
            self.pgconn.finish()
            reason = f"no answer within {limit:g} s"
            _trip(reason)
            raise DatabaseTimeout(f"PostgreSQL gave {reason}") from error
        breaker.close()
        return result


def connect(cargs, cparams):
    """The engine's do_connect: a BoundedConnection, with server-side limits in a request."""
    limit = wait_limit()
    if limit is None:
        return BoundedConnection.connect(*cargs, **cparams)
    refuse_while_open()
    milliseconds = int(limit * 1000)
    options = f"-c statement_timeout={milliseconds} -c lock_timeout={milliseconds}"
    params = {**cparams, "options": f"{cparams.get('options', '')} {options}".strip()}
    try:
        return BoundedConnection.connect(*cargs, **params)
    except psycopg.errors.ConnectionTimeout:
        _trip("a connection timeout")
        raise
