"""When two event reports are one incident: a pure decision over plain values.

Used by the store when it saves an event (``store/knowledge.py``) and by the Ray
runner, so both merge the same way. A report is a mapping with the keys
``type``, ``actor``, ``target`` (canonical names or entity ids), ``date``,
``precision`` (``day``/``month``/``year``/``decade``, or ``reported`` when the
date is the article's publication date because the sentence gave none),
``place``, ``mode`` and the flags ``negated``, ``hypothetical``, ``future``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

REPORTED = "reported"
"""Precision of a date taken from the article's publication, not from the sentence."""


def date_key(value: str) -> str:
    """The comparable prefix of an ISO date value (``2010s`` -> ``201``)."""
    return value[:3] if value.endswith("s") and len(value) == 5 else value


def dates_compatible(a: str | None, b: str | None) -> bool:
    """True when two dates at any precision can name the same day (one is a prefix of the
    other). An unknown date is compatible with any date."""
    if not a or not b:
        return True
    ka, kb = date_key(a), date_key(b)
    return ka.startswith(kb) or kb.startswith(ka)


def same_incident(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """True when reports ``a`` and ``b`` describe one incident.

    Type, actor, target and flags must agree, and at least one party be known. A report
    dated only by its article (``reported``) never joins one dated by its sentence; two
    such reports join when published the same day. Sentence dates join when compatible
    (one a prefix of the other: "November 2015" and "24 November 2015"); places and modes
    when equal or one is unknown.
    """
    if a.get("type") != b.get("type") or a.get("actor") != b.get("actor") \
            or a.get("target") != b.get("target"):
        return False
    if a.get("actor") is None and a.get("target") is None:
        return False
    if any(bool(a.get(f)) != bool(b.get(f)) for f in ("negated", "hypothetical", "future")):
        return False
    ra, rb = a.get("precision") == REPORTED, b.get("precision") == REPORTED
    if ra != rb:
        return False
    da, db = a.get("date"), b.get("date")
    if ra:
        if (da or "")[:10] != (db or "")[:10]:
            return False
    elif bool(da) != bool(db) or not dates_compatible(da, db):
        return False
    for key in ("place", "mode"):
        va, vb = a.get(key), b.get(key)
        if va is not None and vb is not None and va != vb:
            return False
    return True
