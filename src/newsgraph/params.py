"""Validation of the query parameters users give (dates, types, ids), shared by the CLI and the web.

Both edges call these functions, so ``events --since 2019-02-30`` and
``/api/events?since=2019-02-30`` are refused with the same message. Each
raises :class:`~newsgraph.errors.InvalidParameter` naming the parameter.
"""

from __future__ import annotations

import calendar
import re

from newsgraph.errors import InvalidParameter
from newsgraph.model import ENTITY_TYPES, PLOVER_TYPES

SQLITE_MAX_INT = 2**63 - 1
"""The largest integer SQLite stores: ids and offsets above it can name no row."""

_ISO_PREFIX = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
EXTRA_ENTITY_TYPES = ("NORP",)
"""Entity types a newer store may hold besides ``ENTITY_TYPES`` (groups: nationalities, parties)."""


def iso_date(value: str | None, name: str = "date") -> str | None:
    """``value`` when it is a real calendar date prefix: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    ``None`` and ``""`` give ``None``. ``2019-13`` and ``2019-02-30`` are refused.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    m = _ISO_PREFIX.fullmatch(text)
    expected = "expected YYYY, YYYY-MM or YYYY-MM-DD"
    if m is None:
        raise InvalidParameter(name, f"{expected}, got {value!r}")
    year = int(m.group(1))
    if m.group(2) is not None:
        month = int(m.group(2))
        if not 1 <= month <= 12:
            raise InvalidParameter(name, f"{value!r} has no month {month} ({expected})")
        if m.group(3) is not None:
            day = int(m.group(3))
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise InvalidParameter(name, f"{value!r} is not a date: {year}-{month:02d} has "
                                             f"{last} days")
    return text


def date_range(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """Validated ``since``/``until``; refused when ``since`` comes after ``until``."""
    start, end = iso_date(since, "since"), iso_date(until, "until")
    if start and end and start[:len(end)] > end:
        raise InvalidParameter("since", f"{start} is after until={end}")
    return start, end


def _choice(value: str | None, choices: tuple[str, ...], name: str) -> str | None:
    if value is None or not value.strip():
        return None
    upper = value.strip().upper()
    if upper not in choices:
        raise InvalidParameter(name, f"{value!r} is not one of {', '.join(choices)}")
    return upper


def event_type(value: str | None, name: str = "type") -> str | None:
    """A PLOVER event type (any case), upper-cased; ``None`` when empty."""
    return _choice(value, PLOVER_TYPES, name)


def entity_type(value: str | None, name: str = "type") -> str | None:
    """An entity type (any case), upper-cased; ``None`` when empty."""
    return _choice(value, (*ENTITY_TYPES, *EXTRA_ENTITY_TYPES), name)


def row_id(value: int, name: str = "id") -> int:
    """An id or offset SQLite can hold (0 ≤ value ≤ 2^63−1)."""
    if not 0 <= value <= SQLITE_MAX_INT:
        raise InvalidParameter(name, f"{value} is outside 0..{SQLITE_MAX_INT}")
    return value
