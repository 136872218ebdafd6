"""Typed shapes of the JSON API (and so of its OpenAPI description).

Models accept fields they do not name (``extra="allow"``): the knowledge layer
grows (a quote's speaker mention, an event's sectors), and the API passes new
fields through as they come.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorDetail(Model):
    status: int
    type: str
    """``ArticleNotFound``, ``EntityNotFound``, ``InvalidParameter``, ``InvalidRequest``,
    ``NotFound``, ``MethodNotAllowed``, ``QueryTimeout``, ``InternalError``…"""
    message: str


class ErrorBody(Model):
    """The one shape of every error the API returns."""

    error: ErrorDetail


class Paged(Model):
    total: int
    offset: int
    limit: int


class Occurrence(Model):
    page_id: int
    source: str
    record: str | None
    url: str | None
    site: str | None
    start: int
    end: int
    match: str
    similarity: float
    spans: list[list[int]]


class ArticleSummary(Model):
    id: int
    title: str | None
    site: str | None
    agency: str | None
    published: str | None
    first_seen: str
    occurrences: int
    chars: int


class ArticlePage(Paged):
    items: list[ArticleSummary]


class Caption(Model):
    id: int | None = None
    text: str
    credit: str | None


class Mention(Model):
    id: int
    caption_id: int | None
    start: int
    end: int
    text: str
    demonym: bool
    entity_id: int
    entity: str
    type: str
    country: str | None


class SpeakerMention(Model):
    text: str | None
    start: int
    end: int


class Quote(Model):
    id: int
    caption_id: int | None
    start: int
    end: int
    text: str
    cue: str | None
    direct: bool
    speaker: str | None
    speaker_id: int | None
    speaker_mention: SpeakerMention | None = None


class Source(Model):
    article_id: int
    article_title: str | None
    caption_id: int | None
    start: int
    end: int
    sentence: str
    trigger: str | None
    confidence: float
    href: str | None = None
    """``/articles/N#sK``: the article at the source sentence, marked."""
    sentence_number: int | None = None


class Event(Model):
    id: int
    type: str
    mode: str | None
    actor_id: int | None
    actor: str | None
    actor_country: str | None
    target_id: int | None
    target: str | None
    target_country: str | None
    place_id: int | None
    place: str | None
    date: str | None
    precision: str | None
    confidence: float
    negated: bool
    hypothetical: bool
    future: bool
    quad_class: str | None
    sources: list[Source]
    source_count: int


class Role(Model):
    role: str
    person: str
    organisation: str | None
    caption_id: int | None
    start: int
    end: int


class ArticleDetail(Model):
    id: int
    title: str | None
    body: str
    paragraphs: list[str]
    agency: str | None
    author: str | None
    published: str | None
    language: str | None
    site: str | None
    first_seen: str
    captions: list[Caption]
    subheadings: list[dict[str, Any]]
    occurrences: list[Occurrence]
    mentions: list[Mention]
    quotes: list[Quote]
    events: list[Event]
    events_hidden: int
    """Events of the article under ``min_confidence``, left out of ``events``."""
    min_confidence: float
    """The confidence an event needed to be listed (the store's listing floor by default)."""
    roles: list[Role]
    sentences: list[list[int]]
    """(start, end) in the body of each sentence, numbered as the page's ``#sK`` anchors."""


class Fact(Model):
    kind: str
    start: int
    end: int
    label: str
    article_id: int


class PageOccurrence(Model):
    article_id: int
    article_title: str | None
    start: int
    end: int
    spans: list[list[int]]
    match: str
    similarity: float


class PageView(Model):
    id: int
    source: str
    record: str | None
    format: str
    url: str | None
    site: str | None
    fetched_at: str | None
    published: str | None
    title: str | None
    added_at: str
    text: str
    occurrences: list[PageOccurrence]
    facts: list[Fact]
    markup: str | None


class SearchHit(Model):
    id: int
    title: str | None
    site: str | None
    published: str | None
    snippet: str
    score: float


class Facet(Model):
    value: str
    count: int
    type: str | None = None


class SearchResults(Paged):
    query: str
    items: list[SearchHit]
    facets: dict[str, list[Facet]]
    facets_over: int
    """The facets count this many of the best-ranked hits."""
    total_capped: bool = False
    """More articles match than were counted: ``total`` is a lower bound."""
    ranked_over: int = 0
    """The ranking ran over this many matches: all of them, or the most recently stored
    (a search matching very many articles is ranked among its newest matches)."""


class DuplicateCluster(Model):
    id: int
    title: str | None
    site: str | None
    count: int
    occurrences: list[Occurrence]


class DuplicatePage(Paged):
    items: list[DuplicateCluster]


class EntitySummary(Model):
    id: int
    name: str
    type: str
    country: str | None
    mentions: int
    articles: int
    aliases: list[str]


class EntityPage(Paged):
    items: list[EntitySummary]
    types: dict[str, int]


class Period(Model):
    period: str | None
    count: int


class CoMention(Model):
    id: int
    name: str
    type: str
    articles: int


class TimelineItem(Model):
    kind: str
    date: str | None
    summary: str
    article_id: int | None
    article_title: str | None


class EntityDetail(Model):
    id: int
    name: str
    type: str
    country: str | None
    aliases: list[str]
    roles: list[dict[str, Any]]
    members: list[dict[str, Any]]
    mention_count: int
    article_count: int
    mentions: list[dict[str, Any]]
    mentions_by_month: list[Period]
    quotes_by: list[dict[str, Any]]
    quotes_about: list[dict[str, Any]]
    events_as_actor: list[Event]
    events_as_target: list[Event]
    co_mentioned: list[CoMention]
    timeline: list[TimelineItem]


class QuoteRow(Model):
    id: int
    text: str
    speaker: str | None
    speaker_id: int | None
    cue: str | None
    direct: bool
    article_id: int
    article_title: str | None
    published: str | None
    caption_id: int | None
    start: int
    end: int
    href: str | None = None


class QuotePage(Paged):
    items: list[QuoteRow]


class EventPage(Paged):
    items: list[Event]
    timeline: list[Period]
    modes: list[str]


class GraphNode(Model):
    id: int
    name: str
    type: str
    mentions: int
    events: int
    x: float
    y: float
    r: float


class GraphEdge(Model):
    source: int
    target: int
    events: int
    cooperation: int
    conflict: int
    kind: str
    by_quad_class: dict[str, int]
    x1: float
    y1: float
    x2: float
    y2: float


class Graph(Model):
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    width: float
    height: float


class Timeline(Model):
    entity: dict[str, Any]
    items: list[dict[str, Any]]


class Stats(Model):
    path: str
    schema_version: int
    pages: int
    articles: int
    occurrences: int
    duplicates_merged: int
    by_match: dict[str, int]
    sites: int
    captions: int
    size_bytes: int
    top_sites: list[dict[str, Any]]
    knowledge: dict[str, int]
    listing_floor: float
    """The confidence an event needs to be listed by default."""
    events_listed: int
    """Stored events at or above ``listing_floor``."""
