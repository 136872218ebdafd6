"""Convert the PETRARCH2 dictionaries and the CAMEO -> PLOVER table into package data.

Reads ``../shared/resources`` (or ``--resources DIR``) and writes, under
``src/newsgraph/data/``:

- ``cameo_verbs.json.gz``: the CAMEO verb-pattern dictionary (synonym sets,
  verb synonym blocks with their patterns and codes, verb forms);
- ``petrarch_actors.tsv.gz``: country and international actors (phrase, default
  code, dated codes);
- ``petrarch_agents.tsv``: generic agents ("soldier", "police") -> agent code;
- ``petrarch_discards.tsv``: phrases that make a sentence (or a story) not an event;
- ``cameo_plover.tsv``: CAMEO code -> PLOVER type, mode, context;
- ``petrarch_manifest.json``: record counts and SHA-256 of each file (a test
  checks the shipped files against a fresh conversion when the resources exist).

``Phoenix.MilNonState.actors.txt`` is not converted: its names were derived
from the START TOPS database, whose terms are not the MIT licence of the rest.

The output is deterministic (sorted where order does not matter, gzip with a
zero timestamp), so rerunning the script on the same inputs changes nothing.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "newsgraph" / "data"
DEFAULT_RESOURCES = ROOT.parent / "shared" / "resources"
if not DEFAULT_RESOURCES.exists():
    DEFAULT_RESOURCES = Path("/work/shared/resources")

_PATTERN = re.compile(r"^-\s*(.*?)\s*\[([^\]]*)\]\s*(?:#.*)?$")
_TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|[^\s{}()]+")
_DATE_RESTRICTION = re.compile(r"^\[\s*([^\s\]]+)\s*([^\]]*)\]")


# -- helpers ---------------------------------------------------------------------------------


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def _phrase(text: str) -> str:
    """A dictionary phrase as lower-case words separated by single spaces."""
    return " ".join(text.replace("_", " ").split()).lower()


def _plurals(word: str) -> list[str]:
    """PETRARCH's regular plurals of a noun phrase (its last word)."""
    if word.endswith("ss"):
        return [word + "es"]
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return [word[:-1] + "ies"]
    if word.endswith("s"):
        return []
    return [word + "s"]


def _verb_forms(base: str) -> list[str]:
    """Regular forms of an English verb (3rd person, past, gerund), for lemmatizer slips."""
    forms = {base}
    if base.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(base + "es")
    elif base.endswith("y") and len(base) > 1 and base[-2] not in "aeiou":
        forms.add(base[:-1] + "ies")
    else:
        forms.add(base + "s")
    if base.endswith("e"):
        forms.update({base + "d", base[:-1] + "ing"})
    elif base.endswith("y") and len(base) > 1 and base[-2] not in "aeiou":
        forms.update({base[:-1] + "ied", base + "ing"})
    else:
        forms.update({base + "ed", base + "ing"})
        if (len(base) >= 3 and base[-1] in "bdglmnprt" and base[-2] in "aeiou"
                and base[-3] not in "aeiou"):
            forms.update({base + base[-1] + "ed", base + base[-1] + "ing"})
    return sorted(forms)


def _code(raw: str) -> tuple[str | None, bool]:
    """(CAMEO code, reversed) of a ``[...]`` field; ``[:173]`` is the target acting on the
    source; ``[---]`` is the null code (no event)."""
    raw = raw.strip()
    first, _, second = raw.partition(":")
    first, second = first.strip(), second.strip()
    if first and first != "---":
        return first, False
    if first == "---" and not second:
        return None, False
    if second and second != "---":
        return second, True
    return None, False


# -- verb dictionary -------------------------------------------------------------------------


def _pattern_words(token: str) -> list[str]:
    """A noun slot: ``WORD``, ``&SYNSET`` or ``{MODIFIER ... HEAD}`` -> words, head last."""
    if token.startswith("{"):
        token = token[1:-1]
    return [w.lower() if not w.startswith("&") else w.upper() for w in token.split()
            if w not in ("$", "+", "^", "%")]


