"""Timestamps as the store writes them."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> str:
    """Current UTC time as ISO-8601 text (``2025-11-03T08:15:00+00:00``).

    Text rather than a native timestamp type so both backends store and return the same
    value and it sorts correctly as a string.
    """
    return datetime.now(UTC).isoformat(timespec="seconds")
