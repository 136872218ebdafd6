"""Exact and near-duplicate detection: body hashes, MinHash signatures, LSH bands, containment.

A pure stage: it fingerprints article bodies and decides, against a
:class:`DedupIndex`, whether an article was seen before. The index is a
protocol so that the same logic runs over an in-memory index (tests,
``newsgraph extract``) and over the persistent one in the store (incremental
ingestion: tomorrow's pages are checked against today's).

How an article is matched, cheapest first:

1. **exact**: the hash of the normalised body (casefolded, punctuation and
   whitespace folded) was seen before;
2. **near**: an LSH band of its MinHash signature collides with a stored
   article and the estimated Jaccard similarity of their word shingles is at
   least ``near_dup_threshold``;
3. **containment**: one of the two is a shorter version of the other
   (truncated, a teaser, the first half). Candidates come from the LSH bands
   and from *paragraph keys* (the first words of each paragraph: a truncated
   copy keeps its paragraphs' openings, a re-wrapped copy keeps them as line
   openings). The MinHash estimate of containment,
   ``J·(|A|+|B|) / ((1+J)·min(|A|,|B|))``, is noisy when one side is much
   shorter, so a candidate in the grey zone is verified exactly on the
   shingle sets of both bodies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol

import numpy as np
import xxhash
from datasketch import MinHash

from newsgraph.model import PARAGRAPH_SEP, Article, content_hash
from newsgraph.settings import Settings

MatchKind = Literal["exact", "near", "contained", "contains"]
"""How a new article relates to the stored one it matched:
``exact`` same normalised body; ``near`` Jaccard above threshold;
``contained`` the new one is a shorter version of the stored one;
``contains`` the new one is a longer version of the stored one."""
Screen = Literal["near", "grey"] | None
"""What signatures alone say of a pair (see :meth:`Deduplicator.screen`)."""


PARAGRAPH_KEY_WORDS = 8
"""Words hashed into a paragraph key; shorter paragraphs give no key."""
PARAGRAPH_KEYS_MAX = 10
"""Only the first paragraphs give keys: shorter versions keep an article's opening, and the
index stays small (every key is a row in the store)."""
MAX_CANDIDATES = 64
"""At most this many candidates are verified per article (common openings stay cheap)."""

_SEED = 1
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A CJK character is a token on its own (no spaces between words); otherwise runs of letters/digits.
_TOKEN = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")
_MIX = np.uint64(0x9E3779B97F4A7C15)
_U64 = np.uint64


def tokens(text: str) -> list[str]:
    """Casefolded word tokens of ``text``: punctuation and whitespace dropped, CJK per character."""
    return _TOKEN.findall(text.casefold())


def normalized_body(text: str) -> str:
    """The body as compared for exact duplicates: casefolded tokens joined by single spaces."""
    return " ".join(tokens(text))


def body_hash(text: str) -> str:
    """Hash of :func:`normalized_body` (same for copies that differ in case, spacing, punctuation)."""
    return content_hash(normalized_body(text))


def _token_hashes(words: Sequence[str]) -> np.ndarray:
    return np.fromiter(
        map(xxhash.xxh3_64_intdigest, map(str.encode, words)), dtype=np.uint64, count=len(words)
    )


def shingle_hashes(words: Sequence[str], size: int) -> np.ndarray:
    """Sorted distinct 32-bit hashes of the ``size``-word shingles of ``words``.

    Token hashes are combined in numpy (a polynomial over 64-bit words, then
    the high 32 bits), so no Python work is done per shingle. A text shorter
    than ``size`` words is a single shingle.
    """
    if not words:
        return np.empty(0, dtype=np.uint32)
    th = _token_hashes(words)
    n = max(len(th) - size + 1, 1)
    acc = np.zeros(n, dtype=np.uint64)
    for j in range(min(size, len(th))):
        acc = acc * _MIX + th[j : j + n]
    acc ^= acc >> _U64(29)
    acc *= _U64(0xBF58476D1CE4E5B9)
    # Sorted distinct values (np.unique without its hashing pass: several times faster here).
    out = np.sort((acc >> _U64(32)).astype(np.uint32))
    keep = np.empty(len(out), dtype=bool)
    keep[0] = True
    np.not_equal(out[1:], out[:-1], out=keep[1:])
    return out[keep]


def _paragraph_key(words: Sequence[str]) -> int:
    digest = xxhash.xxh3_64_intdigest(" ".join(words[:PARAGRAPH_KEY_WORDS]).encode("utf-8"))
    return digest - (1 << 64) if digest >= 1 << 63 else digest  # as SQLite INTEGER


@dataclass(slots=True)
class Fingerprint:
    """Everything dedup needs to know about one body."""

    body_hash: str
    signature: np.ndarray
    """MinHash values (uint32, ``num_perm`` of them)."""
    shingle_count: int
    """Distinct shingles in the body (the set size the signature summarises)."""
    band_keys: list[int]
    """One LSH bucket key per band (signed 64-bit, ready for SQLite)."""
    paragraph_keys: list[int]
    """Keys of the first words of the first paragraphs long enough (signed 64-bit)."""
    shingles: np.ndarray = field(repr=False)
    """The distinct shingle hashes themselves (kept only while deduplicating)."""


@dataclass(slots=True, frozen=True)
class Candidate:
    """What the index knows about a stored article, to verify a match."""

    article_id: int
    signature: np.ndarray
    shingle_count: int


@dataclass(slots=True, frozen=True)
class Match:
    """A stored article that a new one duplicates."""

    article_id: int
    kind: MatchKind
    similarity: float
    """1.0 for exact, Jaccard for near, containment of the shorter in the longer otherwise."""


class DedupIndex(Protocol):
    """Where fingerprints of known articles live (in memory, or in the store)."""

    def lookup_hash(self, body_hash: str) -> int | None:
        """The article whose normalised body (or a copy of it) had this hash."""

    def band_candidates(self, band_keys: Sequence[int]) -> set[int]:
        """Articles sharing at least one LSH bucket."""

    def paragraph_candidates(self, keys: Sequence[int]) -> set[int]:
        """Articles sharing at least one paragraph key."""

    def candidates(self, article_ids: Iterable[int]) -> list[Candidate]:
        """Signatures and shingle counts of these articles."""

    def body(self, article_id: int) -> str:
        """The stored body of an article (for exact verification)."""

    def add(self, article_id: int, fingerprint: Fingerprint, body: str) -> None:
        """Index a new article under ``article_id``."""

    def add_hash(self, body_hash: str, article_id: int) -> None:
        """Remember that a copy with this body hash belongs to ``article_id``."""


class Fingerprinter:
    """Computes :class:`Fingerprint` s with the shingle size, permutations and bands of ``settings``."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.num_perm = self.settings.num_perm
        self.bands = self.settings.lsh_bands
        self.rows = self.num_perm // self.bands
        # datasketch's affine32 permutations: phv = a * fmix32(h) + b (mod 2^32).
        template = MinHash(num_perm=self.num_perm, seed=_SEED, scheme="affine32")
        self._perm_a, self._perm_b = template.permutations
        self._a = self._perm_a.astype(np.uint32)
        self._b = self._perm_b.astype(np.uint32)
        rng = np.random.default_rng(_SEED)
        self._band_mult = rng.integers(1, 2**63, size=(self.bands, self.rows), dtype=np.uint64) | _U64(1)
        self._band_salt = rng.integers(0, 2**63, size=self.bands, dtype=np.uint64)

    def paragraph_words(self, paragraphs: Sequence[str]) -> list[list[str]]:
        """The tokens of each paragraph."""
        return [tokens(p) for p in paragraphs]

    @staticmethod
    def body_hash(per_paragraph: Sequence[Sequence[str]]) -> str:
        """The exact-duplicate key of a body given as its paragraphs' tokens."""
        return content_hash(" ".join(w for ws in per_paragraph for w in ws))

    def fingerprint(self, body: str | Sequence[str], *,
                    words: Sequence[Sequence[str]] | None = None) -> Fingerprint:
        """Fingerprint a body given as text (paragraphs split on blank lines) or as paragraphs.

        ``words``, the paragraphs' tokens when already computed, saves tokenising again.
        """
        paragraphs = body.split(PARAGRAPH_SEP) if isinstance(body, str) else body
        per_paragraph = self.paragraph_words(paragraphs) if words is None else words
        shingles = self._shingles_of_words(per_paragraph)
        signature = self.signature(shingles)
        long_enough = [ws for ws in per_paragraph if len(ws) >= PARAGRAPH_KEY_WORDS]
        keys = sorted({_paragraph_key(ws) for ws in long_enough[:PARAGRAPH_KEYS_MAX]})
        return Fingerprint(
            body_hash=self.body_hash(per_paragraph),
            signature=signature,
            shingle_count=len(shingles),
            band_keys=self.band_keys(signature),
            paragraph_keys=keys,
            shingles=shingles,
        )

    def with_shingles(self, fp: Fingerprint, paragraphs: Sequence[str]) -> Fingerprint:
        """``fp`` (made from ``paragraphs`` earlier, perhaps elsewhere) with its shingles,
        when it travelled without them."""
        if len(fp.shingles) or not fp.shingle_count:
            return fp
        return replace(fp, shingles=self._shingles_of_words(self.paragraph_words(paragraphs)))

    def _shingles_of_words(self, per_paragraph: Sequence[Sequence[str]]) -> np.ndarray:
        return shingle_hashes([w for ws in per_paragraph for w in ws], self.settings.shingle_size)

    def shingles(self, body: str) -> np.ndarray:
        """The distinct shingle hashes of a body (what a fingerprint summarises)."""
        return shingle_hashes(tokens(body), self.settings.shingle_size)

    def identity(self) -> str:
        """Names the fingerprint scheme: parameters plus a checksum of a reference signature.

        Signatures made under another identity (other settings, another datasketch
        permutation scheme) cannot be compared; the store refuses to mix them.
        """
        ref = self.fingerprint("newsgraph fingerprint reference: one two three four five six seven")
        check = xxhash.xxh3_64_hexdigest(ref.signature.astype("<u4").tobytes()
                                         + np.asarray(ref.band_keys, dtype="<i8").tobytes())
        return (f"shingle_size={self.settings.shingle_size} num_perm={self.num_perm} "
                f"lsh_bands={self.bands} check={check}")

    def signature(self, shingles: np.ndarray) -> np.ndarray:
        """MinHash signature of a set of 32-bit shingle hashes (datasketch affine32 scheme)."""
        if len(shingles) == 0:
            return np.full(self.num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
        hv = shingles.astype(np.uint32)
        hv ^= hv >> np.uint32(16)
        hv *= np.uint32(0x85EBCA6B)
        hv ^= hv >> np.uint32(13)
        hv *= np.uint32(0xC2B2AE35)
        hv ^= hv >> np.uint32(16)
        out = np.full(self.num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
        # Chunked so a very long body never builds a huge (shingles x perms) matrix;
        # in place to avoid temporaries (uint32 arithmetic wraps: that is the mod 2^32).
        step = 4096
        for i in range(0, len(hv), step):
            block = np.multiply.outer(hv[i : i + step], self._a)
            block += self._b
            np.minimum(out, block.min(axis=0), out=out)
        return out

    def minhash(self, shingles: np.ndarray) -> MinHash:
        """The same signature as a datasketch :class:`MinHash` (built with ``update_batch``)."""
        mh = MinHash(num_perm=self.num_perm, seed=_SEED, scheme="affine32",
                     permutations=(self._perm_a, self._perm_b), hashfunc=int)
        mh.update_batch(shingles.tolist())
        return mh

    def band_keys(self, signature: np.ndarray) -> list[int]:
        """One signed 64-bit bucket key per band (band number mixed in); none for an empty body."""
        if signature[0] == np.iinfo(np.uint32).max and np.all(signature == signature[0]):
            return []
        rows = signature.astype(np.uint64).reshape(self.bands, self.rows)
        keys = (rows * self._band_mult).sum(axis=1, dtype=np.uint64) ^ self._band_salt
        return keys.view(np.int64).tolist()


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two MinHash signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def containment_estimate(j: float, n_a: int, n_b: int) -> float:
    """Estimated share of the smaller set inside the larger, from Jaccard and set sizes."""
    small = min(n_a, n_b)
    if small == 0:
        return 0.0
    return min(1.0, j * (n_a + n_b) / ((1.0 + j) * small))


class Deduplicator:
    """Decides whether a fingerprinted article duplicates one in ``index``."""

    GREY_NEAR = 0.15
    """Below the near threshold by at most this: verify Jaccard exactly."""
    GREY_CONTAINMENT = 0.3
    """Estimated containment at most this below its threshold: verify exactly."""

    def __init__(self, index: DedupIndex, settings: Settings | None = None,
                 fingerprinter: Fingerprinter | None = None) -> None:
        self.index = index
        self.settings = settings or Settings()
        self.fingerprinter = fingerprinter or Fingerprinter(self.settings)

    def fingerprint(self, body: str | Sequence[str]) -> Fingerprint:
        """See :meth:`Fingerprinter.fingerprint`."""
        return self.fingerprinter.fingerprint(body)

    def match(self, fp: Fingerprint) -> Match | None:
        """The best stored match for ``fp``, or ``None`` when the article is new."""
        best: Match | None = None
        for verdict in self.matches(fp):
            if better_match(verdict, best):
                best = verdict
        return best

    def matches(self, fp: Fingerprint) -> list[Match]:
        """Every stored article ``fp`` matches (one exact match settles it alone)."""
        found = self.index.lookup_hash(fp.body_hash)
        if found is not None:
            return [Match(found, "exact", 1.0)]
        ids = self.index.band_candidates(fp.band_keys)
        ids |= self.index.paragraph_candidates(fp.paragraph_keys)
        if not ids:
            return []
        ids_sorted = sorted(ids, reverse=True)[:MAX_CANDIDATES]  # newest first when too many
        return [verdict for cand in self.index.candidates(ids_sorted)
                if (verdict := self._judge(fp, cand)) is not None]

    @classmethod
    def screen(cls, j: float, n_a: int, n_b: int, settings: Settings) -> Screen:
        """What two bodies' signatures alone say of them, from their estimated Jaccard
        similarity ``j`` and shingle counts: ``near`` (a duplicate, no shingles needed),
        ``grey`` (maybe: only their shingles can tell) or ``None`` (not the same article)."""
        small, large = min(n_a, n_b), max(n_a, n_b)
        if j >= min(1.0, settings.near_dup_threshold + 0.1) and small >= 0.9 * large:
            return "near"
        c_est = containment_estimate(j, n_a, n_b)
        near_grey = j >= settings.near_dup_threshold - cls.GREY_NEAR
        cont_grey = (small >= settings.containment_min_shingles
                     and c_est >= settings.containment_threshold - cls.GREY_CONTAINMENT)
        return "grey" if near_grey or cont_grey else None

    def _judge(self, fp: Fingerprint, cand: Candidate) -> Match | None:
        s = self.settings
        j = jaccard(fp.signature, cand.signature)
        screen = self.screen(j, fp.shingle_count, cand.shingle_count, s)
        if screen == "near":
            return Match(cand.article_id, "near", j)
        if screen is None:
            return None
        other = self.fingerprinter.shingles(self.index.body(cand.article_id))
        verdict = compare_shingles(fp.shingles, other, s)
        return Match(cand.article_id, *verdict) if verdict is not None else None


def compare_shingles(mine: np.ndarray, other: np.ndarray, settings: Settings
                     ) -> tuple[MatchKind, float] | None:
    """How the text with shingles ``mine`` relates to the one with ``other``, exactly:
    ``contained`` (a notably shorter version of it), ``contains``, ``near`` (with the
    containment or the Jaccard similarity), or ``None`` (not the same article)."""
    s = settings
    inter = len(np.intersect1d(mine, other, assume_unique=True))
    union = len(mine) + len(other) - inter
    exact_j = inter / union if union else 0.0
    small = min(len(mine), len(other))
    containment = inter / small if small else 0.0
    # A version notably shorter than the other is reported as such, not as "near".
    if (small >= s.containment_min_shingles and containment >= s.containment_threshold
            and (exact_j < s.near_dup_threshold or containment - exact_j > 0.1)):
        return ("contained" if len(mine) <= len(other) else "contains"), containment
    if exact_j >= s.near_dup_threshold:
        return "near", exact_j
    return None


_KIND_ORDER = {"exact": 3, "near": 2, "contained": 1, "contains": 1}

PART_MAX_OVERLAP = 0.3
"""Two parts of one text share at most this share of the smaller one's shingles."""
PARTS_MIN_COVER = 0.8
"""Parts that together hold this share of a text's shingles make it a page of several articles."""


def split_parts(whole: np.ndarray, parts: Sequence[tuple[int, np.ndarray]]) -> list[int] | None:
    """The keys of ``parts`` that are distinct articles making up ``whole``, or None.

    ``whole`` and each part are sorted unique shingle hashes; each part lies (mostly)
    inside ``whole``. Parts are taken largest first (ties by key, so the answer does
    not depend on their order); a part overlapping those already taken by more than
    :data:`PART_MAX_OVERLAP` is another copy of one of them. When two parts or more
    remain and together cover :data:`PARTS_MIN_COVER` of ``whole``, ``whole`` is
    two articles or more run together (a page the segmentation did not split), and
    their keys are returned; otherwise None (``whole`` is one article, and a part
    is just a shorter version of it).
    """
    if len(whole) == 0:
        return None
    taken: list[int] = []
    union = np.empty(0, dtype=whole.dtype)
    for key, shingles in sorted(parts, key=lambda kp: (-len(kp[1]), kp[0])):
        inside = np.intersect1d(shingles, whole, assume_unique=True)
        if len(inside) == 0:
            continue
        shared = len(np.intersect1d(inside, union, assume_unique=True))
        if shared > PART_MAX_OVERLAP * len(inside):
            continue
        taken.append(key)
        union = np.union1d(union, inside)
    if len(taken) >= 2 and len(union) >= PARTS_MIN_COVER * len(whole):
        return taken
    return None


def better_match(a: Match, b: Match | None) -> bool:
    """Whether ``a`` beats ``b``: a stronger kind, then a higher similarity, then the older
    article (the smaller id), so the choice never depends on the order candidates arrive in."""
    if b is None:
        return True
    return ((_KIND_ORDER[a.kind], a.similarity, -a.article_id)
            > (_KIND_ORDER[b.kind], b.similarity, -b.article_id))


class MemoryIndex:
    """An in-memory :class:`DedupIndex` (tests, one-shot runs like ``newsgraph extract``)."""

    def __init__(self) -> None:
        self._hashes: dict[str, int] = {}
        self._bands: dict[int, set[int]] = {}
        self._keys: dict[int, set[int]] = {}
        self._cands: dict[int, Candidate] = {}
        self._bodies: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._cands)

    def lookup_hash(self, body_hash: str) -> int | None:
        return self._hashes.get(body_hash)

    def band_candidates(self, band_keys: Sequence[int]) -> set[int]:
        return set().union(*(self._bands.get(k, ()) for k in band_keys))

    def paragraph_candidates(self, keys: Sequence[int]) -> set[int]:
        return set().union(*(self._keys.get(k, ()) for k in keys))

    def candidates(self, article_ids: Iterable[int]) -> list[Candidate]:
        return [self._cands[i] for i in article_ids if i in self._cands]

    def body(self, article_id: int) -> str:
        return self._bodies[article_id]

    def add(self, article_id: int, fingerprint: Fingerprint, body: str) -> None:
        self._hashes.setdefault(fingerprint.body_hash, article_id)
        for k in fingerprint.band_keys:
            self._bands.setdefault(k, set()).add(article_id)
        for k in fingerprint.paragraph_keys:
            self._keys.setdefault(k, set()).add(article_id)
        self._cands[article_id] = Candidate(article_id, fingerprint.signature, fingerprint.shingle_count)
        self._bodies[article_id] = body

    def add_hash(self, body_hash: str, article_id: int) -> None:
        self._hashes.setdefault(body_hash, article_id)


def cluster_articles(articles: Sequence[Article], settings: Settings | None = None) -> list[int]:
    """Cluster ``articles`` in order: entry ``i`` is the index of the first article it duplicates
    (itself when new). When a later article is a longer version, the cluster keeps its first index.
    """
    dedup = Deduplicator(MemoryIndex(), settings)
    out: list[int] = []
    for i, art in enumerate(articles):
        fp = dedup.fingerprint(art.paragraphs)
        m = dedup.match(fp)
        if m is None:
            dedup.index.add(i, fp, art.body)
            out.append(i)
        else:
            dedup.index.add_hash(fp.body_hash, m.article_id)
            out.append(m.article_id)
    return out
