"""A learned line model for flattened text pages: layout features per line and their scorer.

Every non-blank line of a page gets a vector of layout features (lengths, punctuation,
case, digits, repetition on the page, position, the first-pass kind from
:mod:`newsgraph.segment`, and the same facts about its neighbours in windows around
it). A small model (logistic regression or a few shallow boosted trees, chosen by
cross-validation grouped by site, see ``scripts/train_line_model.py``) turns them into
the probability that the line belongs to the article body. The parameters ship as
plain JSON in ``newsgraph/data/line_model.json``; this module evaluates them with numpy.

Training data: ``article-extraction-dev`` (scrapinghub/article-extraction-benchmark,
MIT) and ``wcxb-dev`` (WCXB, the Web Content eXtraction Benchmark, CC-BY-4.0,
© 2026 Murrough Foley, Murrough-Foley/web-content-extraction-benchmark); see
``newsgraph/data/line_model.NOTICE``.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections import Counter
from collections.abc import Sequence
from importlib import resources
from typing import Any

import numpy as np

__all__ = ["FEATURE_NAMES", "N_KINDS", "LineModel", "default_model", "page_features"]

N_KINDS = 9
"""First-pass kinds of :mod:`newsgraph.segment` (``_K_BLANK`` ... ``_K_BOX``)."""
_KIND_NAMES = ("blank", "furniture", "caption", "credit", "agency", "prose", "short", "wall", "box")

_SENT_END = frozenset(".!?…。！？")
_CLOSERS = frozenset("\"”’»)]'」』")


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FUNCTION = _word_set(
    "a an the and or but of to in on at by for with from as into than that which who is are "
    "was were be been has have had will would can could it its he she they we i you this these "
    "not no so if when there their his her our de la le les des du et à en un une der die das "
    "und den dem ein eine von zu im ist el los las y del al que se por con para il di e che"
)

_LINE_NAMES = (
    "log_words", "log_chars", "chars_per_word", "ends_sentence", "ends_colon", "ends_open",
    "starts_upper", "starts_lower", "starts_other", "capitalised_share", "all_caps",
    "digit_share", "symbol_share", "inner_sentences", "commas_per_word", "function_share",
    "separators", "link_like", "quotes", "cjk", "brackets",
)
_N_LINE = len(_LINE_NAMES)
_WINDOW_OFFSETS = (-3, -2, -1, 1, 2, 3)
_WINDOW_FEATS = ("log_words", "ends_sentence", "kind_prose", "kind_short", "kind_furn", "function_share")
_SPANS = (2, 5, 15)
_SPAN_FEATS = ("ends_sentence", "log_words", "long")


def _names() -> tuple[str, ...]:
    names = list(_LINE_NAMES)
    names += [f"kind_{k}" for k in _KIND_NAMES[1:]]
    names += ["repeats", "title_copy", "rel_pos", "words_before", "words_after", "log_lines",
              "page_prose_share", "words_vs_max", "words_z", "dist_long_prev", "dist_long_next",
              "first_long", "last_long", "walls_before", "wall_dist", "boxes_before"]
    names += [f"{f}@{o:+d}" for o in _WINDOW_OFFSETS for f in _WINDOW_FEATS]
    names += [f"{f}~{s}" for s in _SPANS for f in _SPAN_FEATS]
    return tuple(names)


FEATURE_NAMES = _names()
_LONG_WORDS = 16


_TABLE_SIZE = 0x10000
_BIT_SHIFTS = np.arange(11, dtype=np.uint16)
_SHIFTS_HEAD = _BIT_SHIFTS[:5, None]
"""Bits 0-4 (upper, lower, alphanumeric, digit, space): rows 0-4 of the counts."""
_SHIFTS_MARKS = np.array([7, 8, 9, 11, 12], dtype=np.uint16)[:, None]
"""Bits 7-9, 11, 12 (quote, opening bracket, bar or bullet, comma, CJK): rows 5-9 of the counts."""


def _class_table() -> np.ndarray:
    """Bit flags of every BMP code point: 0 upper, 1 lower, 2 alphanumeric, 3 digit, 4 space
    (newline included), 5 sentence end, 6 closing quote or bracket, 7 quote, 8 opening bracket,
    9 bar or bullet, 10 arrow or slash (a separator between spaces), 11 comma, 12 CJK or Thai."""
    table = np.zeros(_TABLE_SIZE, dtype=np.uint16)
    sets = ("", "", "", "", "", "".join(_SENT_END), "".join(_CLOSERS), "\"“”«»„", "([", "|•·", ">»›/")
    for cp in range(_TABLE_SIZE):
        ch = chr(cp)
        flags = ch.isupper() | ch.islower() << 1 | ch.isalnum() << 2 | ch.isdigit() << 3 | ch.isspace() << 4
        table[cp] = flags
    for bit, chars in enumerate(sets):
        for ch in chars:
            table[ord(ch)] |= 1 << bit
    table[ord(",")] |= 1 << 11
    table[0x3040:0xD7B0] |= 1 << 12
    table[0x0E00:0x0E80] |= 1 << 12
    return table


_CLASS = _class_table()


def _base_features(text: str, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The ``_LINE_NAMES`` features of the lines ``text[starts[i]:ends[i]]``, for the whole page at once.

    Characters are classified through one table lookup; the per-line counts of every class
    come from one sum per class over the lines' bounds (:func:`_span_sums`). The lines are
    all the page's non-blank lines, in order (only whitespace between them).
    """
    n = len(starts)
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    m = len(cps)
    top = int(cps.max()) if m else 0
    if top < _TABLE_SIZE:
        cls = _CLASS[cps]
    else:  # characters outside the BMP have no class
        cls = _CLASS[np.minimum(cps, _TABLE_SIZE - 1)]
        cls[cps >= _TABLE_SIZE] = 0
    # One row of flags per counted class, one column per character (and a zero column past
    # the end, so that a line may end at the end of the text); the table's bits are unpacked
    # a block of rows at a time.
    rows = np.zeros((15, m + 1), dtype=np.uint8)
    rows[:5, :m] = (cls >> _SHIFTS_HEAD) & 1
    rows[5:10, :m] = (cls >> _SHIFTS_MARKS) & 1
    upper = rows[0, :m].view(np.bool_)
    alnum = rows[2, :m].view(np.bool_)
    space = rows[4, :m].view(np.bool_)
    # Context of each character: a capital opening a word, a sentence boundary inside the line
    # (end punctuation, a space, a capital), a menu separator between spaces, an address,
    # the first character of a word.
    cap_word = upper.copy()
    cap_word[1:] &= space[:-1]
    word_start = ~space
    word_start[1:] &= space[:-1]
    if m > 3:
        is_space = cps == 32
        rows[11, : m - 2] = (cls[:-2] & 32 > 0) & is_space[1:-1] & upper[2:]
        rows[12, 1 : m - 1] = (cls[1:-1] & 1024 > 0) & is_space[:-2] & is_space[2:]
        if "@" in text or "://" in text or "www." in text:
            link = np.zeros(m, dtype=bool)
            link[:-1] = (cps[:-1] == 64) & alnum[1:]
            link[:-2] |= (cps[:-2] == 58) & (cps[1:-1] == 47) & (cps[2:] == 47)
            link[:-3] |= (cps[:-3] == 119) & (cps[1:-2] == 119) & (cps[2:-1] == 119) & (cps[3:] == 46)
            rows[13, :m] = link
    rows[10, :m] = cap_word
    rows[14, _function_words(cps, space, word_start, top < _TABLE_SIZE)] = 1
    c = _span_sums(rows, starts, ends)
    (n_upper, n_lower, n_alnum, n_digit, n_space, n_quote, n_bracket, n_bar, n_comma, n_cjk,
     n_cap, n_inner, n_arrow, n_link, func) = c
    n_sep = n_bar + n_arrow
    chars = (ends - starts).astype(np.float64)
    words = n_space + 1.0
    has_cjk = n_cjk > 0
    words = np.where((words * 12 < chars) & has_cjk, chars // 2, words)
    last_cls = cls[ends - 1]
    prev_cls = cls[np.maximum(ends - 2, starts)]
    end_bit, close_bit = 1 << 5, 1 << 6
    ends_sent = ((last_cls & end_bit) > 0) | (((last_cls & close_bit) > 0) & ((prev_cls & end_bit) > 0)
                                             & (chars > 1))
    first_cls = cls[starts]
    first_upper = (first_cls & 1) > 0
    first_lower = (first_cls & 2) > 0
    out = np.empty((n, _N_LINE))
    out[:, 0] = np.log1p(words)
    out[:, 1] = np.log1p(chars)
    out[:, 2] = np.minimum(chars / words, 15.0) / 10.0
    out[:, 3] = ends_sent
    out[:, 4] = cps[ends - 1] == 58
    out[:, 5] = (last_cls & 4) > 0
    out[:, 6] = first_upper
    out[:, 7] = first_lower
    out[:, 8] = ~(first_upper | first_lower)
    out[:, 9] = np.minimum(n_cap / words, 1.0)
    out[:, 10] = (n_lower == 0) & (n_upper > 1) & (words >= 2)
    out[:, 11] = n_digit / chars
    out[:, 12] = np.maximum(chars - n_alnum - n_space, 0) / chars
    out[:, 13] = np.log1p(n_inner)
    out[:, 14] = np.minimum(n_comma / words, 1.0)
    out[:, 15] = np.minimum(func / words, 1.0)
    out[:, 16] = n_sep > 0
    out[:, 17] = n_link > 0
    out[:, 18] = n_quote > 0
    out[:, 19] = has_cjk
    out[:, 20] = n_bracket > 0
    return out


def _span_sums(rows: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Sums of every row over the columns ``starts[i]:ends[i]`` (float64, one column per span).

    Spans in page order, non-empty and apart (the page's lines) are summed by one
    ``reduceat`` over their bounds; other spans by differences of cumulative sums.
    """
    bounds = np.empty(2 * len(starts), dtype=np.int64)
    bounds[0::2] = starts
    bounds[1::2] = ends
    if len(bounds) and (np.diff(bounds) > 0).all() and bounds[-1] < rows.shape[1]:
        return np.add.reduceat(rows, bounds, axis=1, dtype=np.int32)[:, 0::2].astype(np.float64)
    csum = np.zeros((rows.shape[0], rows.shape[1] + 1), dtype=np.int32)
    np.cumsum(rows, axis=1, out=csum[:, 1:])
    return (csum[:, ends] - csum[:, starts]).astype(np.float64)


_KEY_LEN = 5
_KEY_BASE = np.uint64(_TABLE_SIZE + 1)
_KEY_MASK = (1 << 64) - 1
_KEY_OFFSETS = np.arange(_KEY_LEN)[:, None]
_KEY_POWERS = np.array([int(_KEY_BASE) ** (i + 1) & _KEY_MASK for i in range(5)], dtype=np.uint64)


def _lower_table() -> np.ndarray:
    """The lowercase code point of every BMP code point (itself when it has no one-character lowercase)."""
    table = np.arange(_TABLE_SIZE, dtype=np.uint64)
    for cp in range(_TABLE_SIZE):
        low = chr(cp).lower()
        if len(low) == 1:
            table[cp] = ord(low)
    return table


_LOWER = _lower_table()


def _word_key(word: str) -> int:
    """The key :func:`_function_words` computes for ``word`` (uint64 arithmetic, wrapping)."""
    key = len(word)
    for i, ch in enumerate(word):
        key += (ord(ch) + 1) * int(_KEY_BASE) ** (i + 1)
    return key & _KEY_MASK


_FUNCTION_KEYS = np.array(sorted(_word_key(w) for w in _FUNCTION if len(w) <= _KEY_LEN), dtype=np.uint64)
_HASH_MULT = np.uint64(0x9E3779B97F4A7C15)


def _hash_table() -> tuple[np.ndarray, np.uint64]:
    """The function-word keys in a table without collisions, indexed by the top bits of
    key * ``_HASH_MULT`` (the smallest power-of-two size that separates them); empty slots hold 0."""
    bits = 8
    while True:
        shift = np.uint64(64 - bits)
        slots = (_FUNCTION_KEYS * _HASH_MULT) >> shift
        if len(np.unique(slots)) == len(_FUNCTION_KEYS):
            table = np.zeros(1 << bits, dtype=np.uint64)
            table[slots.astype(np.int64)] = _FUNCTION_KEYS
            return table, shift
        bits += 1


_FUNCTION_TABLE, _HASH_SHIFT = _hash_table()


def _function_words(
    cps: np.ndarray, space: np.ndarray, word_start: np.ndarray, bmp: bool = False
) -> np.ndarray:
    """Where the page's function words ("the", "of", "und"...) start: short words, so each is
    keyed by its lowercased code points; one vectorised lookup for the whole page. ``bmp``:
    the caller knows every code point is in the BMP."""
    m = len(cps)
    first = np.flatnonzero(word_start)
    word_end = ~space
    word_end[:-1] &= space[1:]
    last = np.flatnonzero(word_end)
    length = last - first + 1
    short = length <= _KEY_LEN
    first, length = first[short], length[short]
    if first.size == 0:
        return first
    # The first _KEY_LEN characters of every short word, lowercased (0 past the word's end).
    c = cps[np.minimum(first + _KEY_OFFSETS, m - 1)]
    if bmp:
        low = _LOWER[c]
    else:
        low = _LOWER[np.minimum(c, _TABLE_SIZE - 1)]
        low[c >= _TABLE_SIZE] = _TABLE_SIZE  # outside the BMP: no function word
    low += np.uint64(1)
    low *= length > _KEY_OFFSETS
    low *= _KEY_POWERS[:, None]
    key = length.astype(np.uint64) + low.sum(axis=0, dtype=np.uint64)
    hit = _FUNCTION_TABLE[((key * _HASH_MULT) >> _HASH_SHIFT).astype(np.int64)] == key
    return first[hit]


_IDX = {name: i for i, name in enumerate(FEATURE_NAMES)}
_KINDS = np.arange(1, N_KINDS)
"""The kinds with a one-hot column (all but blank)."""
_WINDOW_ROWS = np.array(_WINDOW_OFFSETS) + max(_WINDOW_OFFSETS)
"""Rows of the zero-padded window table that hold each offset's neighbour of line 0."""
_SPAN_SIZES = np.array(_SPANS)


def page_features(
    text: str, spans: Sequence[tuple[int, int]], kinds: Sequence[int], title_copy: Sequence[bool] | None = None,
    texts: Sequence[str] | None = None,
) -> np.ndarray:
    """The feature matrix (one row per line, ``FEATURE_NAMES`` columns) of the non-blank lines
    ``text[s:e]`` for ``(s, e)`` in ``spans`` (``texts``: those slices, when the caller has them)."""
    n = len(spans)
    out = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float64)
    if n == 0:
        return out
    bounds = np.fromiter(itertools.chain.from_iterable(spans), dtype=np.int64, count=2 * n).reshape(n, 2)
    base = _base_features(text, bounds[:, 0], bounds[:, 1])
    if texts is None:
        texts = [text[s:e] for s, e in spans]
    out[:, :_N_LINE] = base
    k = np.asarray(kinds, dtype=np.int64)
    col = _N_LINE
    out[:, col : col + N_KINDS - 1] = k[:, None] == _KINDS
    col += N_KINDS - 1
    counts = Counter(texts)
    if len(counts) < n:
        out[:, col] = np.log([counts[t] for t in texts])
    col += 1
    if title_copy is not None:
        out[:, col] = np.asarray(title_copy, dtype=np.float64)
    col += 1
    out[:, col] = np.arange(n) / max(n - 1, 1)
    col += 1
    words = np.expm1(base[:, 0])
    prose_words = np.where(k == 5, words, 0.0)
    total = prose_words.sum() or 1.0
    cum = np.cumsum(prose_words)
    out[:, col] = (cum - prose_words) / total
    out[:, col + 1] = (total - cum) / total
    out[:, col + 2] = math.log1p(n)
    out[:, col + 3] = float(np.mean(k == 5))
    out[:, col + 4] = words / max(words.max(), 1.0)
    lw = base[:, 0]
    sd = lw.std()
    out[:, col + 5] = (lw - lw.mean()) / (sd if sd > 0 else 1.0)
    col += 6
    long = words >= _LONG_WORDS
    idx = np.arange(n)
    last_long = np.maximum.accumulate(np.where(long, idx, -1))
    prev_long = np.concatenate(([-1], last_long[:-1]))
    next_long_rev = np.minimum.accumulate(np.where(long, idx, n)[::-1])[::-1]
    next_long = np.concatenate((next_long_rev[1:], [n]))
    out[:, col] = np.log1p(np.where(prev_long >= 0, idx - prev_long, n))
    out[:, col + 1] = np.log1p(np.where(next_long < n, next_long - idx, n))
    if long.any():
        where = np.flatnonzero(long)
        out[:, col + 2] = idx < where[0]
        out[:, col + 3] = idx > where[-1]
    else:
        out[:, col + 2] = 1.0
        out[:, col + 3] = 1.0
    col += 4
    # Walls (comment sections, "most read", tags) and boxes ("related") above the line.
    wall = k == 7
    walls_before = np.cumsum(wall) - wall
    last_wall = np.maximum.accumulate(np.where(wall, idx, -1))
    prev_wall = np.concatenate(([-1], last_wall[:-1]))
    out[:, col] = np.log1p(walls_before)
    out[:, col + 1] = np.log1p(np.where(prev_wall >= 0, idx - prev_wall, n))
    box = k == 8
    out[:, col + 2] = np.log1p(np.cumsum(box) - box)
    col += 3
    # The neighbours' facts (zero past the page's ends), every offset in one gather.
    n_win = len(_WINDOW_FEATS)
    pad = max(_WINDOW_OFFSETS)
    padded = np.zeros((n + 2 * pad, n_win))
    padded[pad : pad + n, 0] = lw
    padded[pad : pad + n, 1] = base[:, 3]
    padded[pad : pad + n, 2] = k == 5
    padded[pad : pad + n, 3] = k == 6
    padded[pad : pad + n, 4] = (k == 1) | (k == 7) | (k == 8)
    padded[pad : pad + n, 5] = base[:, 15]
    out[:, col : col + n_win * len(_WINDOW_OFFSETS)] = padded[idx[:, None] + _WINDOW_ROWS].reshape(n, -1)
    col += n_win * len(_WINDOW_OFFSETS)
    # Means over the spans around each line, every span in one step.
    span_src = np.stack((base[:, 3], lw, long.astype(np.float64)), axis=1)
    csum = np.vstack((np.zeros((1, 3)), np.cumsum(span_src, axis=0)))
    lo = np.maximum(idx[:, None] - _SPAN_SIZES, 0)
    hi = np.minimum(idx[:, None] + _SPAN_SIZES + 1, n)
    out[:, col : col + 3 * len(_SPANS)] = ((csum[hi] - csum[lo]) / (hi - lo)[:, :, None]).reshape(n, -1)
    return out


class LineModel:
    """Scores lines with shipped parameters: ``{"type": "logreg"|"trees", ...}`` (see ``to_json``)."""

    def __init__(self, params: dict[str, Any]) -> None:
        self.params = params
        self.type = params["type"]
        names = params["features"]
        if tuple(names) != FEATURE_NAMES:
            raise ValueError("line model was trained on other features; retrain it")
        self.threshold = float(params.get("threshold", 0.5))
        if self.type == "logreg":
            self.mean = np.asarray(params["mean"], dtype=np.float64)
            self.scale = np.asarray(params["scale"], dtype=np.float64)
            self.coef = np.asarray(params["coef"], dtype=np.float64)
            self.intercept = float(params["intercept"])
        elif self.type == "trees":
            self.depth = int(params["depth"])
            self.feature = np.asarray(params["feature"], dtype=np.int64)  # (trees, 2**depth - 1)
            self.split = np.asarray(params["split"], dtype=np.float64)
            self.leaf = np.asarray(params["leaf"], dtype=np.float64)  # (trees, 2**depth)
            self.base = float(params["base"])
            self._rows = np.arange(self.feature.shape[0])
        else:
            raise ValueError(f"unknown line model type {self.type!r}")

    def decision(self, x: np.ndarray) -> np.ndarray:
        """Log-odds that each row is body text."""
        if self.type == "logreg":
            return ((x - self.mean) / self.scale) @ self.coef + self.intercept
        n = x.shape[0]
        node = np.zeros((n, self.feature.shape[0]), dtype=np.int64)
        trees = self._rows[None, :]
        rows = np.arange(n)[:, None]
        for _ in range(self.depth):
            f = self.feature[trees, node]
            go_right = x[rows, f] > self.split[trees, node]
            node = 2 * node + 1 + go_right
        leaves = node - (2**self.depth - 1)
        return self.leaf[trees, leaves].sum(axis=1) + self.base

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Probability that each row is body text."""
        return 1.0 / (1.0 + np.exp(-np.clip(self.decision(x), -30, 30)))


@functools.lru_cache(maxsize=1)
def default_model() -> LineModel:
    """The shipped model (``newsgraph/data/line_model.json``)."""
    data = resources.files("newsgraph").joinpath("data/line_model.json").read_text("utf-8")
    return LineModel(json.loads(data))
