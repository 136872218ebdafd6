"""Running the knowledge layer: over the store (``enrich``) or over plain documents (``analyze``).

One spaCy parse per article (``nlp.pipe``, batched), then the extractors on
that parse: entities and roles, quotes, dates, events. With ``workers`` > 1,
worker processes each parse and extract whole articles and send back only the
small records, so the extractors run in parallel too and no parse is shipped
between processes.
A body longer than ``Settings.enrich_max_chars`` is parsed in pieces cut at
paragraph (or line, or sentence) ends and the pieces are joined back into one
``Doc`` (:func:`newsgraph.enrich.nlp.parse`), so offsets stay body offsets and
nothing is dropped.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from newsgraph.enrich.language import same_language
from newsgraph.enrich.nlp import DEFAULT_MAX_CHARS, parse
from newsgraph.model import Knowledge

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from newsgraph.enrich.canon import EntityResolver
    from newsgraph.store import Store



def pipeline(model: str | None = None) -> Language:
    """The spaCy pipeline ``model`` (the first installed English one when None), loaded once."""
    from newsgraph.enrich.nlp import load_nlp

    return load_nlp(model)


def pipeline_name(nlp: Language) -> str:
    """The package name of a pipeline: ``en_core_web_sm``."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'pipeline')}"


_TASK_TEXTS = 8
"""Texts per task sent to a worker process: small enough to keep the workers evenly busy."""

_worker_state: dict[str, Any] = {}


