"""Hand-made mentions for the quote/event tests: spaCy's NER plus a few country names.

Used while (or where) the entity stage is not wanted in a test: the quote and
event extractors take any mention list, so their tests can pin their own
behaviour on mentions whose canonical names are known.
"""

from __future__ import annotations

from spacy.tokens import Doc

from newsgraph.enrich.types import Mention

COUNTRIES = {
    "turkey": ("Türkiye", "TUR"), "türkiye": ("Türkiye", "TUR"), "russia": ("Russia", "RUS"),
    "syria": ("Syria", "SYR"), "ukraine": ("Ukraine", "UKR"), "mali": ("Mali", "MLI"),
    "belgium": ("Belgium", "BEL"), "france": ("France", "FRA"), "iran": ("Iran", "IRN"),
    "israel": ("Israel", "ISR"), "china": ("China", "CHN"), "germany": ("Germany", "DEU"),
    "us": ("United States", "USA"), "u.s.": ("United States", "USA"),
    "united states": ("United States", "USA"), "britain": ("United Kingdom", "GBR"),
    "niger": ("Niger", "NER"), "sudan": ("Sudan", "SDN"), "armenia": ("Armenia", "ARM"),
    "azerbaijan": ("Azerbaijan", "AZE"), "libya": ("Libya", "LBY"), "iraq": ("Iraq", "IRQ"),
    "kenya": ("Kenya", "KEN"), "ethiopia": ("Ethiopia", "ETH"), "somalia": ("Somalia", "SOM"),
    "japan": ("Japan", "JPN"), "india": ("India", "IND"), "pakistan": ("Pakistan", "PAK"),
    "chile": ("Chile", "CHL"), "peru": ("Peru", "PER"), "norway": ("Norway", "NOR"),
    "guinea": ("Guinea", "GIN"), "poland": ("Poland", "POL"), "egypt": ("Egypt", "EGY"),
    "qatar": ("Qatar", "QAT"), "vietnam": ("Vietnam", "VNM"), "philippines": ("Philippines", "PHL"),
    "moscow": ("Russia", "RUS"), "ankara": ("Türkiye", "TUR"), "kremlin": ("Russia", "RUS"),
}
DEMONYMS = {
    "turkish": "turkey", "russian": "russia", "syrian": "syria", "ukrainian": "ukraine",
    "malian": "mali", "belgian": "belgium", "french": "france", "iranian": "iran",
    "israeli": "israel", "chinese": "china", "german": "germany", "american": "us",
    "british": "britain", "kenyan": "kenya", "ethiopian": "ethiopia", "somali": "somalia",
    "japanese": "japan", "indian": "india", "pakistani": "pakistan", "chilean": "chile",
    "peruvian": "peru", "norwegian": "norway", "polish": "poland", "egyptian": "egypt",
    "vietnamese": "vietnam", "philippine": "philippines", "filipino": "philippines",
}
_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE",
           "NORP": "NORP"}


def ner_mentions(doc: Doc) -> list[Mention]:
    """Mentions from spaCy's entities, with surnames resolved to earlier full names."""
    out: list[Mention] = []
    people: list[str] = []
    for ent in doc.ents:
        label = _LABELS.get(ent.label_)
        text = ent.text
        key = text.lower().removeprefix("the ").strip()
        if label is None:
            continue
        if key in COUNTRIES:
            name, code = COUNTRIES[key]
            out.append(Mention(ent.start_char, ent.end_char, text, "COUNTRY", name, code))
        elif key in DEMONYMS:
            name, code = COUNTRIES[DEMONYMS[key]]
            out.append(Mention(ent.start_char, ent.end_char, text, "COUNTRY", name, code, True))
        elif label == "PERSON":
            canonical = text.removesuffix("'s").removesuffix("\u2019s")
            if " " not in canonical:
                canonical = next((p for p in reversed(people) if p.endswith(" " + canonical)),
                                 canonical)
            else:
                people.append(canonical)
            out.append(Mention(ent.start_char, ent.end_char, text, "PERSON", canonical))
        elif label != "NORP":
            out.append(Mention(ent.start_char, ent.end_char, text, label,
                               text.removeprefix("the ")))
    return out
