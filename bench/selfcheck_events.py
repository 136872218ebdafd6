"""Self-check of the event coder against its own knowledge: the CAMEO verb dictionary.

Usage: python bench/selfcheck_events.py [--every N] [--verbose] [--json] [--cause]

No one's answers are used. From the converted dictionary (``data/cameo_verbs.json.gz``) a
deterministic sample of verb entries and verb + object / preposition patterns is turned into
short news sentences with real country actors, in the forms news writes them: past ("France
expelled Germany's ambassador"), present, perfect ("has expelled"), passive ("was expelled by"),
an infinitive after "agreed to" / "vowed to", and, for a pattern, the verb with its object
noun (a synonym set's member for ``&SET``), particle and preposition ("Turkish troops lifted
the blockade of Germany"). Each sentence's expected PLOVER type is the dictionary's CAMEO
code read through the CAMEO -> PLOVER table; sentences whose code PLOVER drops (statements,
appeals) or that the dictionary null-codes are not generated. A sentence passes on type
when any event the pipeline codes on it (modality flags aside: "vowed to" is future) has the
expected type, on actor when that event's actor country is the subject's, on target when its
target country is the object's.

The verbs' forms: regular English inflection (a doubled final consonant for one-syllable
verbs and "-l", "-mit" endings the dictionary lists so) and a short table of common irregular
verbs (below) for past and participle. Some sentences come out stilted (a passive pattern
read as active, a synonym set's odd member): the figure is a floor of what the matcher
covers, to compare before and after a change, not an accuracy.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsgraph.enrich import cameo  # noqa: E402

ACTORS = [("France", "FRA"), ("the Russian government", "RUS"), ("Turkish troops", "TUR"),
          ("Japan", "JPN"), ("the Egyptian army", "EGY")]
TARGETS = [("Germany", "DEU"), ("Ukraine", "UKR"), ("Iran", "IRN"), ("Kenya", "KEN"),
           ("Brazil", "BRA")]

# past, participle of common irregular English verbs (general English, written here)
IRREGULAR = {
    "arise": ("arose", "arisen"), "bear": ("bore", "borne"), "beat": ("beat", "beaten"),
    "begin": ("began", "begun"), "bend": ("bent", "bent"), "bind": ("bound", "bound"),
    "bite": ("bit", "bitten"), "bleed": ("bled", "bled"), "blow": ("blew", "blown"),
    "break": ("broke", "broken"), "bring": ("brought", "brought"),
    "build": ("built", "built"), "burn": ("burned", "burned"), "buy": ("bought", "bought"),
    "cast": ("cast", "cast"), "catch": ("caught", "caught"), "choose": ("chose", "chosen"),
    "come": ("came", "come"), "cut": ("cut", "cut"), "deal": ("dealt", "dealt"),
    "do": ("did", "done"), "draw": ("drew", "drawn"), "drive": ("drove", "driven"),
    "eat": ("ate", "eaten"), "fall": ("fell", "fallen"), "feed": ("fed", "fed"),
    "fight": ("fought", "fought"), "find": ("found", "found"), "flee": ("fled", "fled"),
    "fly": ("flew", "flown"), "forbid": ("forbade", "forbidden"),
    "forgive": ("forgave", "forgiven"), "freeze": ("froze", "frozen"),
    "get": ("got", "gotten"), "give": ("gave", "given"), "go": ("went", "gone"),
    "grant": ("granted", "granted"), "hang": ("hanged", "hanged"), "have": ("had", "had"),
    "hear": ("heard", "heard"), "hide": ("hid", "hidden"), "hit": ("hit", "hit"),
    "hold": ("held", "held"), "hurt": ("hurt", "hurt"), "keep": ("kept", "kept"),
    "know": ("knew", "known"), "lay": ("laid", "laid"), "lead": ("led", "led"),
    "leave": ("left", "left"), "lend": ("lent", "lent"), "let": ("let", "let"),
    "lie": ("lied", "lied"), "lose": ("lost", "lost"), "make": ("made", "made"),
    "meet": ("met", "met"), "overthrow": ("overthrew", "overthrown"), "pay": ("paid", "paid"),
    "put": ("put", "put"), "quit": ("quit", "quit"), "rebuild": ("rebuilt", "rebuilt"),
    "ride": ("rode", "ridden"), "rise": ("rose", "risen"), "run": ("ran", "run"),
    "say": ("said", "said"), "see": ("saw", "seen"), "seek": ("sought", "sought"),
    "sell": ("sold", "sold"), "send": ("sent", "sent"), "set": ("set", "set"),
    "shake": ("shook", "shaken"), "shoot": ("shot", "shot"), "shut": ("shut", "shut"),
    "sink": ("sank", "sunk"), "slay": ("slew", "slain"), "speak": ("spoke", "spoken"),
    "spend": ("spent", "spent"), "split": ("split", "split"), "spread": ("spread", "spread"),
    "stand": ("stood", "stood"), "steal": ("stole", "stolen"), "stick": ("stuck", "stuck"),
    "strike": ("struck", "struck"), "swear": ("swore", "sworn"), "sweep": ("swept", "swept"),
    "take": ("took", "taken"), "teach": ("taught", "taught"), "tear": ("tore", "torn"),
    "tell": ("told", "told"), "think": ("thought", "thought"), "throw": ("threw", "thrown"),
    "undertake": ("undertook", "undertaken"), "uphold": ("upheld", "upheld"),
    "wage": ("waged", "waged"), "wear": ("wore", "worn"), "win": ("won", "won"),
    "withdraw": ("withdrew", "withdrawn"), "withhold": ("withheld", "withheld"),
    "write": ("wrote", "written"), "forgo": ("forwent", "forgone"),
    "mislead": ("misled", "misled"), "oversee": ("oversaw", "overseen"),
    "override": ("overrode", "overridden"), "overtake": ("overtook", "overtaken"),
    "undermine": ("undermined", "undermined"), "sting": ("stung", "stung"),
    "spit": ("spat", "spat"), "tread": ("trod", "trodden"), "upset": ("upset", "upset"),
    "wind": ("wound", "wound"), "withstand": ("withstood", "withstood"),
}
_DOUBLING = "bdglmnprt"
_VOWELS = "aeiou"


def _double(base: str) -> bool:
    # one-syllable CVC verbs double their final consonant ("stop" -> "stopped")
    syllables = sum(1 for i, ch in enumerate(base) if ch in _VOWELS
                    and (i == 0 or base[i - 1] not in _VOWELS))
    return (len(base) >= 3 and base[-1] in _DOUBLING and base[-2] in _VOWELS
            and base[-3] not in _VOWELS and syllables == 1)


def inflect(base: str) -> dict[str, str]:
    """past, participle, third-person present and gerund of ``base``; a doubled consonant
    where the dictionary lists the form ("expelled")."""
    forms = cameo.dictionary().forms
    if base in IRREGULAR:
        past, part = IRREGULAR[base]
    elif forms.get(base + base[-1] + "ed") == base and (
            base.endswith(("l", "mit")) or _double(base)) and base[-2:-1] in tuple(_VOWELS) \
            and base[-3:-2] not in tuple(_VOWELS):
        past = part = base + base[-1] + "ed"
    elif base.endswith("e"):
        past = part = base + "d"
    elif base.endswith("y") and base[-2:-1] not in tuple(_VOWELS):
        past = part = base[:-1] + "ied"
    else:
        past = part = base + "ed"
    if base.endswith(("s", "x", "z", "ch", "sh")):
        third = base + "es"
    elif base.endswith("y") and base[-2:-1] not in tuple(_VOWELS):
        third = base[:-1] + "ies"
    else:
        third = base + "s"
    return {"past": past, "part": part, "third": third, "base": base}


@dataclass
class Case:
    text: str
    verb: str
    code: str
    type: str
    form: str
    kind: str
    """``own`` (the verb's own code), ``head`` (its block's, the block's head verb),
    ``synonym`` (its block's, as a synonym without a code of its own) or ``pattern``."""
    actor: str
    target: str | None
    pattern: str = ""
    result: dict[str, Any] = field(default_factory=dict)


def _expected_code(d: cameo._Dictionary, verb: str) -> tuple[str | None, str]:
    """The dictionary's code for ``verb`` alone, and whose it is: the verb's own
    (``own``), its block's as the block's head verb (``head``), or its block's as a synonym
    listed in the block without a code of its own (``synonym``: PETRARCH gives it the
    block's code)."""
    block_i, own, _ = d.verbs[verb]
    block = d.blocks[block_i]
    if own:
        return own, "own"
    return block["code"], "head" if verb == block["name"] else "synonym"


def _raw_blocks() -> list[dict[str, Any]]:
    """The verb blocks as converted (``data/cameo_verbs.json.gz``), before the matcher's own
    reading of them (alternations expanded): the sample does not move when the matcher
    changes."""
    path = resources.files("newsgraph") / "data" / "cameo_verbs.json.gz"
    return json.loads(gzip.decompress(path.read_bytes()))["blocks"]


def _intransitive_prep(d: cameo._Dictionary, verb: str) -> str | None:
    """The preposition the dictionary's patterns for ``verb`` take its party with ("COMPLY *
    (WITH": "complied with"), when its only patterns of a party are prepositional."""
    block = d.blocks[d.verbs[verb][0]]
    preps = [p["prep"][0][0] for p in block["patterns"] if p.get("for") == verb
             and not p["post"] and len(p["prep"]) == 1 and not p["prep"][0][1]]
    objs = [p for p in block["patterns"] if p.get("for") == verb and p["post"]]
    return preps[0] if preps and not objs else None


def _plover_type(code: str | None) -> str | None:
    p = cameo.to_plover(code) if code else None
    return p.type if p is not None else None


def _noun_phrase(d: cameo._Dictionary, words: list[str]) -> str | None:
    out = []
    for w in words:
        if w.startswith("&"):
            members = sorted(d.single.get(w, ()))
            if not members:
                return None
            out.append(members[len(members) // 2])
        else:
            out.append(w.split("/")[0])  # an alternation: its first word
    return " ".join(out)


def _article(phrase: str) -> str:
    head = phrase.split()[-1]
    if head.endswith("s") or head in _MASS:
        return phrase
    return "the " + phrase


def _pattern_text(d: cameo._Dictionary, pattern: dict[str, Any]) -> str:
    parts = [" ".join(p) for p in pattern["pre"]] + ["*"] + [" ".join(p) for p in pattern["post"]]
    parts += [f"({prep} {' '.join(obj)})".replace(" )", ")") for prep, obj in pattern["prep"]]
    return " ".join(parts)


def cases(every: int = 4) -> list[Case]:
    """The sample: every ``every``-th verb with a code (its own or its block's; in five
    forms) and every ``every``-th pattern of a noun object, a particle or a preposition (past
    tense and infinitive; every other one also present, perfect and, with an object noun,
    passive), over the dictionary in file order."""
    d = cameo.dictionary()
    out: list[Case] = []
    n = 0
    for verb in sorted(d.verbs):
        code, whose = _expected_code(d, verb)
        kind = _plover_type(code)
        if kind is None or code is None or " " in verb or "-" in verb:
            continue
        n += 1
        if n % every:
            continue
        f = inflect(verb)
        a, ac = ACTORS[n % len(ACTORS)]
        t, tc = TARGETS[n % len(TARGETS)]
        plural = a.endswith("troops")
        third = f["base"] if plural else f["third"]
        has = "have" if plural else "has"
        prep = _intransitive_prep(d, verb)
        obj = f"{prep} {t}" if prep else t
        forms = {
            "past": f"{a} {f['past']} {obj} on Tuesday.",
            "present": f"{a} {third} {obj}, officials said.",
            "perfect": f"{a} {has} {f['part']} {obj}.",
            "infinitive": f"{a} {'agreed' if code < '10' else 'vowed'} to {verb} {obj}.",
        }
        if prep is None:
            forms["passive"] = f"{t} was {f['part']} by {a} on Tuesday."
        for form, text in forms.items():
            out.append(Case(text[0].upper() + text[1:], verb, code, kind, form, whose, ac, tc))
    n = 0
    for block_i, block in enumerate(_raw_blocks()):
        members = [v for v, e in d.verbs.items() if e[0] == block_i]
        for pattern in block["patterns"]:
            kind = _plover_type(pattern["code"])
            if kind is None or pattern.get("reverse") or pattern["pre"]:
                continue
            if not pattern["post"] and not pattern["prep"]:
                continue
            verb = pattern.get("for") or block["name"]
            if verb not in d.verbs:
                verb = block["name"] if block["name"] in d.verbs else (members or [None])[0]
            if verb is None or " " in verb or "-" in verb:
                continue
            n += 1
            if n % every:
                continue
            post = []
            ok = True
            for phrase in pattern["post"]:
                np = _noun_phrase(d, phrase)
                if np is None:
                    ok = False
                    break
                post.append(np)
            if not ok:
                continue
            a, ac = ACTORS[n % len(ACTORS)]
            t, tc = TARGETS[n % len(TARGETS)]
            particles = [p for p in post if p in _PARTICLES]
            nouns = [p for p in post if p not in _PARTICLES]
            target_used = False
            tail = []
            for prep, obj in pattern["prep"]:
                prep = prep.split("/")[0]
                if obj:
                    np = _noun_phrase(d, obj)
                    if np is None:
                        ok = False
                        break
                    tail.append(f"{prep} {'the ' + np if np.split()[-1] not in _NAMES else np}")
                elif not target_used:
                    tail.append(f"{prep} {t}")
                    target_used = True
            if not ok:
                continue
            obj_text = ""
            if nouns:
                obj_text = " ".join(_article(p) if i == 0 else p for i, p in enumerate(nouns))
            elif not target_used and not particles and not tail:
                tail.append(t)
                target_used = True
            f = inflect(verb)
            words = [f["past"], *particles, obj_text, *tail]
            text = f"{a} " + " ".join(w for w in words if w) + "."
            text = text[0].upper() + text[1:]
            expected_target = tc if target_used else None
            ptext = _pattern_text(d, pattern)
            out.append(Case(text, verb, pattern["code"], kind, "past", "pattern", ac,
                            expected_target, ptext))
            inf = ("agreed" if pattern["code"] < "10" else "vowed")
            words = ["to", verb, *particles, obj_text, *tail]
            text = f"{a} {inf} " + " ".join(w for w in words if w) + "."
            out.append(Case(text[0].upper() + text[1:], verb, pattern["code"], kind,
                            "infinitive", "pattern", ac, expected_target, ptext))
            if n % (2 * every) == 0:
                continue  # present, perfect and passive for every other sampled pattern
            plural = a.endswith("troops")
            words = [f["base"] if plural else f["third"], *particles, obj_text, *tail]
            text = f"{a} " + " ".join(w for w in words if w) + ", officials said."
            out.append(Case(text[0].upper() + text[1:], verb, pattern["code"], kind,
                            "present", "pattern", ac, expected_target, ptext))
            words = ["have" if plural else "has", f["part"], *particles, obj_text, *tail]
            text = f"{a} " + " ".join(w for w in words if w) + "."
            out.append(Case(text[0].upper() + text[1:], verb, pattern["code"], kind,
                            "perfect", "pattern", ac, expected_target, ptext))
            if obj_text:
                # "the blockade was lifted by France", "the strike was called off by France"
                be = "were" if nouns[-1].endswith("s") else "was"
                words = [obj_text, be, f["part"], *particles, *tail, "by", a]
                text = " ".join(w for w in words if w) + "."
                out.append(Case(text[0].upper() + text[1:], verb, pattern["code"], kind,
                                "passive", "pattern", ac, expected_target, ptext))
    return out


_PARTICLES = frozenset({"up", "down", "off", "out", "in", "on", "over", "back", "away",
                        "through", "around", "aside", "forward", "together", "apart"})
_NAMES = frozenset()
_MASS = frozenset({"aid", "assistance", "support", "help", "peace", "asylum", "war", "fire",
                   "power", "control", "force", "violence", "money", "information", "evidence",
                   "fighting", "cooperation", "trade", "investment", "custody", "refuge"})


def run(nlp: Any, sample: list[Case]) -> list[Case]:
    """Code every case's sentence with the whole pipeline (parse, entities, events)."""
    from newsgraph.enrich.dates import extract_dates
    from newsgraph.enrich.entities import extract_entities
    from newsgraph.enrich.events import extract_events
    from newsgraph.enrich.nlp import parse

    docs = parse(nlp, [c.text for c in sample])
    for case, doc in zip(sample, docs, strict=True):
        mentions, _ = extract_entities(doc)
        why: list[tuple[int, str]] = []
        events = extract_events(doc, mentions, extract_dates(doc, "2020-01-01"), "2020-01-01",
                                why=why)
        # an act after "agreed to" / "vowed to" is coded as PLOVER codes an intention (a
        # promise is AGREE, a threat THREATEN) with the act's CAMEO code: that counts too
        typed = [e for e in events if e.type == case.type or (
            case.form == "infinitive" and e.intent and _plover_type(e.cameo) == case.type)]
        best = next((e for e in typed if e.actor_country == case.actor), typed[0] if typed
                    else None)
        case.result = {
            "type": best is not None,
            "actor": best is not None and best.actor_country == case.actor,
            "target": best is not None and (case.target is None
                                            or best.target_country == case.target),
            "why": sorted({stage for _, stage in why}),
            "got": [(e.type, e.trigger, e.actor_country, e.target_country, e.cameo, e.intent)
                    for e in events],
        }
    return sample


def summary(sample: list[Case]) -> dict[str, Any]:
    out: dict[str, Any] = {"cases": len(sample)}
    for key in ("type", "actor", "target"):
        out[key] = round(sum(c.result[key] for c in sample) / max(len(sample), 1), 3)
    for kind in ("own", "head", "synonym", "pattern"):
        part = [c for c in sample if c.kind == kind]
        out[f"type_{kind}"] = round(sum(c.result["type"] for c in part) / max(len(part), 1), 3)
    out["all"] = round(sum(c.result["type"] and c.result["actor"] and c.result["target"]
                           for c in sample) / max(len(sample), 1), 3)
    by: dict[str, Any] = {}
    for c in sample:
        k = f"{c.kind}/{c.form}"
        n, t = by.get(k, (0, 0))
        by[k] = (n + 1, t + c.result["type"])
    out["type_by_form"] = {k: round(t / n, 3) for k, (n, t) in sorted(by.items())}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--every", type=int, default=4)
    ap.add_argument("--verbose", action="store_true", help="print every failing sentence")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    from newsgraph.enrich.nlp import load_nlp

    started = time.perf_counter()
    sample = run(load_nlp(), cases(args.every))
    if args.verbose:
        for c in sample:
            if not (c.result["type"] and c.result["actor"] and c.result["target"]):
                miss = [k for k in ("type", "actor", "target") if not c.result[k]]
                print(f"{c.kind}/{c.form} {c.verb} {c.pattern} [{c.code} {c.type}] "
                      f"miss={','.join(miss)}: {c.text}  -> {c.result['got']} why={c.result['why']}")
    s = summary(sample)
    if args.json:
        print(json.dumps(s, indent=1))
    else:
        print(f"self-check: {s['cases']} sentences from the CAMEO dictionary: type {s['type']}"
              f" actor {s['actor']} target {s['target']} all {s['all']}")
        for k, v in s["type_by_form"].items():
            print(f"  type {k:20s} {v}")
        fails = Counter(c.form for c in sample if not c.result["type"])
        print(f"  type misses by form: {dict(fails)}")
    print(f"({time.perf_counter() - started:.1f}s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
