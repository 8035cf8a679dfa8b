"""Every setting in one declarative list, resolved once into a frozen object.

Layers, later ones winning: the defaults below, a TOML file (``--config`` / ``QASID_CONFIG``),
environment variables ``QASID_<NAME>`` and explicit overrides (CLI options). Only the keys a
layer sets replace earlier values.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from qasid.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("languages", ("fa", "ar", "en"),
            "ISO 639-1 codes lingua may choose from. More languages cost memory and start-up "
            "time and make confusions (fa/ur, ar/fa) likelier; list only what the corpus has."),
    Setting("max_bytes", 10_000_000,
            "Largest document (bytes) read from a file, archive record or URL; larger ones are "
            "rejected with a reason instead of exhausting memory."),
    Setting("timeout", 10.0, "Seconds a network fetch may take to connect and between reads."),
    Setting("max_redirects", 5, "Redirects a network fetch may follow."),
    Setting("user_agent", "qasid/0.1 (+research; news analysis)",
            "User-Agent header sent with network fetches."),
    Setting("follow_feed_links", True,
            "Fetch the linked page of a feed entry that carries no content of its own."),
    Setting("near_duplicate_threshold", 0.8,
            "Estimated Jaccard similarity of word 3-shingles above which two documents are "
            "linked as near-duplicates. Lower finds more rewrites and more false links."),
    Setting("extract", True,
            "Extract actors, quotes and events while ingesting. Off, ingest only cleans, "
            "dates and stores; `qasid extract` can run extraction later."),
    Setting("html_fast", False,
            "Skip trafilatura's fallback extractors: faster, slightly worse on unusual pages."),
    Setting("jsonl_text_field", "text", "JSONL/JSON field holding plain text."),
    Setting("jsonl_html_field", "html", "JSONL/JSON field holding HTML."),
    Setting("jsonl_url_field", "url", "JSONL/JSON field holding the article URL."),
    Setting("jsonl_date_field", "date", "JSONL/JSON field holding the publication date."),
    Setting("jsonl_title_field", "title", "JSONL/JSON field holding the title."),
    Setting("jsonl_id_field", "id", "JSONL/JSON field holding a stable record id."),
)


@dataclass(frozen=True)
class Settings:
    languages: tuple[str, ...] = ("fa", "ar", "en")
    max_bytes: int = 10_000_000
    timeout: float = 10.0
    max_redirects: int = 5
    user_agent: str = "qasid/0.1 (+research; news analysis)"
    follow_feed_links: bool = True
    near_duplicate_threshold: float = 0.8
    extract: bool = True
    html_fast: bool = False
    jsonl_text_field: str = "text"
    jsonl_html_field: str = "html"
    jsonl_url_field: str = "url"
    jsonl_date_field: str = "date"
    jsonl_title_field: str = "title"
    jsonl_id_field: str = "id"

    def with_overrides(self, **values: Any) -> Settings:
        """A copy with the given (non-``None``) values converted and validated."""
        clean = {k: _coerce(k, v) for k, v in values.items() if v is not None}
        return replace(self, **clean)


_TYPES = {f.name: f.type for f in fields(Settings)}


def _coerce(name: str, value: Any) -> Any:
    if name not in _TYPES:
        raise ConfigError(f"unknown setting {name!r}", code="E403")
    default = getattr(Settings(), name)
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                if value.lower() in ("1", "true", "yes", "on"):
                    return True
                if value.lower() in ("0", "false", "no", "off"):
                    return False
                raise ValueError(value)
            return bool(value)
        if isinstance(default, tuple):
            items = value.split(",") if isinstance(value, str) else list(value)
            return tuple(str(x).strip() for x in items if str(x).strip())
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name!r}: cannot use {value!r}", code="E404") from exc


def load_settings(config_file: str | Path | None = None, **overrides: Any) -> Settings:
    """Resolve the layers into one :class:`Settings`."""
    values: dict[str, Any] = {}
    path = config_file or os.environ.get("QASID_CONFIG")
    if path:
        try:
            with open(path, "rb") as fh:
                values.update(tomllib.load(fh))
        except OSError as exc:
            raise ConfigError(f"cannot read config file {path}: {exc.strerror}",
                              code="E405") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}", code="E406") from exc
    for s in SETTINGS:
        env = os.environ.get(f"QASID_{s.name.upper()}")
        if env is not None:
            values[s.name] = env
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings().with_overrides(**values)
