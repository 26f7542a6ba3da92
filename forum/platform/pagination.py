"""Keyset pagination cursors for list pages (no OFFSET: pages stay fast however deep).

A cursor names the last row shown: its id, or its (moment, id) pair. Cursors come from
query strings, so anything malformed is a 400, never a 500.
"""
from datetime import datetime, timedelta, timezone

from flask import abort

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def encode_moment_cursor(moment: datetime, row_id: int) -> str:
    return f"{(moment - _EPOCH) // timedelta(microseconds=1)}-{row_id}"


def decode_moment_cursor(raw: str | None) -> tuple[datetime, int] | None:
    if not raw:
        return None
    micros, _, row_id = raw.partition("-")
    if not (micros.isdigit() and row_id.isdigit()) or len(micros) > 16 or len(row_id) > 18:
        abort(400)
    return _EPOCH + timedelta(microseconds=int(micros)), int(row_id)


def decode_id_cursor(raw: str | None) -> int | None:
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 18:
        abort(400)
    return int(raw)


def split_page(rows: list, page_size: int) -> tuple[list, bool]:
    """Rows were fetched with LIMIT page_size + 1: return the page and whether more follow."""
    return rows[:page_size], len(rows) > page_size
