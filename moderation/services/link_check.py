"""Checking that vetted resources' links still work.

The HTTP requests run in a bounded thread pool with a per-request timeout, so one slow
host never holds up the others; the database is only touched from the calling thread.
"""
import socket
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from sqlalchemy import select

from forum.extensions import db
from forum.models import Resource
from forum.models.base import utcnow
from forum.models.enums import ResourceStatus
from forum.services.audit import record_audit

USER_AGENT = "RoundsLinkChecker/1.0 (+resource library link check)"
HEAD_FALLBACK_STATUSES = (403, 405, 501)


@dataclass(frozen=True)
class LinkResult:
    resource_id: int
    url: str
    status: int | None
    final_url: str | None
    error: str | None

    @property
    def broken(self) -> bool:
        return self.error is not None or self.status is None or self.status >= 400

    @property
    def redirected(self) -> bool:
        return not self.broken and self.final_url is not None and self.final_url != self.url

    @property
    def outcome(self) -> str:
        return "broken" if self.broken else "redirected" if self.redirected else "ok"


class _KeepMethodRedirects(urllib.request.HTTPRedirectHandler):
    """urllib turns a redirected HEAD into a GET; keep it a HEAD."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.method = req.get_method()
        return new


_opener = urllib.request.build_opener(_KeepMethodRedirects())


def _request(url: str, method: str, timeout: float) -> tuple[int, str]:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    with _opener.open(request, timeout=timeout) as response:
        return response.status, response.geturl()


def _describe(error: BaseException) -> str:
    if isinstance(error, urllib.error.URLError):
        reason = error.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return "timed out"
        if isinstance(reason, socket.gaierror):
            return "host not found (DNS)"
        return f"connection failed: {reason}"[:200]
    if isinstance(error, (TimeoutError, socket.timeout)):
        return "timed out"
    return f"{type(error).__name__}: {error}"[:200]


def check_link(resource_id: int, url: str, timeout: float) -> LinkResult:
    """HEAD the URL, falling back to GET when HEAD is refused (403/405/501) or fails."""
    for method in ("HEAD", "GET"):
        try:
            status, final_url = _request(url, method, timeout)
            return LinkResult(resource_id, url, status, final_url, None)
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in HEAD_FALLBACK_STATUSES:
                continue
            return LinkResult(resource_id, url, error.code, error.geturl() or url, f"HTTP {error.code}")
        except (urllib.error.URLError, OSError, ValueError) as error:
            if method == "HEAD":
                continue
            return LinkResult(resource_id, url, None, None, _describe(error))
    raise AssertionError("unreachable")


def check_links(targets: Iterable[tuple[int, str]], *, workers: int = 8, timeout: float = 10.0,
                on_result: Callable[[LinkResult], None] | None = None) -> list[LinkResult]:
    """Check (resource id, url) pairs concurrently; on_result is called as each finishes."""
    results = []
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="link-check") as pool:
        futures = [pool.submit(check_link, rid, url, timeout) for rid, url in targets]
        for future in as_completed(futures):
            result = future.result()
            results.append(result)
            if on_result is not None:
                on_result(result)
    return results


def vetted_link_targets() -> list[tuple[int, str]]:
    return list(db.session.execute(
        select(Resource.id, Resource.url).where(Resource.status == ResourceStatus.VETTED).order_by(Resource.id)
    ).all())


def record_link_results(results: Iterable[LinkResult]) -> None:
    """Store each result on its resource. A link that breaks or recovers is audited
    (system actor). Flushes only; the caller commits."""
    now = utcnow()
    by_id = {result.resource_id: result for result in results}
    resources = db.session.scalars(select(Resource).where(Resource.id.in_(list(by_id)))).all()
    for resource in resources:
        result = by_id[resource.id]
        was_broken = resource.link_broken
        resource.link_checked_at = now
        resource.link_status = result.status
        resource.link_error = result.error
        resource.link_final_url = (result.final_url or "")[:2000] or None
        resource.link_broken = result.broken
        if was_broken != result.broken:
            record_audit(None, "resource.link_broken" if result.broken else "resource.link_ok",
                         "resource", resource.id, reason=result.error)
    db.session.flush()
