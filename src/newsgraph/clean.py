"""Text normalisation and line keys shared by readers, segmentation and site templates."""

from __future__ import annotations

import functools
import re
import unicodedata

import ftfy
import xxhash

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]+")
_DIGITS = re.compile(r"\d+")
# Whitespace other than space and newline (what str.isspace() knows, less \n, \r and the
# line separators, which _NEWLINES turns into \n first).
_OTHER_SPACE = "\t\f\v\x1c-\x1f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# Only what must change: a run of two or more spaces, or any other whitespace character.
_SPACES = re.compile(f"[{_OTHER_SPACE}][ {_OTHER_SPACE}]*| [ {_OTHER_SPACE}]+")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")


def normalize_text(text: str) -> str:
    """Repair mojibake, NFC-normalise, fold exotic spaces, drop zero-width characters.

    Line structure is kept (lines are the unit of segmentation); each line is
    stripped of surrounding whitespace. Idempotent: a repair that reveals another
    layer of mojibake (once spaces are folded) is repeated until the text is stable.
    """
    broken = _looks_broken(text)
    for _ in range(3):
        text = _normalize_once(text, broken)
        if not broken:
            break
        broken = _looks_broken(text)
        if not broken:
            break
    return text


def _normalize_once(text: str, broken: bool) -> str:
    if broken:
        # Repair the encoding only: leave quotes, ligatures and full-width forms as written, so a
        # page with one broken character reads like its clean copies (dedup compares them).
        text = ftfy.fix_text(
            text, normalization="NFC", uncurl_quotes=False, fix_latin_ligatures=False,
            fix_character_width=False, unescape_html=False,
        )
    text = unicodedata.normalize("NFC", _NEWLINES.sub("\n", text))
    text = _ZERO_WIDTH.sub("", text)
    # Whole-text passes (no per-line work): after folding, the only whitespace left on a
    # line's edges is a single space.
    text = _SPACES.sub(" ", text)
    return text.replace(" \n", "\n").replace("\n ", "\n").strip(" ")


# A UTF-8 lead byte read as Latin-1/cp1252 followed by a continuation byte read the same way
# ("Ã¼", "â€œ", "â€™"): the signature of mojibake.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2\u00c3\u00e2\u00c5\u00d0\u00d1\ufffd]"
    "[\u0080-\u00bf\u2018-\u203a\u0152-\u0178\u02c6\u02dc\u20ac\u2122\u0192]"
)


def _looks_broken(text: str) -> bool:
    # ftfy is thorough but slow; only pay for it when a mojibake pattern is present
    # (never in ASCII text: str.isascii() is O(1)).
    return not text.isascii() and _MOJIBAKE_HINT.search(text) is not None


@functools.lru_cache(maxsize=1 << 16)
def line_key(line: str) -> str:
    """A short, case- and digit-insensitive key of a line, for learning site furniture.

    Cached: the lines worth keying (navigation, footers) repeat across a site's pages.
    """
    folded = _DIGITS.sub("0", " ".join(line.casefold().split()))
    return xxhash.xxh3_64_hexdigest(folded.encode("utf-8"))


def line_keys(text: str, max_words: int) -> set[str]:
    """``line_key`` of every non-empty line of normalised ``text`` with at most ``max_words`` words.

    One pass over the whole text instead of a regex call per line.
    """
    short = "\n".join(line for line in text.split("\n") if line and line.count(" ") < max_words)
    if not short:
        return set()
    hexdigest = xxhash.xxh3_64_hexdigest
    return {hexdigest(line.encode("utf-8")) for line in _DIGITS.sub("0", short.casefold()).split("\n")}
