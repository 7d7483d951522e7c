"""Reviewed linguistic tables (reporting verbs, triggers, months, actors, boilerplate markers).

Each table is a UTF-8 TSV file in this folder with a header row; lines starting with `#` are
comments for reviewers. Tables are data, not code: tests cite their rows, and extractors compile
them into matchers once per process.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


@cache
def load_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of `<name>.tsv` as dicts keyed by the header (empty cells are '')."""
    path = resources.files(__package__) / f"{name}.tsv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple({k: (v or "").strip() for k, v in row.items() if k} for row in reader)


def variants(cell: str) -> list[str]:
    """The `|`-separated forms of one table cell."""
    return [v.strip() for v in cell.split("|") if v.strip()]
