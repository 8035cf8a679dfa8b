"""Error hierarchy with coded messages.

Codes make messages greppable and documentable; the CLI turns any :class:`QasidError` into a
one-line message and a non-zero exit instead of a traceback.
"""

from __future__ import annotations


class QasidError(Exception):
    """Base of every error qasid raises on purpose."""

    code = "E000"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        if code is not None:
            self.code = code
        super().__init__(message)

    def __str__(self) -> str:
        return f"{self.code} {super().__str__()}"

    @property
    def reason(self) -> str:
        """The message without its code, for one-line summaries."""
        return super().__str__()


class InputError(QasidError):
    """A record or source that cannot be read or processed (bad bytes, too large, unreachable)."""

    code = "E100"


class ResourceError(QasidError):
    """A packaged or user-supplied data file (lexicon, gazetteer) is missing or malformed."""

    code = "E200"


class StoreError(QasidError):
    """The store cannot be opened, migrated or written."""

    code = "E300"


class ConfigError(QasidError):
    """A setting or command-line value is invalid."""

    code = "E400"
