"""Every write and every rule. Services flush, never commit; the request's unit of work
(forum/platform/unit_of_work.py) and CLI commands commit."""
from forum.permissions import PermissionDenied


class DomainError(Exception):
    """A rule was broken; the message is fit to show the user.

    `field` names the form field it belongs to; `status` is the HTTP status of the page
    that shows it; `kept` is work that must outlive the rollback (run and committed on its
    own after it), such as counting a failed login.
    """

    status = 400
    # The page shown again presents the error itself (the PHI warning's highlighted text).
    shown_by_page = False

    def __init__(self, message: str, field: str | None = None, kept=None):
        message = str(message)  # a lazy_gettext message, in the language of the request raising it
        super().__init__(message)
        self.message = message
        self.field = field
        self.kept = kept


__all__ = ["DomainError", "PermissionDenied"]
