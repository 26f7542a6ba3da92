"""Safe redirects: only to local paths of this site."""
from urllib.parse import urlsplit


def safe_next(target: str | None, fallback: str) -> str:
    """Return `target` if it is a local path, else `fallback`.

    Refuses absolute URLs, scheme-relative '//host', backslash tricks '/\\host' that
    browsers treat as '//host', and control characters.
    """
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return fallback
    if any(ord(ch) < 32 or ch == "\\" for ch in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target