def _parse_pattern(body: str) -> dict[str, Any] | None:
    pre_text, star, post_text = body.partition("*")
    if not star:
        return None
    out: dict[str, Any] = {"pre": [], "post": [], "prep": []}
    for part, key in ((pre_text, "pre"), (post_text, "post")):
        for tok in _TOKEN.findall(part):
            if tok in ("$", "+", "^", "%"):
                continue
            if tok.startswith("("):
                inner = _TOKEN.findall(tok[1:-1])
                inner = [t for t in inner if t not in ("$", "+", "^", "%")]
                if not inner:
                    continue
                prep = inner[0].lower()
                obj = _pattern_words(" ".join(inner[1:])) if len(inner) > 1 else []
                if len(inner) > 1 and inner[1].startswith("{"):
                    obj = _pattern_words(inner[1])
                out["prep"].append([prep, obj])
            else:
                words = _pattern_words(tok)
                if words:
                    out[key if key == "pre" else "post"].append(words)
    return out


def convert_verbs(path: Path) -> dict[str, Any]:
    """The verb dictionary as synsets, blocks (code + patterns) and verbs (lemma -> block)."""
    synsets: dict[str, list[str]] = {}
    blocks: list[dict[str, Any]] = []
    verbs: dict[str, list[Any]] = {}
    compounds: dict[str, list[Any]] = {}
    forms: dict[str, str] = {}
    current_synset: str | None = None
    block: dict[str, Any] | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = _strip_comment(raw).strip()
        if not line:
            current_synset = None if not raw.strip() else current_synset
            continue
        if line.startswith("&"):
            current_synset = line.split()[0].upper()
            synsets[current_synset] = []
            continue
        if line.startswith("+") and current_synset is not None:
            label_plural = not current_synset.endswith("_")
            word = line[1:].strip()
            no_plural = word.endswith("_")
            phrase = _phrase(word)
            members = synsets[current_synset]
            members.append(phrase)
            if label_plural and not no_plural:
                head, _, last = phrase.rpartition(" ")
                members.extend((f"{head} {p}" if head else p) for p in _plurals(last))
            continue
        current_synset = None
        if line.startswith("---"):
            m = re.search(r"\[([^\]]*)\]", line)
            code, rev = _code(m.group(1)) if m else (None, False)
            block = {"name": _phrase(line.strip("- ").split("[")[0]), "code": code,
                     "patterns": []}
            blocks.append(block)
            continue
        if block is None:
            continue
        if line.startswith("~"):
            continue  # transformations: handled by the matcher's intent rules
        if line.startswith("-"):
            m = _PATTERN.match(line)
            if m is None:
                continue
            parsed = _parse_pattern(m.group(1))
            code, rev = _code(m.group(2))
            if parsed is None:
                continue
            parsed["code"] = code
            if rev:
                parsed["reverse"] = True
            written_for = raw.partition("#")[2].split()
            if written_for and re.fullmatch(r"[A-Za-z][A-Za-z_'-]*", written_for[0]):
                # the comment names the block's verb the pattern was written for
                parsed["for"] = _phrase(written_for[0])
            block["patterns"].append(parsed)
            continue
        # a verb line: WORD {FORMS} [CODE]
        code_m = re.search(r"\[([^\]]*)\]", line)
        own_code, own_rev = _code(code_m.group(1)) if code_m else (None, False)
        has_code = code_m is not None
        forms_m = re.search(r"\{([^}]*)\}", line)
        head = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", line).split()
        if not head:
            continue
        word = head[0]
        index = len(blocks) - 1
        entry: list[Any] = [index, own_code if has_code else "", bool(own_rev)]
        if "+" in word:
            parts = word.split("_")
            verb_i = next((i for i, p in enumerate(parts) if p.startswith("+")), 0)
            base = parts[verb_i].lstrip("+").lower()
            before = [p.lower() for p in parts[:verb_i] if p]
            after = [p.lower() for p in parts[verb_i + 1:] if p]
            compounds.setdefault(base, []).append([before, after, *entry])
            continue
        base = word.lower().rstrip("_")
        if not re.fullmatch(r"[a-z][a-z'-]*", base):
            continue
        verbs.setdefault(base, entry)
        for form in _verb_forms(base):
            forms.setdefault(form, base)
        if forms_m:
            for form in forms_m.group(1).split():
                forms.setdefault(form.lower().strip("+_"), base)
    used = {w for b in blocks for p in b["patterns"]
            for words in (*p["pre"], *p["post"], *(o for _, o in p["prep"])) for w in words
            if w.startswith("&")}
    return {
        "synsets": {k: sorted(set(v)) for k, v in sorted(synsets.items()) if k in used},
        "blocks": blocks,
        "verbs": dict(sorted(verbs.items())),
        "compounds": dict(sorted(compounds.items())),
        "forms": {k: v for k, v in sorted(forms.items()) if k != v},
    }


