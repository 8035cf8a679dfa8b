"""Load packaged data files (lexicons, stoplists, calendars) once.

Data is read through :mod:`importlib.resources` rather than ``Path(__file__)`` so that the
package also works zipped (``--py-files`` on Spark executors). Loaders are cached: every file is
parsed at most once per process, and the returned objects are immutable.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources
from typing import Any

import yaml

from qasid.errors import ResourceError

_PACKAGE = "qasid.data"


def read_text(relpath: str) -> str:
    """Return the UTF-8 text of a packaged data file such as ``"stopwords/fa.txt"``."""
    node = resources.files(_PACKAGE)
    for part in relpath.split("/"):
        node = node.joinpath(part)
    try:
        return node.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ResourceError(f"packaged data file {relpath!r} is missing", code="E201") from exc


@cache
def word_list(relpath: str) -> frozenset[str]:
    """A TXT list: one item per line, ``#`` starts a comment, blank lines ignored."""
    items = []
    for line in read_text(relpath).splitlines():
        item = line.split("#", 1)[0].strip()
        if item:
            items.append(item)
    if not items:
        raise ResourceError(f"data file {relpath!r} has no entries", code="E202")
    return frozenset(items)


@cache
def ordered_list(relpath: str) -> tuple[str, ...]:
    """Like :func:`word_list` but keeps file order (for patterns tried in sequence)."""
    items = []
    for line in read_text(relpath).splitlines():
        item = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if item:
            items.append(item)
    if not items:
        raise ResourceError(f"data file {relpath!r} has no entries", code="E202")
    return tuple(items)


@cache
def tsv(relpath: str) -> tuple[dict[str, str], ...]:
    """A TSV table with one header row; lines starting with ``#`` are comments."""
    lines = [ln for ln in read_text(relpath).splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = tuple(dict(r) for r in reader)
    if not rows:
        raise ResourceError(f"data file {relpath!r} has no rows", code="E202")
    for i, row in enumerate(rows, start=2):
        if None in row or any(v is None for v in row.values()):
            raise ResourceError(f"data file {relpath!r}: row {i} has the wrong number of fields",
                                code="E203")
    return rows


@cache
def yaml_data(relpath: str) -> Any:
    """A YAML document (nested records such as settings or ontologies)."""
    try:
        return yaml.safe_load(read_text(relpath))
    except yaml.YAMLError as exc:
        raise ResourceError(f"data file {relpath!r} is not valid YAML: {exc}", code="E204") from exc
