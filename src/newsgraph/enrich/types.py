"""Records produced by the knowledge layer for one article.

Offsets (``start``, ``end``) are character offsets into the article body
(``Article.body``), so each fact can be traced to its sentence and, through the
article's paragraph spans, to the page.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

ENTITY_TYPES = ("PERSON", "ORG", "COUNTRY", "PLACE")

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


@dataclass(slots=True)
class Mention:
    """An entity named at a span of the body, with the canonical name it resolves to."""

    start: int
    end: int
    text: str
    type: str
    """One of ``ENTITY_TYPES``."""
    canonical: str
    """Canonical name within the article (full name for people, "Türkiye" for Turkey)."""
    country: str | None = None
    """ISO 3166-1 alpha-3 code: the country itself, or the country a demonym names."""
    demonym: bool = False
    """True when the mention is an adjective of nationality ("Turkish")."""


@dataclass(slots=True)
class Role:
    """``person`` is ``role`` of ``organisation`` ("chief executive" of "Child Focus")."""

    person: str
    role: str
    organisation: str | None
    start: int
    end: int


@dataclass(slots=True)
class Quote:
    """A direct or reported quote with its speaker and cue verb."""

    start: int
    end: int
    text: str
    speaker: str | None
    """Canonical name of the speaker when resolved."""
    cue: str | None
    direct: bool = True
    speaker_start: int | None = None
    speaker_end: int | None = None


@dataclass(slots=True)
class DateExpr:
    """A date expression normalised with its precision."""

    start: int
    end: int
    text: str
    value: str | None
    """ISO prefix at the precision: ``2015-11-03``, ``2015-11``, ``2015``, ``2010s``."""
    precision: str | None
    """``day``, ``month``, ``year``, ``decade``; None when unresolved."""
    relative: bool = False
    """True when the expression needs an anchor ("last July")."""
    resolved: bool = True
    """False when relative and no publication date was known to resolve it."""


@dataclass(slots=True)
class Event:
    """A PLOVER event: who did what to whom, where and when, at a sentence span."""

    type: str
    start: int
    end: int
    """The sentence span."""
    trigger: str
    actor: str | None = None
    actor_country: str | None = None
    target: str | None = None
    target_country: str | None = None
    mode: str | None = None
    place: str | None = None
    date: str | None = None
    date_precision: str | None = None
    confidence: float = 0.5
    negated: bool = False
    hypothetical: bool = False
    future: bool = False


@dataclass(slots=True)
class Knowledge:
    """Everything the knowledge layer found in one article."""

    mentions: list[Mention] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dates: list[DateExpr] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    """Extractors that failed on this article, with the reason (their part is empty)."""

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for JSON."""
        return asdict(self)