# -- actor dictionaries ----------------------------------------------------------------------


def _date(text: str) -> str | None:
    """YYYYMMDD of a PETRARCH date (YYMMDD years before 30 are 20xx, as PETRARCH reads them)."""
    text = text.strip()
    if len(text) == 8 and text.isdigit():
        return text
    if len(text) == 6 and text.isdigit():
        return ("20" if int(text[:2]) < 30 else "19") + text
    return None


def _restriction(text: str) -> tuple[str, str, str] | None:
    """(code, from, to) of a ``[CODE range]`` line; empty bounds are open."""
    m = _DATE_RESTRICTION.match(text.strip())
    if m is None:
        return None
    code, rng = m.group(1).strip(), m.group(2).strip()
    if not rng:
        return code, "", ""
    if rng.startswith("<"):
        end = _date(rng[1:])
        return (code, "", end) if end else None
    if rng.startswith(">"):
        start = _date(rng[1:])
        return (code, start, "") if start else None
    lo, _, hi = rng.partition("-")
    start, end = _date(lo), _date(hi)
    if start is None or end is None:
        return None
    return code, start, end


def convert_actors(paths: list[Path]) -> list[tuple[str, str, str]]:
    """(phrase, default code, dated codes ``CODE:from:to|...``), one row per phrase and record."""
    rows: list[tuple[str, str, str]] = []
    for path in paths:
        records: list[tuple[list[str], str, list[tuple[str, str, str]]]] = []
        for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            if raw.startswith(("\t", " ")) and raw.strip().startswith("["):
                if records:
                    r = _restriction(_strip_comment(raw).strip())
                    if r is not None:
                        if r[1] == "" and r[2] == "":
                            records[-1] = (records[-1][0], records[-1][1] or r[0], records[-1][2])
                        else:
                            records[-1][2].append(r)
                continue
            line = _strip_comment(raw).strip().split(";", 1)[0].strip()
            if not line:
                continue
            code_m = re.search(r"\[([^\]]*)\]", line)
            phrase = _phrase(re.sub(r"\[[^\]]*\]", " ", line).lstrip("+"))
            if not phrase:
                continue
            code = code_m.group(1).strip() if code_m else ""
            if line.startswith("+") and records:
                records[-1][0].append(phrase)
                if code and not records[-1][1]:
                    records[-1] = (records[-1][0], code, records[-1][2])
            else:
                records.append(([phrase], code, []))
        for phrases, default, dated in records:
            if not default and not dated:
                continue
            spec = "|".join(f"{c}:{a}:{b}" for c, a, b in dated)
            for p in dict.fromkeys(phrases):
                rows.append((p, default, spec))
    return rows


