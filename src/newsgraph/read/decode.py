"""Bytes to text: byte-order marks, declared charsets, detection, binary sniffing.

The order for web pages is the one browsers follow, minus their guessing: a
byte-order mark wins, then the HTTP ``Content-Type`` charset, then the
``<meta charset>`` of the page, then strict UTF-8, then charset-normalizer's
detection. A declared charset that does not decode the bytes cleanly is
ignored (servers and pages lie), so the next source of truth is tried.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable

import charset_normalizer

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# WHATWG: pages that say latin-1 or ascii are decoded as windows-1252 by every browser.
_WEB_ALIASES = {"latin_1": "cp1252", "iso8859_1": "cp1252", "ascii": "cp1252"}

# When detection finds several encodings equally plausible, prefer the common ones.
_PREFERRED = ("utf_8", "cp1252", "iso8859_15", "cp1251", "gb18030", "shift_jis", "euc_kr")

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)

# Magic numbers of formats that are certainly not pages, for a clear message.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"RIFF", "RIFF media file"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"PAR1", "Parquet file"),
    (b"\x00\x00\x01\x00", "icon image"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
)


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can identify."""


def bom_encoding(data: bytes) -> str | None:
    """The encoding announced by a byte-order mark at the start of ``data``."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def canonical_encoding(name: str | None) -> str | None:
    """Python's codec name for a declared charset (web aliases applied), None when unknown."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'").lower()).name
    except LookupError:
        return None
    codec = codec.replace("-", "_")
    return _WEB_ALIASES.get(codec, codec)


def meta_charset(data: bytes, window: int = 4096) -> str | None:
    """The charset a page declares in ``<meta charset>`` / ``http-equiv`` within its head."""
    match = _META_CHARSET.search(data[:window])
    return match.group(1).decode("ascii", "replace") if match else None


def binary_kind(head: bytes) -> str | None:
    """Why ``head`` (the first bytes of an input) is binary rather than text, or None.

    UTF-16/32 text with a byte-order mark, or recognisable as such, is text.
    """
    for magic, kind in _BINARY_MAGIC:
        if head.startswith(magic):
            return kind
    if bom_encoding(head):
        return None
    sample = head[:8192]
    nuls = sample.count(b"\x00")
    if nuls > max(2, len(sample) // 100):  # a stray NUL or two in a real page is damage, not binary
        guess = detect_encoding(sample)
        if guess and guess.startswith(("utf_16", "utf_32")):
            return None
        return "binary data (NUL bytes)"
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    if sample and controls / len(sample) > 0.05:
        return "binary data (control bytes)"
    return None


_UNSAFE = re.compile("[\x00\ud800-\udfff]")


def safe_text(text: str) -> str:
    """``text`` without NUL characters and with lone surrogates as U+FFFD.

    Both come from damaged input (a stray NUL byte, a JSON ``\\ud800`` escape); a
    NUL cuts C strings (lxml, SQLite's FTS) short and a lone surrogate cannot be
    written as UTF-8, so neither may reach the rest of the system.
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", text)


def _decoded(text: str, encoding: str) -> str:
    """:func:`safe_text` of text a strict decoder made from bytes. No codec but UTF-7 decodes to
    a lone surrogate (UTF-8, UTF-16 and UTF-32 reject them), so only a NUL can be there: one
    scan for it instead of a regex over the whole page."""
    if "7" in encoding and codecs.lookup(encoding).name == "utf-7":
        return safe_text(text)
    return text.replace("\x00", "") if "\x00" in text else text


def detect_encoding(data: bytes) -> str | None:
    """charset-normalizer's best guess, ties broken towards the common web encodings."""
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    best_chaos = min(m.chaos for m in matches)
    tied = [m for m in matches if m.chaos <= best_chaos + 0.01]
    best_coherence = max(m.coherence for m in tied)
    tied = [m for m in tied if m.coherence >= best_coherence - 0.02]

    def rank(m: charset_normalizer.CharsetMatch) -> int:
        enc = m.encoding.replace("-", "_")
        return _PREFERRED.index(enc) if enc in _PREFERRED else len(_PREFERRED)

    return min(tied, key=rank).encoding


def _stray_bytes_as_cp1252(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 are read as windows-1252 (latin-1 for gaps)."""
    assert isinstance(exc, UnicodeDecodeError)
    bad = exc.object[exc.start : exc.end]
    return "".join(bytes([b]).decode("cp1252", "strict") if b not in _CP1252_GAPS else chr(b)
                   for b in bad), exc.end


_CP1252_GAPS = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})
codecs.register_error("newsgraph-cp1252", _stray_bytes_as_cp1252)


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few stray bytes (a mixed or damaged file): decoded, strays as cp1252.

    Applies when the valid multi-byte UTF-8 characters are at least as many as the
    invalid sequences; text in a single-byte encoding has (almost) no valid ones.
    """
    lossy = data.decode("utf-8", "replace")
    invalid = lossy.count("\ufffd")
    valid = len(lossy) - len(lossy.encode("ascii", "ignore")) - invalid
    if valid > 0 and invalid <= valid:
        return data.decode("utf-8", "newsgraph-cp1252")
    return None


def decode_bytes(data: bytes, declared: Iterable[str | None] = ()) -> tuple[str, str]:
    """Decode ``data``; return (text, encoding used).

    Tries the byte-order mark, then each ``declared`` charset in order (HTTP
    header, then meta tag), then strict UTF-8, then UTF-8 with a few stray bytes,
    then detection. Raises
    :class:`DecodeError` when nothing decodes the bytes.
    """
    bom = bom_encoding(data)
    candidates: list[str] = [bom] if bom else []
    candidates += [c for c in map(canonical_encoding, declared) if c]
    candidates.append("utf_8")
    seen: set[str] = set()
    for enc in candidates:
        if enc in seen:
            continue
        seen.add(enc)
        try:
            return _decoded(data.decode(enc), enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return _decoded(mostly, "utf_8"), "utf_8 (stray bytes as cp1252)"
    guess = detect_encoding(data)
    if guess:
        try:
            return _decoded(data.decode(guess), guess), guess
        except (UnicodeDecodeError, LookupError):
            pass
    # Mostly UTF-8 with a few broken sequences: keep the text, mark the damage.
    text = data.decode("utf-8", "replace")
    if text.count("\ufffd") <= max(3, len(text) // 1000):
        return _decoded(text, "utf_8"), "utf_8 (with replacements)"
    raise DecodeError("cannot decode: not text in UTF-8 or any detectable encoding")
