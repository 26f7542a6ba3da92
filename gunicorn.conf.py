"""Gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app`.

Every value can be set from the environment; the README's deployment guide lists them.
The app writes one JSON access line per request itself (forum/platform/logs.py: request
id, method, path without the query string, status, duration, user id), so gunicorn's
own access log stays off; its error log goes to stderr as JSON too.
"""
import ctypes
import ctypes.util
import multiprocessing
import os
import signal

from forum.config import check_server_settings

bind = os.environ.get("BIND") or f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"

# Sync workers: the app does blocking database work, and each worker holds one connection.
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY") or min(multiprocessing.cpu_count() * 2 + 1, 12))
check_server_settings(workers)  # refuses several workers on per-process page caches in production
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))  # a stuck worker is killed and replaced
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))  # finish requests on restart
keepalive = 5  # behind a reverse proxy that reuses connections

# Recycle workers now and then, with jitter so they do not all restart at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))

# Headers from the proxy are trusted by the app through PROXY_FIX_HOPS, not by gunicorn.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "forum.platform.logs.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json",
                            "stream": "ext://sys.stderr"}},
    "root": {"level": "INFO", "handlers": []},  # the app adds its own handler (forum/platform/logs.py)
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": loglevel.upper(), "propagate": False},
        # Its lines hold the raw request line, query string included: never written.
        "gunicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}

PR_SET_PDEATHSIG = 1  # linux/prctl.h
_LIBC = ctypes.util.find_library("c")  # once, in the master: it may run ldconfig


def post_fork(server, worker):
    """Workers exit as soon as their master dies (kill -9, an OOM kill).

    Orphaned workers would keep the listening socket open: the restarted master's bind then
    fails ("Connection in use") until they notice on their own, 15 s later. With the parent
    death signal the kernel sends SIGTERM when the master goes: an idle worker exits at
    once, a busy one after its current request (each bounded to a few seconds).
    """
    if not _LIBC:
        return
    libc = ctypes.CDLL(_LIBC, use_errno=True)
    if not hasattr(libc, "prctl") or libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM) != 0:
        server.log.warning("prctl(PR_SET_PDEATHSIG) unavailable: orphaned workers linger")
        return
    if os.getppid() != server.pid:  # the master died before prctl took effect
        os._exit(0)


# gunicorn >= 24 opens a control socket in $HOME; several servers on one machine would
# share it, and nothing here uses it.
control_socket_disable = True
