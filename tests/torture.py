"""A seeded generator of hostile inputs, shared by the torture tests and ``bench/torture.py``.

Every case is written into a folder at run time (nothing large is committed):
the reproductions of issue 12 (broken JSON Lines, stray NULs, leading
whitespace, undecodable file names, FIFOs and devices, damaged gzip, real-world
WARC quirks, pathological HTML, bombs, huge articles) and seeded mutations of
real pages (the shared eval pages when present, the seeds, the demo corpus).
Each case says how many good pages it holds (all must come out) and whether
one error at least must be reported; a runner checks that no command hangs,
shows a traceback, loses a good page or prints an error that does not name
its file.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import os
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSGRAPH_SHARED") or ROOT.parent / "shared")

_WORDS = ["council", "harbour", "bridge", "budget", "minister", "police", "report", "school", "water", "road", "river", "mayor", "hospital", "election", "court", "village", "farmers", "teachers", "union", "strike", "ferry", "island", "rail", "station", "museum", "library", "festival", "market", "drought", "flood", "storm", "wind", "energy", "plant", "factory", "workers"]
_VERBS = ["said", "announced", "approved", "rejected", "opened", "closed", "delayed", "promised", "warned", "reported"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def sentence(rng: random.Random) -> str:
    """One plain news sentence."""
    a, b, c = rng.sample(_WORDS, 3)
    return (f"The {a} {rng.choice(_VERBS)} on {rng.choice(_DAYS)} that the {b} near the {c} "
            f"would need {rng.randint(2, 90)} more weeks of work, officials {rng.choice(_VERBS)}.")


def story(rng: random.Random, paragraphs: int = 5, title: str | None = None) -> str:
    """A flattened text page: a title line and paragraphs of sentences (well over 40 words)."""
    head = title or f"{rng.choice(_WORDS).title()} {rng.choice(_VERBS)} {rng.choice(_WORDS)} plan"
    body = "\n".join(" ".join(sentence(rng) for _ in range(3)) for _ in range(paragraphs))
    return f"{head}\n\n{body}\n"


def html_page(rng: random.Random, title: str | None = None, extra_attrs: str = "") -> str:
    """An HTML news page around a story."""
    text = story(rng, title=title)
    head, _, body = text.partition("\n\n")
    paras = "".join(f"<p>{p}</p>" for p in body.splitlines() if p)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{head}</title>'
            f"</head><body><nav>Home · News · Sport</nav><article{extra_attrs}><h1>{head}</h1>"
            f"{paras}</article><footer>© Example News</footer></body></html>")


def jsonl_line(rng: random.Random, n: int, **extra: object) -> bytes:
    """One good JSON line with an id and a text."""
    return (json.dumps({"id": f"doc-{n}", "text": story(rng), **extra}) + "\n").encode()


@dataclass(slots=True)
class Case:
    """One input (one or more files) and what every command must make of it."""

    kind: str
    name: str
    files: dict[str, bytes | Callable[[Path], None]] = field(default_factory=dict)
    """Relative path -> content, or a function creating it (FIFOs, links, big files)."""
    good: int = 0
    """Pages (analyze: documents) that must come out."""
    bad: bool = True
    """At least one error must be reported (and exit code 1)."""
    commands: tuple[str, ...] = ("read", "extract", "ingest", "analyze")
    """The commands this case applies to."""
    target: str | None = None
    """What to pass to the command (default: the case folder)."""
    seconds: float = 60.0
    """Time limit for one command on this case."""
    slow: bool = False
    """Takes long to write (bombs): left out of the fast slice CI runs."""

    def write(self, folder: Path) -> Path:
        """Write the files under ``folder / name``; return the path to pass to a command."""
        base = folder / self.name
        base.mkdir(parents=True, exist_ok=True)
        for rel, content in self.files.items():
            path = base / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if callable(content):
                content(path)
            else:
                path.write_bytes(content)
        return base / self.target if self.target else base

    def file_names(self) -> list[str]:
        """Base names of the case's files (an error must name one of them)."""
        return [Path(rel).name for rel in self.files] + [self.name]


