"""What the knowledge tests run on a sentence: the installed pipeline's parse, then the
entity stage, then the quote or event stage, exactly as enrichment chains them."""

from __future__ import annotations

from spacy.language import Language

from newsgraph.enrich.dates import extract_dates
from newsgraph.enrich.entities import extract_entities
from newsgraph.enrich.events import extract_events
from newsgraph.enrich.nlp import parse
from newsgraph.enrich.quotes import extract_quotes
from newsgraph.model import Event, Quote


def coded_events(nlp: Language, text: str, published: str = "2020-01-01") -> list[Event]:
    """The events of ``text``, dated against ``published``."""
    doc = next(parse(nlp, [text]))
    mentions, _ = extract_entities(doc)
    return extract_events(doc, mentions, extract_dates(doc, published), published)


def direct_quotes(nlp: Language, text: str) -> list[Quote]:
    """The direct quotes of ``text``."""
    doc = next(parse(nlp, [text]))
    mentions, _ = extract_entities(doc)
    return [q for q in extract_quotes(doc, mentions) if q.direct]


def speaker_words(text: str, q: Quote) -> str | None:
    """The words of ``text`` that name ``q``'s speaker, or None."""
    return text[q.speaker_start:q.speaker_end] if q.speaker_start is not None else None
