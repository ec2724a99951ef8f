"""A local stand-in for the Ocoya public API: a real HTTP server on a loopback address.

It serves the endpoints that calendar-loader uses, under Ocoya's paths, with Ocoya's
API-key check, rate limit and error bodies, so that the demo and the tests need no Ocoya
account. It can also misbehave on purpose (see `Faults`), and it counts requests and
injected faults, also at `GET /_sandbox/stats` for a client in another process.

Example:

    with Sandbox() as sandbox:
        response = httpx.get(f"{sandbox.url}/me", headers={"X-API-Key": ocoya.DEMO_API_KEY})

It is stricter than Ocoya in two places: a body key that Ocoya's schema does not name gets
422, and with `SandboxConfig.reject_past` a `scheduledAt` in the past gets 422.
"""

from __future__ import annotations

import ipaddress
import logging
import signal
import threading
from types import TracebackType

from calendar_loader.sandbox.app import API_PREFIX, SandboxApp
from calendar_loader.sandbox.config import (
    DEMO_PROFILES,
    RESET_FORMS,
    Faults,
    SandboxConfig,
    default_state_path,
)
from calendar_loader.sandbox.server import SandboxHTTPServer

__all__ = [
    "DEMO_PROFILES",
    "RESET_FORMS",
    "Faults",
    "Sandbox",
    "SandboxConfig",
    "default_state_path",
]

logger = logging.getLogger("calendar_loader.sandbox")

# Seconds between checks of the stop flag by the accept loop and by `serve_forever`.
_POLL_SECONDS = 0.05


class Sandbox:
    """The local Ocoya stand-in, serving in a background daemon thread once started.

    `host` must be a loopback IP address, and port 0 picks a free port. Raises ValueError
    for any other host, and InputError when the state file of `config` cannot be used.
    Use it as a context manager, or call `start` and `stop`.
    """

    def __init__(
        self, config: SandboxConfig | None = None, *, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        _require_loopback(host)
        self.config = config if config is not None else SandboxConfig()
        self._host = host
        self._port = port
        self._app = SandboxApp(self.config)
        self._lock = threading.Lock()
        self._server: SandboxHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()
        self._stopped.set()

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> Sandbox:
        """Bind the port and start serving in a daemon thread. Return the sandbox itself.

        A stopped sandbox can start again, with the posts it stored. With port 0 it then
        gets a new port. Raises RuntimeError when it is already running, and OSError when
        the port cannot be bound.
        """
        with self._lock:
            if self._server is not None:
                raise RuntimeError(f"The sandbox is already running at {self.url}.")
            server = SandboxHTTPServer((self._host, self._port), self._app)
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": _POLL_SECONDS},
                name="calendar-loader-sandbox",
                daemon=True,
            )
            thread.start()
            self._server = server
            self._thread = thread
            self._stopped.clear()
        logger.info(
            "Sandbox listening on %s, state file %s",
            self.url,
            self.config.state_path or "none (posts kept in memory only)",
        )
        return self

    def stop(self) -> None:
        """Stop serving and close every connection, ending hangs and slow responses early.

        Does nothing when the sandbox is not running.
        """
        with self._lock:
            server, thread = self._server, self._thread
            self._server = None
            self._thread = None
        if server is None or thread is None:
            return
        server.stop()
        thread.join()
        self._stopped.set()
        logger.info("Sandbox stopped")

    @property
    def url(self) -> str:
        """Base URL of the API, such as `http://127.0.0.1:8765/api/_public/v1`.

        Raises RuntimeError when the sandbox is not running.
        """
        server = self._server
        if server is None:
            raise RuntimeError("The sandbox is not running: call start() first.")
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{server.server_address[1]}{API_PREFIX}"

    def posts(self, workspace: str | None = None) -> list[dict[str, object]]:
        """Return copies of the stored post groups, oldest first, as GET /post lists them.

        With `workspace` None, the post groups of every workspace are returned.
        """
        return self._app.store.post_groups(workspace)

    def stats(self) -> dict[str, object]:
        """Return the counts of requests and faults, the body of GET /_sandbox/stats.

        `requests` maps an endpoint such as "POST /post" to counts by status, with
        "no response" for hangs and drops, and "unknown path" for paths with no endpoint.
        `faults` maps each fault kind to the number of times it was injected: once per
        affected response for burst_429 and slow. `postGroups` is the number stored.
        Requests for the stats themselves are not counted.
        """
        body = self._app.stats().body
        assert isinstance(body, dict)
        return body

    def set_faults(self, faults: Faults) -> None:
        """Inject `faults` from the next request on. A burst of 429s already begun goes on."""
        self.config.faults = faults
        self._app.faults.replace(faults)

    def serve_forever(self) -> None:
        """Start if needed, then block until `stop`, Ctrl-C or SIGTERM, and stop.

        This is the foreground mode of the `calendar-loader sandbox` command. SIGTERM is
        handled only when this runs in the main thread, because Python installs signal
        handlers only there. The previous handler is restored on return.
        """
        if self._server is None:
            self.start()
        terminated = threading.Event()
        previous_handler = None
        if threading.current_thread() is threading.main_thread():
            previous_handler = signal.signal(signal.SIGTERM, lambda number, frame: terminated.set())
        try:
            while not self._stopped.wait(_POLL_SECONDS * 10):
                if terminated.is_set():
                    logger.info("Sandbox received SIGTERM")
                    break
        except KeyboardInterrupt:
            logger.info("Sandbox interrupted")
        finally:
            if previous_handler is not None:
                signal.signal(signal.SIGTERM, previous_handler)
            self.stop()


def _require_loopback(host: str) -> None:
    """Raise ValueError unless `host` is a loopback IP address, such as 127.0.0.1 or ::1."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(
            f"Sandbox host {host!r} is not an IP address: use 127.0.0.1, a loopback address."
        ) from None
    if not address.is_loopback:
        raise ValueError(
            f"Sandbox host {host!r} is not a loopback address: the sandbox serves only this"
            " machine, so use 127.0.0.1."
        )
