"""Keyset pagination cursors for list pages (no OFFSET: pages stay fast however deep).

A cursor names the last row shown: its id, or its (moment, id) pair. Cursors come from
query strings, so anything malformed is a 400, never a 500.
"""
from datetime import datetime, timedelta, timezone

from collections.abc import Iterable

from flask import abort, request, url_for
from sqlalchemy import and_, or_

from forum.extensions import db

from forum.platform.numbers import MAX_ID, parse_id, parse_int

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MAX_MICROS = 10**17


def encode_moment_cursor(moment: datetime, row_id: int) -> str:
    return f"{(moment - _EPOCH) // timedelta(microseconds=1)}-{row_id}"


def decode_moment_cursor(raw: str | None) -> tuple[datetime, int] | None:
    if not raw:
        return None
    micros, _, row_id = raw.partition("-")
    try:
        # Up to the year 9000 or so: far enough for a timestamp, short of datetime's overflow.
        return _EPOCH + timedelta(microseconds=parse_int(micros, maximum=_MAX_MICROS)), parse_id(row_id)
    except ValueError:
        abort(400)


def decode_id_cursor(raw: str | None) -> int | None:
    if not raw:
        return None
    try:
        return parse_int(raw, maximum=MAX_ID)
    except ValueError:
        abort(400)


def split_page(rows: list, page_size: int) -> tuple[list, bool]:
    """Rows were fetched with LIMIT page_size + 1: return the page and whether more follow."""
    return rows[:page_size], len(rows) > page_size


def list_link(endpoint: str, known: Iterable[str], **values) -> str:
    """A link to another page (or the CSV) of the same list, keeping the current filters.

    Only the `known` query parameters are copied from the request, one value each, and
    `values` (the cursor) are added; a value of None drops that parameter. Never pass
    request.args itself to url_for: `_external`, `_scheme` and `_anchor` there are
    url_for's own arguments, and anything else would be carried into every link.
    """
    params = {}
    for name in known:
        if name.startswith("_"):
            raise ValueError(f"{name!r} is not a query parameter")
        value = request.args.get(name)
        if value:
            params[name] = value
    for name, value in values.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = value
    return url_for(endpoint, **params)


def newest_first_page(statement, moment_column, id_column, cursor: tuple[datetime, int] | None,
                      limit: int) -> tuple[list, bool]:
    """One keyset page of `statement`, newest `moment_column` first (ties by id, also newest
    first), after the (moment, id) `cursor` of the last row shown. Returns (rows, more)."""
    statement = statement.order_by(moment_column.desc(), id_column.desc()).limit(limit + 1)
    if cursor is not None:
        moment, row_id = cursor
        statement = statement.where(or_(moment_column < moment, and_(moment_column == moment, id_column < row_id)))
    return split_page(db.session.scalars(statement).unique().all(), limit)
