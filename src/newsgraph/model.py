"""Plain records shared by every stage: the contract between read, segment, dedup, enrich and store.

Offsets of pages and articles are character offsets into ``Page.text`` (the page
after decoding and normalisation); an article's paragraphs are exact slices of
that text. Offsets of knowledge records (``Mention``, ``Quote``, ``Event``...)
are character offsets into the article body (``Article.body``), so each fact can
be traced to its sentence and, through the article's paragraph spans, to the page.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import xxhash

PARAGRAPH_SEP = "\n\n"


def content_hash(text: str) -> str:
    """A stable 128-bit hex digest of ``text`` (xxh3)."""
    return xxhash.xxh3_128_hexdigest(text.encode("utf-8"))


@dataclass(slots=True)
class Page:
    """One page as read from an input: its normalised text plus what we know about it."""

    source: str
    """Where it came from: a file path, ``-`` for stdin."""
    text: str
    """The page's text, decoded and normalised (the coordinate system for all spans)."""
    format: str
    """``text``, ``jsonl``, ``html``, ``warc``, ``wet``."""
    record: str | None = None
    """Where inside ``source`` when one file holds many pages: ``line 3``, ``offset 1024``."""
    raw: bytes = b""
    """The page as read (HTML or text bytes), kept so everything can be re-derived."""
    url: str | None = None
    site: str | None = None
    fetched_at: str | None = None
    published: str | None = None
    """Publication date (ISO 8601) from metadata, when known."""
    title: str | None = None
    """Title from metadata (HTML ``<title>``/OpenGraph), when known."""
    author: str | None = None
    agency: str | None = None
    """A news agency named by the page's byline metadata (HTML), when known."""
    language: str | None = None
    description: str | None = None
    captions: list[str] = field(default_factory=list)
    """Photo captions found in the page's markup (HTML ``<figcaption>``), credits included."""
    canonical_url: str | None = None
    """The page's own canonical URL (``<link rel=canonical>``/OpenGraph), normalised, when known."""
    site_name: str | None = None
    """The publication's name from metadata (``og:site_name``), when known."""
    extraction: str | None = None
    """How HTML text was obtained: ``trafilatura`` (main text) or ``flatten`` (whole body)."""
    headings: list[str] = field(default_factory=list)
    """Headings of the main content in the markup (HTML ``<h2>``...), normalised, in page order."""

    @property
    def hash(self) -> str:
        """Identity of the page: the hash of its normalised text and, when known, its URL.

        The same text at two URLs is two pages (two places its articles occurred);
        the same page read twice is one, so re-ingesting it changes nothing.
        """
        return content_hash(f"{self.url}\n{self.text}" if self.url else self.text)

    @property
    def location(self) -> str:
        """``source`` with ``record`` when present, for messages."""
        return f"{self.source} ({self.record})" if self.record else self.source


@dataclass(slots=True)
class Caption:
    """A photo caption, once, with its credit split off."""

    text: str
    credit: str | None = None


@dataclass(slots=True)
class Subheading:
    """A subheading inside an article body; ``before`` is the index of the paragraph it opens."""

    text: str
    before: int


@dataclass(slots=True)
class Article:
    """An article cut out of a page: title, body paragraphs, captions, agency, subheadings.

    ``spans[i]`` is the (start, end) of ``paragraphs[i]`` in the page text;
    ``start``/``end`` bound the whole article region on the page.
    """

    title: str | None
    paragraphs: list[str]
    spans: list[tuple[int, int]]
    start: int
    end: int
    captions: list[Caption] = field(default_factory=list)
    subheadings: list[Subheading] = field(default_factory=list)
    agency: str | None = None
    published: str | None = None
    author: str | None = None
    language: str | None = None

    @property
    def body(self) -> str:
        """Paragraphs joined by blank lines."""
        return PARAGRAPH_SEP.join(self.paragraphs)

    def body_offset_to_page(self, offset: int) -> int:
        """Map a character offset in ``body`` to the page text."""
        pos = 0
        for para, (start, _end) in zip(self.paragraphs, self.spans, strict=True):
            if offset <= pos + len(para):
                return start + (offset - pos)
            pos += len(para) + len(PARAGRAPH_SEP)
        return self.end

    def to_dict(self) -> dict[str, object]:
        """The JSON shape used by ``newsgraph extract`` and exports."""
        return {
            "title": self.title,
            "body": self.body,
            "paragraphs": list(self.paragraphs),
            "captions": [{"text": c.text, "credit": c.credit} for c in self.captions],
            "agency": self.agency,
            "subheadings": [{"text": s.text, "before_paragraph": s.before} for s in self.subheadings],
            "published": self.published,
            "author": self.author,
            "language": self.language,
            "start": self.start,
            "end": self.end,
        }


