"""Regenerate the CLI reference in README.md from ``--help`` (``--check`` only compares).

The reference sits between the markers ``<!-- cli-reference:start -->`` and
``<!-- cli-reference:end -->``; tests/test_docs.py fails when it drifts.

    python scripts/readme_cli.py          # rewrite README.md
    python scripts/readme_cli.py --check  # exit 1 when README.md is stale
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from newsgraph.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"


def _help(args: list[str]) -> str:
    result = CliRunner().invoke(cli, [*args, "--help"], prog_name="newsgraph", terminal_width=100)
    if result.exit_code:
        raise RuntimeError(f"newsgraph {' '.join(args)} --help failed: {result.output}")
    return result.output.rstrip()


def reference() -> str:
    """The Markdown CLI reference: the group's help, then each command's."""
    parts = ["```", _help([]), "```"]
    for name in sorted(cli.commands):
        parts += ["", f"### newsgraph {name}", "", "```", _help([name]), "```"]
    return "\n".join(parts)


def render(readme: str) -> str:
    """``readme`` with the section between the markers replaced by the current reference."""
    head, sep, rest = readme.partition(START)
    _old, sep2, tail = rest.partition(END)
    if not sep or not sep2:
        raise RuntimeError(f"README.md lacks the markers {START} / {END}")
    return f"{head}{START}\n{reference()}\n{END}{tail}"


def main() -> None:
    text = README.read_text("utf-8")
    new = render(text)
    if "--check" in sys.argv:
        sys.exit(0 if new == text else "README.md CLI reference is stale: run python scripts/readme_cli.py")
    README.write_text(new, "utf-8")


if __name__ == "__main__":
    main()