def knowledge_stream(
    items: Iterable[tuple[str, str | None]],
    *,
    model: str | None = None,
    workers: int = 1,
    batch_size: int = 32,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[Knowledge]:
    """The knowledge of each ``(text, published)``, in order; an empty text has none.

    With one worker everything runs here. With more, each worker process parses
    and extracts whole texts (the model is loaded once per process; on Linux the
    workers are forked with it already loaded) and sends back the small
    ``Knowledge`` records, not the parses; ``items`` is read in the calling thread.
    """
    if workers <= 1:
        nlp = pipeline(model)
        dates: deque[str | None] = deque()

        def texts() -> Iterator[str]:
            for text, published in items:
                dates.append(published)
                yield text

        for doc in parse(nlp, texts(), batch_size=batch_size, max_chars=max_chars):
            published = dates.popleft()
            yield extract_knowledge(doc, published) if doc.text.strip() else Knowledge()
        return

    import multiprocessing

    pipeline(model)  # load (and validate) before forking, so workers inherit it
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with context.Pool(workers, initializer=_init_worker,
                      initargs=(model, min(batch_size, _TASK_TEXTS), max_chars)) as pool:
        in_flight: deque[Any] = deque()
        chunk: list[tuple[str, str | None]] = []
        for item in items:
            chunk.append(item)
            if len(chunk) >= _TASK_TEXTS:
                in_flight.append(pool.apply_async(_knowledge_of_chunk, (chunk,)))
                chunk = []
                if len(in_flight) >= 2 * workers:
                    yield from in_flight.popleft().get()
        if chunk:
            in_flight.append(pool.apply_async(_knowledge_of_chunk, (chunk,)))
        while in_flight:
            yield from in_flight.popleft().get()


def _init_worker(model: str | None, batch_size: int, max_chars: int) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _worker_state.update(nlp=pipeline(model), batch_size=batch_size, max_chars=max_chars)


def _knowledge_of_chunk(chunk: list[tuple[str, str | None]]) -> list[Knowledge]:
    docs = parse(_worker_state["nlp"], [text for text, _ in chunk],
                       batch_size=_worker_state["batch_size"],
                       max_chars=_worker_state["max_chars"])
    return [extract_knowledge(doc, published) if doc.text.strip() else Knowledge()
            for doc, (_, published) in zip(docs, chunk, strict=True)]


def extract_knowledge(doc: Doc, published: str | None = None) -> Knowledge:
    """Everything the knowledge layer finds in one parsed article."""
    from newsgraph.enrich.dates import extract_dates
    from newsgraph.enrich.entities import extract_entities
    from newsgraph.enrich.events import extract_events
    from newsgraph.enrich.quotes import extract_quotes

    found = Knowledge()

    def attempt(stage: str, func: Callable[[], Any], default: Any) -> Any:
        # One article that trips an extractor must not stop a run (nor every rerun after it):
        # that stage finds nothing there, and the failure is recorded and counted.
        try:
            return func()
        except Exception as exc:
            found.errors.append(f"{stage}: {type(exc).__name__}: {exc}")
            return default

    found.mentions, found.roles = attempt("entities", lambda: extract_entities(doc), ([], []))
    found.quotes = attempt("quotes", lambda: extract_quotes(doc, found.mentions), [])
    found.dates = attempt("dates", lambda: extract_dates(doc, published), [])
    found.events = attempt("events", lambda: extract_events(doc, found.mentions, found.dates,
                                                            published), [])
    return found


# -- over the store ----------------------------------------------------------------------------


@dataclass(slots=True)
class EnrichStats:
    """Counters of one enrichment run."""

    model: str = ""
    version: str = ""
    articles_pending: int = 0
    articles_enriched: int = 0
    captions: int = 0
    """Photo captions of the enriched articles, enriched with them."""
    skipped_empty: int = 0
    extractor_errors: int = 0
    """Extractor failures on single articles (that part found nothing; the run went on)."""
    skipped_language: int = 0
    """Articles clearly in another language than the model's: recorded, not parsed."""
    long_articles: int = 0
    """Articles parsed in pieces because they were longer than ``enrich_max_chars``."""
    skipped_too_long: int = 0
    """Articles longer than ``enrich_max_article_chars``: recorded as enriched with nothing
    (never parsed, so one huge body cannot hold back its batch or exhaust memory)."""
    mentions: int = 0
    quotes: int = 0
    events_new: int = 0
    events_merged: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for ``--json`` and summaries."""
        data = asdict(self)
        data["seconds"] = round(self.seconds, 3)
        return data


def count_pending(store: Store, *, model: str | None = None, redo_all: bool = False) -> int:
    """How many articles :func:`enrich_pending` would enrich (for a progress bar's total)."""
    from newsgraph.enrich.nlp import model_version
    from newsgraph.store.knowledge import KnowledgeStore

    nlp = pipeline(model)
    pending = KnowledgeStore(store).pending_articles(pipeline_name(nlp), model_version(nlp),
                                                    redo_all=redo_all)
    return len(pending)


def enrich_pending(
    store: Store,
    *,
    model: str | None = None,
    workers: int = 1,
    redo_all: bool = False,
    batch_size: int = 32,
    progress: Callable[[int], None] | None = None,
) -> EnrichStats:
    """Enrich the stored articles not yet enriched with this model and version (or all).

    An article's photo captions are enriched with it (their facts carry the caption
    id and offsets into the caption). Each batch of ``batch_size`` articles is saved
    in one transaction, replacing whatever an earlier run stored for them; an
    interrupted run loses at most the batch in flight, and running again completes
    it without duplicates. Empty bodies, and bodies clearly in another language than
    the model's (:func:`newsgraph.enrich.language.same_language`), are recorded as
    enriched with nothing and counted.
    """
    from newsgraph.enrich.nlp import model_version
    from newsgraph.store.knowledge import ArticleKnowledge, KnowledgeStore

    started = time.perf_counter()
    nlp = pipeline(model)
    name, version = pipeline_name(nlp), model_version(nlp)
    knowledge_store = KnowledgeStore(store)
    stats = EnrichStats(model=name, version=version)
    pending = knowledge_store.pending_articles(name, version, redo_all=redo_all)
    stats.articles_pending = len(pending)
    settings = getattr(store, "settings", None)
    max_chars = int(getattr(settings, "enrich_max_chars", DEFAULT_MAX_CHARS))
    max_article = int(getattr(settings, "enrich_max_article_chars", 100_000))

    # Bodies and captions flow through the parser as one stream (so worker processes
    # start once); what each text is waits in ``queued``, in the same order:
    # (article id, caption id or None for the body, last text of the article).
    queued: deque[tuple[int, int | None, bool]] = deque()
    empty: list[int] = []
    foreign: list[int] = []
    too_long: list[int] = []

    def texts() -> Iterator[tuple[str, str | None]]:
        for chunk_start in range(0, len(pending), batch_size):
            ids = pending[chunk_start:chunk_start + batch_size]
            marks = ",".join("?" * len(ids))
            rows = store.conn.execute(
                f"SELECT id, body, published, language FROM articles WHERE id IN ({marks}) "
                "ORDER BY id", ids
            ).fetchall()
            captions: dict[int, list[tuple[int, str]]] = {}
            for caption_id, article_id, text in store.conn.execute(
                f"SELECT id, article_id, text FROM captions WHERE article_id IN ({marks}) "
                "ORDER BY article_id, position, id", ids
            ):
                if text and str(text).strip():
                    captions.setdefault(int(article_id), []).append((int(caption_id), str(text)))
            for article_id, body, published, language in rows:
                if not body or not str(body).strip():
                    empty.append(int(article_id))
                    continue
                if len(body) > max_article:
                    too_long.append(int(article_id))
                    continue
                if not same_language(str(body), nlp.lang, language):
                    foreign.append(int(article_id))
                    continue
                if len(body) > max_chars:
                    stats.long_articles += 1
                own = captions.get(int(article_id), [])
                queued.append((int(article_id), None, not own))
                yield str(body), published
                for number, (caption_id, text) in enumerate(own, start=1):
                    queued.append((int(article_id), caption_id, number == len(own)))
                    yield text, published

    batch: list[ArticleKnowledge] = []

    def flush() -> None:
        items = batch + [ArticleKnowledge(i, None) for i in (*empty, *foreign, *too_long)]
        if not items:
            return
        counts = knowledge_store.save_many(items, model=name, version=version)
        stats.articles_enriched += len(batch)
        stats.captions += sum(len(item.captions) for item in batch)
        stats.extractor_errors += sum(
            len(k.errors) for item in batch
            for k in (item.body, *item.captions.values()) if k is not None)
        stats.skipped_empty += len(empty)
        stats.skipped_language += len(foreign)
        stats.skipped_too_long += len(too_long)
        stats.mentions += counts.mentions
        stats.quotes += counts.quotes
        stats.events_new += counts.events_new
        stats.events_merged += counts.events_merged
        if progress:
            progress(len(items))
        batch.clear()
        empty.clear()
        foreign.clear()
        too_long.clear()

    current: ArticleKnowledge | None = None
    for knowledge in knowledge_stream(texts(), model=model, workers=workers,
                                      batch_size=batch_size, max_chars=max_chars):
        article_id, caption_id, last = queued.popleft()
        if caption_id is None or current is None:
            current = ArticleKnowledge(article_id, knowledge)
        else:
            current.captions[caption_id] = knowledge
        if last:
            batch.append(current)
            if len(batch) >= batch_size:
                flush()
    flush()
    if redo_all:
        with store.transaction():
            knowledge_store.prune_entities()
    stats.seconds = time.perf_counter() - started
    return stats


# -- over plain documents ----------------------------------------------------------------------


def analyze_documents(
    docs: Iterable[dict[str, Any]],
    model: str | None = None,
    workers: int = 1,
    *,
    batch_size: int = 32,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[dict[str, Any]]:
    """The knowledge in each ``{id, text, published?}``, as ``{id, entities, quotes, events}``.

    Each document is one article: no segmentation, no store. Canonical names are
    shared across the documents of one call (a spelling slip in one document
    resolves to the name used in another). Offsets are character offsets in ``text``.
    """
    from newsgraph.enrich.canon import EntityResolver

    resolver = EntityResolver()
    ids: deque[Any] = deque()

    def items() -> Iterator[tuple[str, str | None]]:
        for number, doc in enumerate(docs, start=1):
            ids.append(doc.get("id", number))
            yield str(doc.get("text") or ""), doc.get("published")

    for knowledge in knowledge_stream(items(), model=model, workers=workers,
                                      batch_size=batch_size, max_chars=max_chars):
        yield knowledge_json(ids.popleft(), knowledge, resolver)


def knowledge_json(doc_id: Any, knowledge: Knowledge, resolver: EntityResolver) -> dict[str, Any]:
    """The ``analyze`` JSON of one document, names canonicalised by ``resolver``."""
    from newsgraph.enrich.countries import demonym_name

    types: dict[str, str] = {}
    countries: dict[str, str | None] = {}
    for m in knowledge.mentions:
        if not m.demonym:
            types.setdefault(m.canonical, m.type)
        if m.country and not countries.get(m.canonical):
            countries[m.canonical] = m.country

    def name(value: str | None, default_type: str) -> str | None:
        if not value:
            return None
        return resolver.resolve(value, types.get(value, default_type)) or value

    entities = [
        {"start": m.start, "end": m.end, "text": m.text, "type": m.type,
         "name": demonym_name(m.country) if m.demonym and m.country else name(m.canonical, m.type),
         "country": m.country, "demonym": m.demonym}
        for m in knowledge.mentions
    ]
    roles = [
        {"person": name(r.person, "PERSON"), "role": r.role,
         "organisation": name(r.organisation, "ORG"), "start": r.start, "end": r.end}
        for r in knowledge.roles
    ]
    quotes = [
        {"start": q.start, "end": q.end, "text": q.text,
         "speaker": name(q.speaker, q.speaker_type or "PERSON"),
         "speaker_mention": q.speaker_mention, "speaker_kind": q.speaker_kind,
         "speaker_link": name(q.speaker_link, "ORG"),
         "parts": [list(p) for p in q.parts], "cue": q.cue, "direct": q.direct}
        for q in knowledge.quotes
    ]
    events = [
        {"type": e.type, "mode": e.mode,
         "actor": name(e.actor, "COUNTRY" if e.actor_country else "ORG"),
         "actor_country": e.actor_country or countries.get(e.actor or ""),
         "target": name(e.target, "COUNTRY" if e.target_country else "ORG"),
         "target_country": e.target_country or countries.get(e.target or ""),
         "place": name(e.place, "PLACE"), "date": e.date, "date_precision": e.date_precision,
         "start": e.start, "end": e.end, "trigger": e.trigger, "confidence": e.confidence,
         "negated": e.negated, "hypothetical": e.hypothetical, "future": e.future,
         "actor_sector": e.actor_sector, "target_sector": e.target_sector, "cameo": e.cameo,
         "intent": e.intent, "flags": e.flags}
        for e in knowledge.events
    ]
    dates = [
        {"start": d.start, "end": d.end, "text": d.text, "value": d.value,
         "precision": d.precision, "relative": d.relative, "resolved": d.resolved}
        for d in knowledge.dates
    ]
    return {"id": doc_id, "entities": entities, "roles": roles, "quotes": quotes,
            "events": events, "dates": dates}