def convert_agents(path: Path) -> list[tuple[str, str]]:
    """(phrase, agent code) with PETRARCH's plurals and substitution sets expanded.

    A code written ``NGO~`` (prefix) is kept as ``NGO~``; ``~MIL`` becomes ``MIL``.
    """
    subs: dict[str, list[str]] = {}
    out: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = _strip_comment(raw).strip()
        if not line or line.startswith("<!"):
            continue
        m = re.match(r"^(![A-Z]+!)\s*=\s*(.*)$", line)
        if m:
            subs[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        code_m = re.search(r"\[([^\]}]*)[\]}]", line)
        if code_m is None:
            continue
        code = code_m.group(1).strip()
        code = code[1:] if code.startswith("~") else code
        body = line[:code_m.start()]
        plural_m = re.search(r"\{([^}]*)\}", body)
        phrase_text = re.sub(r"\{[^}]*\}", " ", body).strip()
        variants = [phrase_text]
        for marker, options in subs.items():
            if any(marker in v for v in variants):
                variants = [v.replace(marker, o) for v in variants for o in options]
        for variant in variants:
            phrase = _phrase(variant)
            if not phrase or "!" in phrase:
                continue
            out.setdefault(phrase, code)
            substituted = variant != phrase_text
            if plural_m is not None:
                for p in plural_m.group(1).split():
                    out.setdefault(_phrase(p), code)
            elif not substituted and not variant.endswith("_"):
                head, _, last = phrase.rpartition(" ")
                for p in _plurals(last):
                    out.setdefault(f"{head} {p}" if head else p, code)
    return sorted(out.items())


def convert_discards(path: Path) -> list[tuple[str, str, str]]:
    """(phrase, scope ``sentence``/``story``, match ``word``/``stem``)."""
    out: dict[tuple[str, str], str] = {}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = _strip_comment(raw).split(";", 1)[0].strip()
        if not line:
            continue
        scope = "story" if line.startswith("+") else "sentence"
        line = line.lstrip("+").strip()
        match = "word" if line.endswith("_") else "stem"
        phrase = " ".join(line.rstrip("_").split()).lower()
        if phrase:
            out.setdefault((phrase, scope), match)
    return sorted((p, s, m) for (p, s), m in out.items())


def convert_plover(path: Path) -> list[tuple[str, str, str, str]]:
    """(CAMEO code, PLOVER type, mode, context) rows of the conversion table."""
    rows: list[tuple[str, str, str, str]] = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or ":" not in line:
            continue
        code, _, rest = line.partition(":")
        code = code.strip()
        if not code.isdigit():
            continue
        parts = [p.strip() for p in rest.split(",")]
        kind = parts[0].upper()
        mode = parts[1] if len(parts) > 1 else ""
        context = parts[2] if len(parts) > 2 else ""
        if kind:
            rows.append((code, kind, mode, context))
    return sorted(rows)


# -- output ----------------------------------------------------------------------------------

MIT_NOTICE = """The files petrarch_actors.tsv.gz, petrarch_agents.tsv, petrarch_discards.tsv and
cameo_verbs.json.gz are converted by scripts/convert_petrarch.py from the PETRARCH2
dictionaries (CAMEO.2.0.txt, Phoenix.Countries.actors.txt, Phoenix.International.actors.txt,
Phoenix.agents.txt, Phoenix.discards.txt) of https://github.com/openeventdata/petrarch2,
commit {commit}. They are distributed under the licence of those dictionaries:

{license}"""

CC_NOTICE = """cameo_plover.tsv is converted by scripts/convert_petrarch.py from CAMEO2PLOVER-2021.txt
("CAMEO to PLOVER conversion table", PLOVER manual draft 0.8, 17 September 2021, edited by
Philip Schrodt) of the PLOVER project, https://github.com/openeventdata/PLOVER, commit {commit}.

The original is licensed under the Creative Commons Attribution-ShareAlike 4.0 International
licence (CC BY-SA 4.0, https://creativecommons.org/licenses/by-sa/4.0/). The changes made here
are a change of format only (one tab-separated row per CAMEO code: code, PLOVER type, mode,
context; comments dropped). This derived table is licensed under the same CC BY-SA 4.0 licence.
"""


def _tsv(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> bytes:
    lines = ["\t".join(header), *("\t".join(r) for r in rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def build(resources: Path) -> dict[str, bytes]:
    """File name -> content of every data file (deterministic)."""
    pet = resources / "petrarch2"
    verbs = convert_verbs(pet / "CAMEO.2.0.txt")
    actors = convert_actors([pet / "Phoenix.Countries.actors.txt",
                             pet / "Phoenix.International.actors.txt"])
    agents = convert_agents(pet / "Phoenix.agents.txt")
    discards = convert_discards(pet / "Phoenix.discards.txt")
    plover = convert_plover(resources / "plover" / "CAMEO2PLOVER-2021.txt")
    files = {
        "cameo_verbs.json.gz": gzip.compress(
            json.dumps(verbs, sort_keys=True, separators=(",", ":")).encode("utf-8"), mtime=0),
        "petrarch_actors.tsv.gz": gzip.compress(
            _tsv(actors, ("phrase", "code", "dated")), mtime=0),
        "petrarch_agents.tsv": _tsv(agents, ("phrase", "code")),
        "petrarch_discards.tsv": _tsv(discards, ("phrase", "scope", "match")),
        "cameo_plover.tsv": _tsv(plover, ("cameo", "type", "mode", "context")),
        "PETRARCH2-LICENSE.txt": MIT_NOTICE.format(
            commit=(pet / "SOURCE_COMMIT").read_text().strip(),
            license=(pet / "LICENSE").read_text()).encode("utf-8"),
        "CAMEO2PLOVER-LICENSE.txt": CC_NOTICE.format(
            commit=(resources / "plover" / "SOURCE_COMMIT").read_text().strip()).encode("utf-8"),
    }
    counts = {
        "cameo_verbs.json.gz": {"verbs": len(verbs["verbs"]), "compounds": len(verbs["compounds"]),
                                "patterns": sum(len(b["patterns"]) for b in verbs["blocks"]),
                                "synsets": len(verbs["synsets"])},
        "petrarch_actors.tsv.gz": {"rows": len(actors)},
        "petrarch_agents.tsv": {"rows": len(agents)},
        "petrarch_discards.tsv": {"rows": len(discards)},
        "cameo_plover.tsv": {"rows": len(plover)},
    }
    manifest = {name: {"sha256": hashlib.sha256(data).hexdigest(), **counts.get(name, {})}
                for name, data in sorted(files.items())}
    files["petrarch_manifest.json"] = (json.dumps(manifest, indent=1, sort_keys=True)
                                       + "\n").encode("utf-8")
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--resources", type=Path, default=DEFAULT_RESOURCES)
    parser.add_argument("--out", type=Path, default=DATA)
    parser.add_argument("--check", action="store_true",
                        help="only compare with the files in --out; exit 1 when they differ")
    args = parser.parse_args(argv)
    if not (args.resources / "petrarch2" / "CAMEO.2.0.txt").exists():
        print(f"Error: no PETRARCH2 dictionaries under {args.resources}", file=sys.stderr)
        return 1
    files = build(args.resources)
    if args.check:
        stale = [n for n, d in files.items()
                 if not (args.out / n).exists() or (args.out / n).read_bytes() != d]
        for name in stale:
            print(f"differs: {name}")
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (args.out / name).write_bytes(data)
    manifest = json.loads(files["petrarch_manifest.json"])
    for name, info in manifest.items():
        extra = ", ".join(f"{k} {v}" for k, v in info.items() if k != "sha256")
        print(f"{name}: {len(files[name]):,} bytes{'; ' + extra if extra else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
