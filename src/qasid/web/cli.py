"""The ``qasid serve`` command.

:func:`serve` is the plain function; :func:`register` adds it to a Typer app as ``serve``.
FastAPI and uvicorn are imported only when the command runs, so the rest of the CLI starts
(and works) without the ``web`` extra installed.
"""

from __future__ import annotations

from typing import Annotated

import typer

from qasid.errors import ConfigError

#: loopback only by default: the dashboard has no login, and the store may be private
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def serve(db: str | None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          token: str | None = None) -> None:
    """Run the dashboard and JSON API over the store ``db`` until interrupted.

    ``db`` is a SQLite path/URL or ``postgresql://…`` (``None``: ``QASID_DB``, else
    ``sqlite:///qasid.db``). ``token`` enables ``POST /api/ingest`` for clients that send it;
    without a token the server is read-only.

    Raises:
        ConfigError: the ``web`` extra is not installed, or the port is invalid.
        StoreError: the store cannot be opened.
    """
    try:
        import uvicorn

        from qasid.web.app import app_for
    except ImportError as exc:
        raise ConfigError(f"qasid serve needs the web extra: pip install 'qasid[web]' "
                          f"({exc.name} is missing)", code="E450") from exc
    if not 0 < port < 65536:
        raise ConfigError(f"port must be in 1–65535, got {port}", code="E451")
    app = app_for(db, token=token or None)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the Typer app ``app`` (the main ``qasid`` CLI)."""

    @app.command("serve")
    def serve_cmd(
        db: Annotated[str | None, typer.Option(
            "--db", envvar="QASID_DB",
            help="Store URL: a SQLite path/URL or postgresql://… (default sqlite:///qasid.db).",
        )] = None,
        host: Annotated[str, typer.Option(
            "--host", help="Interface to listen on; 127.0.0.1 keeps it local.")] = DEFAULT_HOST,
        port: Annotated[int, typer.Option("--port", help="TCP port.")] = DEFAULT_PORT,
        token: Annotated[str | None, typer.Option(
            "--token", envvar="QASID_TOKEN",
            help="Enable POST /api/ingest for clients sending this token (read-only without).",
        )] = None,
    ) -> None:
        """Serve the dashboard and JSON API (timeline, channels, stance, quotes, search).

        Example: qasid serve --db news.db --port 8000   (then open http://127.0.0.1:8000)
        """
        from qasid.errors import QasidError

        try:
            serve(db, host=host, port=port, token=token)
        except QasidError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
