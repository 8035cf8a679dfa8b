"""Report charts outside the browser: ``qasid plot timeline|stance|channels``.

Needs the ``plots`` extra (matplotlib, arabic-reshaper, python-bidi). Importing this package
is cheap and never imports matplotlib, so the CLI can register ``qasid plot`` in an install
without the extra and say what to install only when the command runs.
"""

from __future__ import annotations

from typing import Any

__all__ = ["plot_channels", "plot_stance", "plot_timeline"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from qasid.plots import charts

        return getattr(charts, name)
    raise AttributeError(name)
