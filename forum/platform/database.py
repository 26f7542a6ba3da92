"""Engine set-up: SQLite pragmas and transaction modes for a safe, concurrent single file.

SQLite allows one writer at a time. A plain (deferred) transaction that reads and then
writes can fail at once with "database is locked" when another writer committed since
its snapshot; busy_timeout cannot help it. So a request that may write (any method but
GET, HEAD, OPTIONS) opens a plain BEGIN for its reads and, just before its first write
(an INSERT, UPDATE, DELETE or SAVEPOINT, or a SELECT ... FOR UPDATE), ends that read
transaction and opens BEGIN IMMEDIATE: it takes the write lock then, waiting up to
busy_timeout for it, and holds it only for the writes. The checks that come first
(the user, the policies, the detectors, "already answered?", Markdown) run beside other
writers instead of queueing behind them. Reads after the swap see what others committed
before it: the same as PostgreSQL's READ COMMITTED. Code that reads a value to write it
back locks first (SELECT ... FOR UPDATE, or take_write_lock()), on both databases.
Reads (GET requests) use plain BEGIN: WAL lets them run beside a writer.

PostgreSQL (psycopg 3) gets the same shape for fewer round trips: a request's reads run in
autocommit (no BEGIN before them, no ROLLBACK after a page that only read; every statement
of a READ COMMITTED transaction takes its own snapshot anyway), and the first write turns
autocommit off, so psycopg sends BEGIN just before it and the unit of work commits or rolls
back as usual. A connection goes back to the pool in autocommit, so the pool's pre-ping
is one round trip (SELECT 1), not BEGIN and SELECT 1.

Outside a request (CLI commands, the job worker, tests) the driver's own mode is kept:
it opens the transaction just before the first write, so reads see the latest commits
and a long-running command (a worker, a link check) never sits on the write lock while
it only reads. Their writes still wait for the lock (busy_timeout), since no snapshot
was taken before them.
"""

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from forum.extensions import db

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Connection.info key: this read transaction belongs to a request that may write.
WRITE_LOCK_PENDING = "rounds.write_lock_pending"
WRITE_KEYWORDS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "SAVEPOINT", "CREATE", "DROP", "ALTER")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def transaction_begin_statement() -> str | None:
    """The statement that opens a transaction here, or None to leave it to the driver."""
    return "BEGIN" if has_request_context() else None


def locks_at_first_write() -> bool:
    """Whether this request's transaction swaps to BEGIN IMMEDIATE before its first write."""
    return has_request_context() and request.method not in READ_METHODS


def _sqlite_begin(conn: Connection) -> None:
    statement = transaction_begin_statement()
    driver_connection = conn.connection.driver_connection
    conn.info[WRITE_LOCK_PENDING] = locks_at_first_write()
    if statement is None:
        driver_connection.isolation_level = ""  # pysqlite's implicit BEGIN before writes
        return
    driver_connection.isolation_level = None  # autocommit at the driver: we say BEGIN
    conn.exec_driver_sql(statement)


def take_write_lock(conn: Connection) -> None:
    """Before a request's first write: on SQLite, swap its read transaction for BEGIN
    IMMEDIATE (waiting up to busy_timeout for other writers); on PostgreSQL, leave autocommit
    so that what follows runs in one transaction. Nothing outside requests, or when done."""
    if not conn.info.pop(WRITE_LOCK_PENDING, False):
        return
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("ROLLBACK")
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.connection.driver_connection.autocommit = False  # psycopg sends BEGIN before the next statement


def _idle(driver_connection) -> bool:
    from psycopg.pq import TransactionStatus

    return driver_connection.pgconn.transaction_status == TransactionStatus.IDLE


def _postgres_begin(conn: Connection) -> None:
    driver_connection = conn.connection.driver_connection
    in_request = has_request_context()
    if driver_connection.autocommit != in_request and _idle(driver_connection):
        driver_connection.autocommit = in_request
    conn.info[WRITE_LOCK_PENDING] = in_request and driver_connection.autocommit


def _postgres_checkin(driver_connection, _record) -> None:
    """Back in the pool (rolled back, so idle): autocommit, so the next pre-ping is one round trip."""
    if (driver_connection is not None and not driver_connection.closed and not driver_connection.autocommit
            and _idle(driver_connection)):
        driver_connection.autocommit = True


def _is_write(statement: str, context) -> bool:
    if statement.lstrip()[:9].upper().startswith(WRITE_KEYWORDS):
        return True
    if context is None:
        return False
    if context.isinsert or context.isupdate or context.isdelete:
        return True
    compiled = context.compiled
    return compiled is not None and getattr(compiled.statement, "_for_update_arg", None) is not None


def _lock_before_first_write(conn, _cursor, statement, _parameters, context, _executemany) -> None:
    if conn.info.get(WRITE_LOCK_PENDING) and _is_write(statement, context):
        take_write_lock(conn)


def configure_engine(app: Flask) -> None:
    """Bound every wait on PostgreSQL, so a database outage gives a quick 503, not a hang.

    New connections time out after DATABASE_CONNECT_TIMEOUT; a request waits at most
    DATABASE_POOL_TIMEOUT for a pooled one; TCP keepalives and tcp_user_timeout find dead
    peers of idle and busy connections; forum/platform/postgres.py bounds each round trip
    of a request. psycopg prepares a statement on the server after DATABASE_PREPARE_THRESHOLD
    runs on a connection (None: never). Called before db.init_app; settings already in
    SQLALCHEMY_ENGINE_OPTIONS win.
    """
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    from forum.platform import postgres

    postgres.breaker.close()  # a new app starts with no memory of another one's database
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options.setdefault("pool_pre_ping", True)
    options.setdefault("pool_timeout", app.config["DATABASE_POOL_TIMEOUT"])
    connect_args = options.setdefault("connect_args", {})
    connect_args.setdefault("connect_timeout", app.config["DATABASE_CONNECT_TIMEOUT"])
    connect_args.setdefault("prepare_threshold", app.config["DATABASE_PREPARE_THRESHOLD"])
    for name, value in (("keepalives", 1), ("keepalives_idle", 10), ("keepalives_interval", 2),
                        ("keepalives_count", 3), ("tcp_user_timeout", 10_000)):
        connect_args.setdefault(name, value)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _postgres_connect(_dialect, _connection_record, cargs, cparams):
    from forum.platform import postgres

    return postgres.connect(cargs, cparams)


def init_app(app: Flask) -> None:
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
            event.listen(engine, "before_cursor_execute", _lock_before_first_write)
        elif engine.dialect.driver == "psycopg":
            from forum.platform import postgres

            event.listen(engine, "do_connect", _postgres_connect)
            event.listen(engine, "begin", _postgres_begin)
            event.listen(engine, "before_cursor_execute", _lock_before_first_write)
            event.listen(engine.pool, "checkin", _postgres_checkin)
            app.before_request(postgres.limit_waits)
