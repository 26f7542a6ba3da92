"""Every write and every rule. Services flush, never commit; views and CLI commit."""
from forum.permissions import PermissionDenied


class DomainError(Exception):
    """A rule was broken; the message is fit to show the user."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


__all__ = ["DomainError", "PermissionDenied"]
