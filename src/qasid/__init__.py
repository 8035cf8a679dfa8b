"""qasid — evidence-grounded structured data from multilingual news about diplomacy.

The public entry point is :class:`qasid.Corpus`; the CLI (``qasid``) is a thin layer over it.
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["Corpus", "__version__"]


def __getattr__(name: str) -> object:
    # Imported lazily so that ``import qasid`` (e.g. on a Spark executor running one stage)
    # does not pull in SQLAlchemy and the store.
    if name == "Corpus":
        from qasid.corpus import Corpus

        return Corpus
    raise AttributeError(name)
