"""Putting a service's DomainError back onto the form that caused it."""
from flask import flash

from forum.services import DomainError


def show_domain_error(form, error: DomainError) -> None:
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "error")
