"""The knowledge layer: entities, roles, quotes, dates and events, each with its span.

Stages (each a function over a parsed spaCy ``Doc`` and plain records):
``nlp`` (loading and parsing), ``entities`` and ``canon`` (mentions, roles,
canonical names), ``quotes``, ``dates``, ``events``; ``types`` holds the records.
``run`` composes them: :func:`~newsgraph.enrich.run.enrich_pending` over the
store, :func:`~newsgraph.enrich.run.analyze_documents` over plain documents.

Importing this package is cheap; spaCy loads only when a stage runs.
"""

from __future__ import annotations

from typing import Any

__all__ = ["EnrichStats", "analyze_documents", "enrich_pending", "extract_knowledge"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from newsgraph.enrich import run

        return getattr(run, name)
    raise AttributeError(f"module 'newsgraph.enrich' has no attribute {name!r}")
