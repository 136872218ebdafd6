"""Quotes: direct quotations and reported speech, with speaker and cue verb.

Direct quotes are found from the quotation marks themselves (curly “ ” and
straight ", paired within a paragraph), so quotes spanning several sentences
stay whole. The speaker comes from the cue verb next to the quote: after it
(“…,” said Heidi De Pauw / “…,” he tweeted) or before it (He noted that “…”).
A quote part with no cue of its own continues the previous part of the same
paragraph (“A,” said X. “B.” gives both parts to X). Pronoun speakers resolve
to the most recent named person outside quotes. Reported speech is a cue verb
whose clausal complement is not a quotation ("Putin said Russia offered…").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsgraph.enrich.plover import words
from newsgraph.enrich.resolve import MentionIndex, Resolved
from newsgraph.model import Mention, Quote

CUE_LEMMAS = words("""
say tell add note warn tweet write post state declare announce explain insist argue claim
observe remark ask reply respond recall acknowledge admit confirm deny stress emphasise emphasize
suggest conclude predict complain urge vow promise assert testify caution allege contend maintain
mention report answer continue joke quip shout whisper boast concede reiterate pledge threaten
comment describe
""")
"""Verbs that introduce a quotation (by lemma)."""

# Verbs that introduce a direct quotation only when right next to it.
_WEAK_CUES = frozenset({"continue", "describe", "report", "mention", "comment"})
# Reported speech needs a clausal complement; these verbs alone are too common for it.
_REPORT_SKIP = frozenset({"ask", "continue", "describe", "answer", "promise", "threaten"})
_SUBJ = frozenset({"nsubj", "nsubjpass"})
_MIN_WORDS = 4
"""A quoted string shorter than this with no cue next to it is a term, not a quote."""
_AFTER_TOKENS = 8
"""How far after a quote its cue verb may come (tokens)."""


@dataclass(slots=True)
class _Raw:
    open: int  # offset of the opening mark
    close: int  # offset just past the closing mark
    start: int  # quoted text (inside the marks, stripped)
    end: int
    para_start: int
    para_end: int


def find_quote_spans(text: str) -> list[tuple[int, int, int, int]]:
    """``(open, close, start, end)`` of each quotation: marks, and the text inside them."""
    return [(r.open, r.close, r.start, r.end) for r in _find_raw(text)]


def extract_quotes(doc: Doc, mentions: list[Mention]) -> list[Quote]:
    """Direct and reported quotes of ``doc`` with speakers resolved through ``mentions``."""
    text = doc.text
    raws = _find_raw(text)
    index = MentionIndex(mentions, [(r.open, r.close) for r in raws])
    starts = [t.idx for t in doc]
    quotes: list[Quote] = []
    prev: tuple[Quote, _Raw] | None = None
    for raw in raws:
        words = len(text[raw.start:raw.end].split())
        cue, speaker = _attribution(doc, starts, raws, raw, index, words)
        if cue is None and prev is not None and _continues(text, prev[1], raw):
            cue, speaker = prev[0].cue, _speaker_of(prev[0])
        if cue is None and words < _MIN_WORDS:
            continue
        q = Quote(raw.start, raw.end, text[raw.start:raw.end],
                  speaker.name if speaker else None, cue.lower() if isinstance(cue, str) else None,
                  True, speaker.start if speaker else None, speaker.end if speaker else None)
        quotes.append(q)
        prev = (q, raw)
    kept = [r for r in raws if any(q.start == r.start for q in quotes)]
    quotes.extend(_reported(doc, text, kept, index))
    quotes.sort(key=lambda q: q.start)
    return quotes


def _speaker_of(q: Quote) -> Resolved | None:
    if q.speaker is None:
        return None
    return Resolved(q.speaker, None, "PERSON", q.speaker_start or 0, q.speaker_end or 0)


def _continues(text: str, prev: _Raw, raw: _Raw) -> bool:
    """``raw`` goes on with the speaker of ``prev``: same paragraph, or the next one opening on it."""
    if prev.para_start == raw.para_start:
        return True
    between = text[prev.para_end:raw.para_start]
    return raw.open == raw.para_start and between.count("\n") <= 2 and not between.strip()


_OPEN_CURLY, _CLOSE_CURLY = "\u201c", "\u201d"


def _find_raw(text: str) -> list[_Raw]:
    out: list[_Raw] = []
    pos = 0
    for line in text.split("\n"):
        p_start, p_end = pos, pos + len(line)
        pos = p_end + 1
        if '"' not in line and _OPEN_CURLY not in line:
            continue
        marks = [(m.start() + p_start, m.group()) for m in re.finditer('[\u201c\u201d"]', line)]
        open_at: int | None = None
        open_kind = ""
        for off, mark in marks:
            if open_at is None:
                if mark in (_OPEN_CURLY, '"'):
                    open_at, open_kind = off, mark
            elif (open_kind == '"' and mark == '"') or (open_kind == _OPEN_CURLY and mark == _CLOSE_CURLY):
                _add(out, text, open_at, off + 1, p_start, p_end)
                open_at = None
            elif mark == open_kind == _OPEN_CURLY:
                open_at = off  # an unclosed quote: start again at the new mark
        if open_at is not None:
            # A quotation running on past its paragraph (closed in a later one).
            _add(out, text, open_at, p_end, p_start, p_end)
    return out


def _add(out: list[_Raw], text: str, open_at: int, close: int, p_start: int, p_end: int) -> None:
    start, end = open_at + 1, close - 1 if text[close - 1] in '"\u201d' else close
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    if end > start:
        out.append(_Raw(open_at, close, start, end, p_start, p_end))


def _tokens_between(doc: Doc, starts: list[int], a: int, b: int) -> list[Token]:
    return [doc[i] for i in range(bisect_left(starts, a), bisect_left(starts, b))]


def _is_cue(token: Token) -> bool:
    """A speech verb used as a verb (not "self-declared", not "the reported case")."""
    if token.lemma_.lower() not in CUE_LEMMAS or token.pos_ not in ("VERB", "AUX"):
        return False
    if token.dep_ in ("amod", "compound", "acomp", "nmod"):
        return False
    return not (token.i > 0 and token.doc[token.i - 1].text == "-")


def _attribution(
    doc: Doc, starts: list[int], raws: list[_Raw], raw: _Raw, index: MentionIndex, words: int
) -> tuple[str | None, Resolved | None]:
    """The cue verb and speaker of one quotation, looking after it, then before it."""
    nxt = next((r.open for r in raws if r.open >= raw.close and r.para_start == raw.para_start),
               raw.para_end)
    after = _tokens_between(doc, starts, raw.close, nxt)
    for n, tok in enumerate(after[:_AFTER_TOKENS]):
        if tok.text in ".!?;" or tok.text == "\n":
            break
        if _is_cue(tok) and (tok.lemma_ not in _WEAK_CUES or n <= 1):
            return tok.text, _speaker(tok, index, doc)
    prv = max((r.close for r in raws if r.close <= raw.open and r.para_start == raw.para_start),
              default=raw.para_start)
    before = _tokens_between(doc, starts, prv, raw.open)
    for back, tok in enumerate(reversed(before)):
        if tok.text in ".!?" and back > 0:
            break
        if _is_cue(tok):
            if words < _MIN_WORDS and back > 2:
                break
            if tok.lemma_ in _WEAK_CUES and back > 2:
                continue
            return tok.text, _speaker(tok, index, doc)
    return None, None


def _speaker(verb: Token, index: MentionIndex, doc: Doc) -> Resolved | None:
    """Who utters ``verb``: its subject (or its governor's), resolved to an entity."""
    v: Token | None = verb
    hops = 0
    while v is not None and hops < 3:
        subj = next((c for c in v.children if c.dep_ in _SUBJ), None)
        if subj is not None:
            return _resolve_subject(subj, index)
        if v.dep_ in ("conj", "xcomp", "advcl") and v.head is not v:
            v, hops = v.head, hops + 1
        else:
            break
    # No subject in the parse ("said Heidi De Pauw" parsed oddly): the next name after the verb.
    for tok in doc[verb.i + 1: verb.i + 6]:
        m = index.at_token(tok)
        if m is not None and m.type in ("PERSON", "ORG") and not m.demonym:
            return Resolved(m.canonical, m.country, m.type, m.start, m.end)
    return None


def _resolve_subject(subj: Token, index: MentionIndex) -> Resolved | None:
    found = index.resolve_np(subj, agents=False)
    if found is not None:
        return found
    if subj.pos_ == "PROPN":
        # A name the entity stage missed: keep the proper-noun phrase as written.
        toks = [c for c in subj.children if c.dep_ in ("compound", "flat") and c.i < subj.i]
        first = toks[0] if toks else subj
        span = subj.doc[first.i: subj.i + 1]
        return Resolved(span.text, None, "PERSON", span.start_char, span.end_char)
    return None


def _reported(doc: Doc, text: str, raws: list[_Raw], index: MentionIndex) -> list[Quote]:
    """Reported speech: a cue verb with a clausal complement that is not a quotation."""
    out: list[Quote] = []
    spans = [(r.open, r.close) for r in raws]
    for tok in doc:
        if not _is_cue(tok) or tok.lemma_ in _REPORT_SKIP:
            continue
        comp = next((c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i), None)
        if comp is None:
            continue
        left = comp.left_edge
        if left.dep_ == "mark" or left.lower_ == "that":
            left = doc[left.i + 1]
        start, end = left.idx, comp.right_edge.idx + len(comp.right_edge.text)
        if any(a < end and start < b for a, b in spans) or any(
            a <= tok.idx < b for a, b in spans
        ):
            continue
        if not any(c.dep_ in _SUBJ for c in comp.children):
            continue
        speaker = _speaker(tok, index, doc)
        out.append(Quote(start, end, text[start:end], speaker.name if speaker else None,
                         tok.text.lower(), False, speaker.start if speaker else None,
                         speaker.end if speaker else None))
    return out
