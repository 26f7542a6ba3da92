"""The one parser for numbers and dates that come from a request (query strings, forms, cursors).

`str.isdigit()` and `int()` accept far more than an id: "²" passes isdigit() and then
fails int(); "٣" (Arabic-Indic three) and " 7 " pass int(); "99999999999999999999" parses
and then overflows SQLite's 64-bit integers, and `date(9999, 12, 31) + 1 day` overflows
Python's. Every number a request carries goes through `parse_int` (ASCII digits only, a
sign only where negatives make sense, and a range), and every date through `parse_date`
(ISO format, years MIN_YEAR..MAX_YEAR), so bad input is a 400 or a form error, never a 500.
"""
import re
from datetime import date

from flask import abort

# Ids are 32-bit INTEGER columns on PostgreSQL (and must fit SQLite's 64-bit ones).
MAX_ID = 2**31 - 1
# Counters such as a review item's version live in the same column type.
MAX_INT = 2**31 - 1
# Dates outside these years are mistakes, and date arithmetic near 9999 overflows.
MIN_YEAR, MAX_YEAR = 1900, 2200
# Longer strings are refused before int() sees them (Python's int() of huge strings is slow).
_DIGITS = re.compile(r"-?[0-9]{1,19}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_int(raw, *, minimum: int = 0, maximum: int = MAX_INT) -> int:
    """`raw` (a str, or an int already) as an int in minimum..maximum; ValueError otherwise.

    A ValueError suits WTForms coercions and `request.args.get(..., type=...)` alike.
    """
    if isinstance(raw, bool):
        raise ValueError("not a number")
    if isinstance(raw, int):
        number = raw
    else:
        if not isinstance(raw, str) or not _DIGITS.fullmatch(raw):
            raise ValueError("not a number")
        number = int(raw)
    if not minimum <= number <= maximum:
        raise ValueError("out of range")
    return number


def parse_id(raw) -> int:
    """A database id (1..MAX_ID); ValueError otherwise."""
    return parse_int(raw, minimum=1, maximum=MAX_ID)


def parse_date(raw) -> date:
    """An ISO date YYYY-MM-DD with a year in MIN_YEAR..MAX_YEAR; ValueError otherwise."""
    if not isinstance(raw, str) or not _ISO_DATE.fullmatch(raw.strip()):
        raise ValueError("not a date")
    value = date.fromisoformat(raw.strip())
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError("date out of range")
    return value


def request_id(raw: str | None) -> int | None:
    """An optional id from a query string: None when absent or empty, 400 when malformed."""
    if raw is None or raw == "":
        return None
    try:
        return parse_id(raw)
    except ValueError:
        abort(400)


def request_int(raw: str | None, *, minimum: int = 0, maximum: int = MAX_INT) -> int | None:
    """An optional number from a query string: None when absent or empty, 400 when malformed."""
    if raw is None or raw == "":
        return None
    try:
        return parse_int(raw, minimum=minimum, maximum=maximum)
    except ValueError:
        abort(400)
