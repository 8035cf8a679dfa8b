"""Turn a path-like spec (file, directory, glob) into the files to read, in a stable order.

Directories are walked recursively in code-point order of their entries (the same order on
every machine), skipping hidden files and directories (``.git``, ``.DS_Store``) and names
matching ``SourceOptions.exclude`` (by default a folder's README/LICENSE files). Symlinked
directories are not followed, so a link cycle cannot loop the walk.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import re
from collections.abc import Iterator
from pathlib import Path

from qasid.records import Rejected
from qasid.sources.base import NOT_FOUND, PERMISSION, READ_ERROR, STAGE, one_line

_GLOB_CHARS = re.compile(r"[*?[]")


def is_glob(spec: str) -> bool:
    """Whether ``spec`` is a pattern rather than an existing path (which may contain ``[``).

    >>> is_glob("data/**/*.html"), is_glob("data/story.html")
    (True, False)
    """
    return bool(_GLOB_CHARS.search(spec)) and not os.path.lexists(spec)


def locator_of(path: str | Path) -> str:
    """The absolute, normalised path of a file: its stable locator (symlinks are kept)."""
    return os.path.abspath(path)


def expand(spec: str, exclude: tuple[str, ...] = ()) -> Iterator[Path | Rejected]:
    """The files a spec names, or a rejection saying why it names none."""
    if is_glob(spec):
        matches = sorted(glob.glob(spec, recursive=True))
        if not matches:
            yield _reject(spec, NOT_FOUND, f"no files match {spec!r}")
            return
        for match in matches:
            if os.path.isdir(match):
                yield from _walk(Path(match), spec, exclude)
            else:
                yield Path(match)
        return
    path = Path(spec)
    try:
        is_dir = path.is_dir()
        exists = is_dir or path.exists()
    except OSError as exc:
        yield _reject(spec, READ_ERROR, f"cannot access {spec}: {exc.strerror or exc}")
        return
    if not exists:
        yield _reject(spec, NOT_FOUND, f"no such file or directory: {spec}",
                      locator=locator_of(spec))
    elif is_dir:
        yield from _walk(path, spec, exclude)
    else:
        yield path


def _walk(root: Path, spec: str, exclude: tuple[str, ...]) -> Iterator[Path | Rejected]:
    try:
        entries = sorted(os.scandir(root), key=lambda entry: entry.name)
    except PermissionError:
        yield _reject(spec, PERMISSION, f"permission denied: cannot list directory {root}",
                      locator=locator_of(root))
        return
    except OSError as exc:
        yield _reject(spec, READ_ERROR, f"cannot list directory {root}: {exc.strerror or exc}",
                      locator=locator_of(root))
        return
    for entry in entries:
        if entry.name.startswith(".") or _excluded(entry.name, exclude):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path), spec, exclude)
        elif entry.is_file():
            yield Path(entry.path)


def _excluded(name: str, exclude: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in exclude)


def _reject(spec: str, code: str, message: str, *, locator: str | None = None) -> Rejected:
    where = locator or spec
    return Rejected(where, os.path.basename(where.rstrip("/\\")) or where, spec, STAGE, code,
                    one_line(message))
