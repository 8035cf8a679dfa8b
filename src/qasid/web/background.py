"""The dashboard served from a background thread of the current process.

``qasid serve`` blocks its process; browser tests and the README screenshot script need the
real server (real sockets, real HTTP, the same middleware and static files a user gets) while
they drive a browser from the same process. :func:`serve_in_background` runs uvicorn in a
daemon thread on a loopback port that the operating system picks, waits until it accepts
requests, and stops it cleanly on exit.

Example::

    from qasid import Corpus
    from qasid.web import create_app
    from qasid.web.background import serve_in_background

    with Corpus.open("news.db") as corpus, serve_in_background(create_app(corpus)) as url:
        print(url)  # http://127.0.0.1:PORT
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: how long the server may take to start or stop before this is reported as a failure
START_TIMEOUT = 20.0


@contextmanager
def serve_in_background(app: Any, *, host: str = "127.0.0.1",
                        timeout: float = START_TIMEOUT) -> Iterator[str]:
    """Serve the ASGI ``app`` on ``host`` at a free port; yield its base URL.

    The socket is bound here, before the thread starts, so the port is known at once and no
    other process can take it between choosing and binding. Loopback by default: the
    dashboard has no login.

    Raises:
        RuntimeError: the server did not start (or stop) within ``timeout`` seconds.
    """
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", server_header=False, lifespan="on")
    server = uvicorn.Server(config)
    failure: list[BaseException] = []

    def run() -> None:
        try:
            server.run(sockets=[sock])
        except BaseException as exc:  # reported to the caller, not lost in the thread
            failure.append(exc)

    thread = threading.Thread(target=run, name=f"qasid-web-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if failure or not thread.is_alive():
            sock.close()
            raise RuntimeError(f"the web server did not start: {failure[:1] or 'exited'}")
        if time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            raise RuntimeError(f"the web server did not start within {timeout:.0f} s")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)
        sock.close()
        if thread.is_alive():
            raise RuntimeError(f"the web server did not stop within {timeout:.0f} s")
