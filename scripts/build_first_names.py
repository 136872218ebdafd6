"""Build src/newsgraph/data/first_names.tsv: first names with a clear gender, for pronoun resolution.

Source: the ``nomquamgender`` package (MIT licence, Ian Van Buskirk 2022), whose
``name_data.json`` gives, per lower-cased first name, the number of sources, the
number of people counted and the share of them that are women (p(gf)), pooled from
public name registries of many countries. We keep names of letters (and inner
hyphens or apostrophes) counted at least ``MIN_COUNT`` times whose p(gf) is at most
``1 - SHARE`` (male, ``m``) or at least ``SHARE`` (female, ``f``); names of mixed use
(Jean, Kim, Andrea) are kept as ``u``: they say a word is a given name, never a gender,
so a pronoun is never resolved on a guess.

Install the source without its dependencies (its ``unidecode`` dependency is GPL and is
not needed to read the data): ``pip install --no-deps nomquamgender==0.1.4``. The
package is only needed to rebuild the table; the table ships with newsgraph, with its
notice in src/newsgraph/data/first_names.NOTICE.

Usage: .venv/bin/python scripts/build_first_names.py
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

MIN_COUNT = 300
SHARE = 0.95
OUT = Path(__file__).resolve().parent.parent / "src" / "newsgraph" / "data" / "first_names.tsv"


def main() -> int:
    """Write the table; returns the exit code."""
    spec = importlib.util.find_spec("nomquamgender")  # located, not imported
    if spec is None or not spec.submodule_search_locations:
        print("Error: nomquamgender is not installed (pip install --no-deps nomquamgender==0.1.4)",
              file=sys.stderr)
        return 1
    data = json.loads((Path(spec.submodule_search_locations[0]) / "name_data.json")
                      .read_text(encoding="utf-8"))
    word = re.compile(r"[a-z](?:[a-z]|[-'][a-z])+")
    rows = []
    for name, info in data.items():
        count, pgf = info[1], info[2]
        if count < MIN_COUNT or not word.fullmatch(name):
            continue
        if pgf >= SHARE:
            rows.append(f"{name}\tf")
        elif pgf <= 1 - SHARE:
            rows.append(f"{name}\tm")
        else:
            rows.append(f"{name}\tu")
    rows.sort()
    OUT.write_text("# first name<TAB>gender (m/f, u: mixed use); built by scripts/build_first_names.py\n"
                   + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(rows)} names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