# -- WARC helpers (records written with warcio, compressed with gzip/fastwarc) -----------------


def warc_record(url: str, payload: bytes, *, status: str = "200 OK",
                headers: list[tuple[str, str]] | None = None,
                content_type: str = "text/html; charset=utf-8") -> bytes:
    """One uncompressed WARC response record, as warcio writes it."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    http = StatusAndHeaders(status, [("Content-Type", content_type), *(headers or [])],
                            protocol="HTTP/1.1")
    rec = writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=http,
                                    warc_headers_dict={"WARC-Date": "2024-02-03T04:05:06Z"})
    writer.write_record(rec)
    return buf.getvalue()


def lf_only(record: bytes) -> bytes:
    """The record with its HTTP header lines ended by bare LF (ClueWeb09), lengths fixed."""
    warc_head, _, block = record.partition(b"\r\n\r\n")
    http, _, rest = block.partition(b"\r\n\r\n")
    payload = rest[:-4] if rest.endswith(b"\r\n\r\n") else rest
    new_block = http.replace(b"\r\n", b"\n") + b"\n\n" + payload
    warc_head = re.sub(rb"Content-Length: \d+", b"Content-Length: %d" % len(new_block), warc_head)
    warc_head = re.sub(rb"WARC-Block-Digest: [^\r]+\r\n", b"", warc_head)
    return warc_head + b"\r\n\r\n" + new_block + b"\r\n\r\n"


def gz_members(records: list[bytes]) -> bytes:
    """A .warc.gz: one gzip member per record."""
    return b"".join(gzip.compress(r) for r in records)


def _lz4(data: bytes) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        from fastwarc.stream_io import Lz4Writer

        writer = Lz4Writer(str(path))
        writer.write(data)
        writer.close()

    return write


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _link_to(target: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        os.symlink(target, path)

    return write


def _bad_name(rng: random.Random) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        raw = os.fsencode(path.parent) + b"/caf\xe9-\xff" + b".txt"  # Latin-1 bytes: not UTF-8
        with open(raw, "wb") as f:
            f.write(story(rng).encode())

    return write


def _bomb(kind: str, megabytes: int, byte: bytes) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        block = byte * (1 << 20)
        if kind == "gzip":
            comp = gzip.GzipFile(filename="", mode="wb", fileobj=path.open("wb"), compresslevel=9)
        else:
            comp = bz2.BZ2File(path, "wb", compresslevel=9)  # type: ignore[assignment]
        with comp:
            for _ in range(megabytes):
                comp.write(block)

    return write


# -- the cases ------------------------------------------------------------------------------------


def reproduction_cases(seed: int = 12) -> list[Case]:
    """One case per reproduction of issue 12 (and a few neighbours), seeded."""
    rng = random.Random(seed)
    cases: list[Case] = []

    def add(kind: str, name: str, files: dict[str, bytes | Callable[[Path], None]], good: int,
            bad: bool = True, **kw: object) -> None:
        cases.append(Case(kind, name, files, good, bad, **kw))  # type: ignore[arg-type]

    good_lines = b"".join(jsonl_line(rng, n) for n in range(2, 6))
    # JSON Lines: a bad line fails alone
    add("jsonl", "jsonl-first-line-truncated", {"a.jsonl": jsonl_line(rng, 1)[:30] + b"\n" + good_lines}, 4)
    add("jsonl", "jsonl-first-line-array", {"a.jsonl": b"[1, 2, 3]\n" + good_lines}, 4)
    add("jsonl", "jsonl-first-line-latin1", {"a.jsonl": json.dumps(
        {"id": "x", "text": story(rng) + " café"}, ensure_ascii=False).encode("latin-1") + b"\n"
        + good_lines}, 5, bad=False)
    add("jsonl", "jsonl-no-suffix-broken-first", {"lines.txt": b'{"id": "q", "text": "cut' + b"\n"
                                                  + good_lines}, 4)
    add("jsonl", "jsonl-deep-array", {"a.jsonl": jsonl_line(rng, 1) + b"[" * 100_000 + b"]" * 100_000
                                      + b"\n" + good_lines}, 5)
    add("jsonl", "jsonl-huge-number", {"a.jsonl": jsonl_line(rng, 1) + b'{"id": ' + b"9" * 4300
                                       + b', "text": "x"}\n' + b'{"text": "y", "n": 1e999999}\n'
                                       + good_lines}, 5 + 2, bad=False)
    add("jsonl", "jsonl-lone-surrogate", {"a.jsonl": b'{"id": "s", "text": "' + story(rng).replace(
        "\n", " ").encode() + b' \\ud800 end"}\n' + good_lines}, 5, bad=False)
    add("jsonl", "jsonl-nul-in-head", {"a.jsonl": b'{"id": "n", "text": "bad \x00 byte"}\n' + good_lines}, 4)
    add("jsonl", "jsonl-long-title", {"a.jsonl": json.dumps({"text": story(rng), "title": "t" * 100_000})
                                      .encode() + b"\n" + good_lines}, 4, commands=("read", "extract", "ingest"))
    # analyze reads only id, text and published: the title is not its concern
    add("jsonl", "jsonl-long-title-analyze", {"a.jsonl": json.dumps({"text": story(rng), "title": "t" * 100_000})
                                              .encode() + b"\n" + good_lines}, 5, bad=False,
        commands=("analyze",))
    # binary detection, sniffing, names
    page = html_page(rng)
    big = page.replace("</article>", "".join(f"<p>{sentence(rng)}</p>" for _ in range(4000)) + "</article>")
    add("text", "html-stray-nul", {"page.html": big[:5000].encode() + b"\x00" + big[5000:].encode()}, 1,
        bad=False, commands=("read", "extract", "ingest"))  # for analyze it is over the size cap:
    add("limits", "html-stray-nul-analyze", {"page.html": big[:5000].encode() + b"\x00"
                                             + big[5000:].encode()}, 0, commands=("analyze",))
    add("text", "text-stray-nul", {"page.txt": story(rng).encode().replace(b" the ", b" \x00the ", 1)}, 1,
        bad=False)
    add("text", "leading-whitespace-20kb", {"page.txt": b" \n" * 10_000 + story(rng).encode()}, 1,
        bad=False)
    add("text", "leading-whitespace-html", {"page.html": b"\n" * 20_000 + page.encode()}, 1, bad=False)
    add("text", "non-utf8-file-name", {"placeholder": _bad_name(rng)}, 1, bad=False)
    add("text", "utf16-text", {"page.txt": story(rng).encode("utf-16")}, 1, bad=False)
    add("text", "latin1-text", {"page.txt": (story(rng) + "Ça coûte très cher à Genève.\n").encode("latin-1")},
        1, bad=False)
    add("text", "gzip-text", {"page.txt.gz": gzip.compress(story(rng).encode())}, 1, bad=False)
    add("text", "empty-file", {"empty.txt": b""}, 0)
    add("text", "whitespace-only", {"blank.txt": b" \n\t\n" * 10_000}, 0)
    # special files
    add("special", "fifo-named", {"pipe.txt": _fifo}, 0, target="pipe.txt")
    add("special", "fifo-in-folder", {"pipe.txt": _fifo, "good.txt": story(rng).encode()}, 1)
    add("special", "dev-zero-link-in-folder", {"zero.txt": _link_to("/dev/zero"),
                                               "good.txt": story(rng).encode()}, 1)
    add("special", "dev-zero", {}, 0, target="/dev/zero")
    # damaged compression
    packed = gzip.compress(story(rng).encode())
    crc = bytearray(packed)
    crc[-6] ^= 0xFF
    length = bytearray(packed)
    length[-2] ^= 0xFF
    add("compression", "gzip-bad-crc", {"page.txt.gz": bytes(crc)}, 0)
    add("compression", "gzip-bad-length", {"page.txt.gz": bytes(length)}, 0)
    add("compression", "gzip-cut-header", {"page.txt.gz": packed[:6]}, 0)
    add("compression", "gzip-truncated", {"page.txt.gz": packed[: len(packed) // 2]}, 0)
    add("compression", "gzip-bomb-2gb", {"bomb.txt.gz": _bomb("gzip", 2048, b"a")}, 0,
        commands=("read", "extract", "ingest"), seconds=120, slow=True)
    add("compression", "bz2-bomb-1gb", {"bomb.txt.bz2": _bomb("bz2", 1024, b"a")}, 0,
        commands=("read", "extract", "ingest"), seconds=120, slow=True)
    # WARC
    pages = [html_page(rng).encode() for _ in range(16)]
    dechunked = [warc_record(f"https://pywb.example/{i}", p, headers=[("Transfer-Encoding", "chunked")])
                 for i, p in enumerate(pages)]
    add("warc", "warc-dechunked-body", {"crawl.warc.gz": gz_members(dechunked)}, 16, bad=False)
    chunked = [warc_record("https://c.example/1", b"%x\r\n%s\r\n0\r\n\r\n" % (len(pages[0]), pages[0]),
                           headers=[("Transfer-Encoding", "chunked")])]
    add("warc", "warc-really-chunked", {"crawl.warc": chunked[0]}, 1, bad=False)
    clue = [lf_only(warc_record(f"http://clueweb.example/{i}", p)) for i, p in enumerate(pages[:8])]
    add("warc", "warc-lf-only-http", {"clueweb.warc.gz": gz_members(clue)}, 8, bad=False)
    good_rec = warc_record("https://g.example/ok", pages[1])
    cut = rng.randint(1, 100)
    add("warc", f"warc-gzip-member-cut-{cut}", {"cut.warc.gz": gz_members([good_rec])
                                               + gzip.compress(good_rec)[:cut]}, 1)
    add("warc", "warc-only-version-line", {"only.warc": b"WARC/1.0"}, 0)
    add("warc", "warc-lz4", {"crawl.warc.lz4": _lz4(b"".join(
        warc_record(f"https://lz.example/{i}", p) for i, p in enumerate(pages[:3])))}, 3, bad=False)
    add("warc", "arc-file", {"old.arc": b"filedesc://old.arc 0.0.0.0 20000101000000 text/plain 70\n"
                             b"1 0 Example\nURL IP-address Archive-date Content-type Archive-length\n\n"}, 0)
    wrong = good_rec.replace(b"Content-Length: ", b"Content-Length: 9", 1)
    add("warc", "warc-bad-content-length", {"bad.warc": wrong + warc_record("https://g.example/2", pages[2])}, 1)
    nan = good_rec.replace(b"Content-Length: ", b"Content-Length: x", 1)
    add("warc", "warc-invalid-content-length", {"bad.warc": nan + warc_record("https://g.example/3", pages[3])}, 1)
    redirect = warc_record("https://g.example/moved", b"", status="302 Found",
                           headers=[("Location", "https://g.example/ok")])
    add("warc", "warc-302-empty-body", {"r.warc.gz": gz_members([redirect, good_rec])}, 1, bad=False)
    # pathological HTML
    attrs = " " + " ".join(f'data-a{i}="x"' for i in range(100_000))
    add("html", "html-100k-attributes", {"attrs.html": html_page(rng, extra_attrs=attrs).encode()}, 1,
        bad=False, seconds=30)
    add("html", "html-deep-nesting", {"deep.html": ("<html><body>" + "<div>" * 50_000 + "<p>"
                                      + story(rng) + "</p></body></html>").encode()}, 1, bad=False)
    # size limits on the model's side
    prose = "\n\n".join(" ".join(sentence(rng) for _ in range(6)) for _ in range(3000))  # ~2 MB
    add("limits", "huge-article-2mb", {"long.txt": ("Long Report\n\n" + prose).encode()}, 1,
        bad=False, commands=("read", "extract", "ingest"))
    add("limits", "huge-article-analyze", {"long.txt": ("Long Report\n\n" + prose).encode()}, 0,
        commands=("analyze",))
    return cases


def _base_pages() -> Iterator[tuple[str, bytes]]:
    """Real pages to mutate: the shared eval pages when present, the seeds, the demo corpus."""
    eval_html = SHARED / "eval" / "article-extraction-dev" / "html"
    if eval_html.is_dir():
        for path in sorted(eval_html.glob("*.html.gz")):
            yield path.name.removesuffix(".gz"), gzip.decompress(path.read_bytes())
    for folder in (SHARED / "seeds", ROOT / "demo" / "pages", ROOT / "tests" / "fixtures" / "html"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and path.suffix in (".txt", ".html"):
                    yield path.name, path.read_bytes()


def _mutations(rng: random.Random) -> list[tuple[str, Callable[[bytes], bytes], bool]]:
    """(name, mutation, keeps the page) — a kept page must still come out."""

    def nul(data: bytes) -> bytes:
        i = rng.randrange(len(data))
        return data[:i] + b"\x00" + data[i:]

    def truncate(data: bytes) -> bytes:
        return data[: int(len(data) * rng.uniform(0.6, 0.95))]

    def flip(data: bytes) -> bytes:
        out = bytearray(data)
        for _ in range(5):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)

    def whitespace(data: bytes) -> bytes:
        return b" \r\n" * rng.randint(6000, 12000) + data

    def gzip_it(data: bytes) -> bytes:
        return gzip.compress(data)

    def gzip_cut(data: bytes) -> bytes:
        packed = gzip.compress(data)
        return packed[: rng.randint(1, max(2, len(packed) - 1))]

    def latin1(data: bytes) -> bytes:
        return data.decode("utf-8", "replace").encode("cp1252", "replace")

    def utf16(data: bytes) -> bytes:
        return data.decode("utf-8", "replace").encode("utf-16")

    def attributes(data: bytes) -> bytes:
        return data.replace(b"<body", b"<body " + b" ".join(b'x%d="1"' % i for i in range(50_000)), 1)

    def tags(data: bytes) -> bytes:
        return re.sub(rb"</(p|div|span)>", b"", data)

    def binary(data: bytes) -> bytes:
        return bytes(rng.randrange(256) for _ in range(4096)) + data

    return [("nul", nul, True), ("truncate", truncate, True), ("flip", flip, True),
            ("whitespace", whitespace, True), ("gzip", gzip_it, True), ("gzip-cut", gzip_cut, False),
            ("cp1252", latin1, True), ("utf16", utf16, True), ("attributes", attributes, True),
            ("unclosed-tags", tags, True), ("binary-prefix", binary, False)]


def mutation_cases(seed: int = 12, limit: int | None = None) -> list[Case]:
    """Seeded mutations of real pages; each mutated page is its own case."""
    rng = random.Random(seed)
    cases: list[Case] = []
    mutations = _mutations(rng)
    for n, (name, data) in enumerate(_base_pages()):
        if not data.strip():
            continue
        for label, mutate, keeps in mutations:
            suffix = ".gz" if label.startswith("gzip") else ""
            stem = re.sub(r"[^\w.-]", "_", name)
            mutated = mutate(data)
            # A truncated or flipped page may have lost all its text: only demand it when
            # there is enough left to be a page.
            cases.append(Case("mutation", f"mut-{n:03}-{label}-{stem}", {stem + suffix: mutated},
                              1 if keeps else 0, bad=not keeps))
    rng.shuffle(cases)
    return cases[:limit] if limit is not None else cases


def all_cases(seed: int = 12, mutations: int | None = None) -> list[Case]:
    """Reproductions first, then mutations (at most ``mutations`` of them)."""
    return reproduction_cases(seed) + mutation_cases(seed, mutations)