@dataclass(slots=True)
class ReadError:
    """An input that could not be read: reported in one line, counted, skipped."""

    source: str
    reason: str
    record: str | None = None

    def __str__(self) -> str:
        where = f"{self.source} ({self.record})" if self.record else self.source
        return f"{where}: {self.reason}"


# -- knowledge records: what enrichment finds in one article ------------------------------

ENTITY_TYPES = ("PERSON", "ORG", "COUNTRY", "PLACE", "NORP")

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
    """One of ``ENTITY_TYPES``; NORP is a nationality or group word ("Turkish", "Muslims")."""
    canonical: str
    """Canonical name within the article (full name for people, "Türkiye" for Turkey)."""
    country: str | None = None
    """ISO 3166-1 alpha-3 code: the country itself, or the country a demonym names."""
    demonym: bool = False
    """True when the mention is a nationality word ("Turkish", "Russians"): type NORP, ``country`` its country."""


@dataclass(slots=True)
class Role:
    """``person`` is ``role`` of ``organisation`` ("chief executive" of "Child Focus")."""

    person: str
    role: str
    organisation: str | None
    start: int
    end: int


SPEAKER_KINDS = ("name", "pronoun", "description", "none")


@dataclass(slots=True)
class Quote:
    """A direct or reported quote with its speaker and cue verb.

    ``speaker_start``/``speaker_end`` locate the speaker mention: the words the
    text uses for the speaker at the cue ("he", "the spokesman", "Mrs. Doe");
    ``speaker`` is the canonical entity it resolves to, when it does.
    """

    start: int
    end: int
    text: str
    speaker: str | None
    """Canonical name of the speaker when resolved."""
    cue: str | None
    direct: bool = True
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_text: str | None = None
    """The speaker mention's words, as written."""
    speaker_kind: str = "none"
    """One of ``SPEAKER_KINDS``: how the text names the speaker."""
    speaker_type: str | None = None
    """Entity type of ``speaker`` (PERSON or ORG) when resolved."""
    speaker_link: str | None = None
    """For a description, the organisation or country it belongs to ("a Kremlin spokesman")."""
    parts: list[tuple[int, int]] = field(default_factory=list)
    """Spans of the quoted pieces when a cue or a paragraph break splits the quote."""

    @property
    def speaker_mention(self) -> dict[str, Any] | None:
        """``{text, start, end}`` of the speaker mention, or None."""
        if self.speaker_start is None or self.speaker_end is None:
            return None
        return {"text": self.speaker_text, "start": self.speaker_start, "end": self.speaker_end}


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
    actor_sector: str | None = None
    """Phoenix sector code of the actor (``GOV``, ``MIL``, ``COP``, ``REB``, ``IGO``...)."""
    target_sector: str | None = None
    cameo: str | None = None
    """The CAMEO code the verb dictionary gave, when the dictionary coded the event."""
    intent: str | None = None
    """``promise``, ``threat`` or ``refusal`` when the event is an intention coded as PLOVER
    codes it (promised cooperation is AGREE, hostile intent THREATEN, refusal REJECT)."""

    @property
    def uncertain(self) -> bool:
        """True when the event is not reported as having happened (negated or hypothetical)."""
        return self.negated or self.hypothetical

    @property
    def flags(self) -> list[str]:
        """The modality flags that apply: negated, hypothetical, future, promise/threat/refusal."""
        out = [name for name in ("negated", "hypothetical", "future") if getattr(self, name)]
        if self.intent:
            out.append(self.intent)
        return out


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
