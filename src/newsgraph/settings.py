"""Every threshold in one validated settings object.

Each field is documented where it is declared. Defaults can be overridden from
the environment (``NEWSGRAPH_<FIELD>=value``, e.g. ``NEWSGRAPH_NEAR_DUP_THRESHOLD=0.85``)
or from the CLI (``--set near_dup_threshold=0.85``); values are validated on the way in.
"""

from __future__ import annotations

import dataclasses
import math
import os
from dataclasses import dataclass, fields
from typing import Any

from newsgraph.errors import SettingsError


@dataclass(frozen=True, slots=True)
class Settings:
    """Thresholds and limits used by the stages."""

    # -- reading -------------------------------------------------------------
    max_page_bytes: int = 20 * 1024 * 1024
    """A single page (file, JSON line, WARC record) larger than this is rejected."""
    max_json_depth: int = 64
    """A JSON line or document whose arrays/objects nest deeper than this is refused (alone)."""
    max_field_chars: int = 65_536
    """A JSON metadata field (url, title, site, id, published, fetched_at) longer than this
    makes its line fail with that reason; ``text`` and ``html`` are bounded by
    ``max_page_bytes``."""
    max_tag_attributes: int = 256
    """An HTML tag keeps at most this many attributes (the rest are dropped before parsing):
    libxml2's cost per element grows with the square of its attributes, in C code that
    ``page_timeout_s`` cannot interrupt (measured: 30,000 on one tag, 15 s)."""
    page_timeout_s: float = 20.0
    """Wall-clock limit for extracting one HTML page (parsing and main-content extraction);
    a slower page is reported and skipped. Segmenting text is linear and needs none."""

    # -- segmentation ----------------------------------------------------------
    min_article_words: int = 40
    """An article body with fewer words than this is not an article."""

    # -- site templates ----------------------------------------------------------
    site_furniture_min_pages: int = 4
    """A line must be seen on at least this many pages of a site to be its furniture."""
    site_furniture_min_share: float = 0.3
    """...and on at least this share of the site's pages."""
    site_furniture_max_words: int = 12
    """Only short lines (navigation, footers, teasers) can become site furniture."""
    site_learn_all_pages: int = 200
    """Every page of a site is learned from until this many have been; then a sample."""
    site_learn_every: int = 8
    """Past ``site_learn_all_pages``, one page in this many is learned from (chosen by page
    hash, so the choice does not depend on input order); shares stay unbiased."""

    # -- deduplication -------------------------------------------------------------
    shingle_size: int = 5
    """Words per shingle for MinHash."""
    num_perm: int = 128
    """MinHash permutations (signature length)."""
    lsh_bands: int = 32
    """LSH bands; ``num_perm`` must be divisible by it (rows per band = num_perm / bands)."""
    near_dup_threshold: float = 0.7
    """Jaccard similarity of word shingles above which two articles are the same article
    (tuned with bench/dedup_tune.py: precision 1.0 down to 0.5 on its variations)."""
    containment_threshold: float = 0.7
    """Share of a shorter article's shingles found in a longer one to call it a version of it
    (bench/dedup_tune.py: 0.7 keeps precision 1.0 with recall ≥ 0.996; 0.6 admits same-topic stories)."""
    containment_min_shingles: int = 25
    """A body with fewer distinct shingles than this is never matched by containment alone."""

    # -- knowledge layer -------------------------------------------------------------
    enrich_max_chars: int = 20_000
    """An article body longer than this is parsed in pieces (cut at paragraph, line or
    sentence ends) and the pieces joined into one parse, so nothing is dropped and the
    parser's memory stays flat."""
    event_article_discards: int = 3
    """An article holding this many distinct discard phrases (PETRARCH's list: sports,
    entertainment...) is out of political scope and gives no events."""
    event_min_confidence: float = 0.5
    """Events listed by default have at least this confidence (``--min-confidence`` 0 lists
    all). Confidence is calibrated to observed precision (``enrich/calibration.py``): by
    default only the events more likely right than wrong are listed."""

    enrich_max_article_chars: int = 100_000
    """An article longer than this is not sent to the model: it is recorded as enriched with
    nothing and reported with its size (``analyze`` reports and skips it). The parse of one
    article is held in memory whole: 100,000 characters (~16,000 words, far past any news
    story) take ~15 s and ~450 MB with en_core_web_sm; 200,000 took 28 s and 690 MB."""

    # -- store ---------------------------------------------------------------------
    store_lock_timeout_s: float = 30.0
    """A second run writing to a store (ingest, enrich) waits this long for the first to
    finish, then stops with one line saying so."""
    query_time_limit_s: float = 5.0
    """A user search running longer than this is interrupted with a clear error."""

    # -- pipeline ------------------------------------------------------------------
    batch_size: int = 256
    """Pages per store transaction."""

    def __post_init__(self) -> None:
        for name in ("max_page_bytes", "min_article_words", "site_furniture_min_pages",
                     "shingle_size", "num_perm", "lsh_bands", "batch_size", "containment_min_shingles",
                     "site_furniture_max_words", "enrich_max_chars", "site_learn_all_pages",
                     "site_learn_every", "max_json_depth", "max_field_chars", "enrich_max_article_chars", "max_tag_attributes"):
            if getattr(self, name) < 1:
                raise SettingsError(f"{name} must be at least 1, got {getattr(self, name)}")
        for name in ("near_dup_threshold", "containment_threshold", "site_furniture_min_share"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise SettingsError(f"{name} must be in (0, 1], got {value}")
        if self.query_time_limit_s <= 0:
            raise SettingsError(f"query_time_limit_s must be positive, got {self.query_time_limit_s}")
        if self.store_lock_timeout_s < 0:
            raise SettingsError(f"store_lock_timeout_s must be >= 0, got {self.store_lock_timeout_s}")
        if self.page_timeout_s <= 0:
            raise SettingsError(f"page_timeout_s must be positive, got {self.page_timeout_s}")
        if self.num_perm % self.lsh_bands:
            raise SettingsError(
                f"num_perm ({self.num_perm}) must be divisible by lsh_bands ({self.lsh_bands})"
            )

    def furniture_min_pages(self, site_pages: int) -> int:
        """On how many of a site's ``site_pages`` pages a line must be to be its furniture:
        at least ``site_furniture_min_pages`` and ``site_furniture_min_share`` of them."""
        share = math.ceil(self.site_furniture_min_share * site_pages - 1e-9)
        return max(self.site_furniture_min_pages, share)

    def replace(self, **overrides: Any) -> Settings:
        """A copy with ``overrides`` applied (strings are converted to the field's type)."""
        known = {f.name: f for f in fields(self)}
        typed: dict[str, Any] = {}
        for name, value in overrides.items():
            if name not in known:
                raise SettingsError(f"unknown setting {name!r}; known: {', '.join(sorted(known))}")
            typed[name] = _convert(name, value, type(getattr(self, name)))
        return dataclasses.replace(self, **typed)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Defaults overridden by ``NEWSGRAPH_<FIELD>`` environment variables."""
        env = os.environ if environ is None else environ
        overrides = {
            f.name: env[f"NEWSGRAPH_{f.name.upper()}"]
            for f in fields(cls)
            if f"NEWSGRAPH_{f.name.upper()}" in env
        }
        return cls().replace(**overrides)


def _convert(name: str, value: Any, kind: type) -> Any:
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    try:
        if kind is bool:
            return str(value).lower() in {"1", "true", "yes", "on"}
        return kind(value)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"{name} must be {kind.__name__}, got {value!r}") from exc
