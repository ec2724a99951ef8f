"""The HTTP side of the sandbox: a threading HTTP server that carries out the app's replies.

It is built on the standard library's ThreadingHTTPServer rather than a web framework,
because the hang and drop faults need direct control of the connection.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import socket
import socketserver
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import SplitResult, parse_qs, parse_qsl, quote_plus, urlencode, urlsplit

from calendar_loader import ocoya
from calendar_loader.sandbox.app import Reply, Request, SandboxApp, error_reply

logger = logging.getLogger("calendar_loader.sandbox")

# Far above the largest valid body: 10,000 UTF-16 code units of caption, escaped, is
# under 130 kB, and a list of media URLs adds little.
MAX_BODY_BYTES = 1_048_576
# Query parameters whose value may be a secret, and is therefore not logged.
_SECRET_PARAMETER = re.compile(r"key|token|secret|password", re.IGNORECASE)
_REDACTED = "REDACTED"
# Maximum seconds that `stop` waits for the connection threads to end.
JOIN_SECONDS = 5.0


class SandboxHTTPServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer that serves a SandboxApp and can end all its connections.

    Each connection gets a daemon thread. `stop` wakes every thread that waits on a
    connection or on a fault, then joins them, so a stopped server leaves no thread behind.
    """

    daemon_threads = True
    # The listen backlog. The default of 5 can reset connections when the chaos script
    # opens many at once.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], app: SandboxApp) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.app = app
        self.stopping = threading.Event()
        # Connection socket -> the thread serving it. Finished threads are removed when
        # the next connection arrives.
        self._connections: dict[socket.socket, threading.Thread] = {}
        self._connections_lock = threading.Lock()
        super().__init__(address, SandboxRequestHandler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind would call socket.getfqdn, a DNS lookup that the sandbox
        # has no need for.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    # The base class also allows a (data, socket) request, which only UDP servers pass.
    def process_request(  # type: ignore[override]
        self, request: socket.socket, client_address: object
    ) -> None:
        # Replaces ThreadingMixIn.process_request, whose server_close joins no daemon
        # thread, so that `stop` can join the threads itself.
        thread = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name="calendar-loader-sandbox-connection",
            daemon=True,
        )
        with self._connections_lock:
            finished = [
                connection
                for connection, worker in self._connections.items()
                if not worker.is_alive()
            ]
            for connection in finished:
                del self._connections[connection]
            self._connections[request] = thread
        thread.start()

    def handle_error(self, request: object, client_address: object) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, OSError):
            # The client closed the connection, or `stop` shut it down.
            logger.debug("Sandbox connection ended early: %r", error)
        else:
            logger.exception("Sandbox failed while handling a connection")

    def stop(self) -> None:
        """Stop accepting, end every connection and fault wait, join the threads, close.

        A thread that has not ended after JOIN_SECONDS is left running and logged.
        Call `stop` only while `serve_forever` runs in another thread, because
        `shutdown` waits for that loop to end.
        """
        self.stopping.set()
        self.shutdown()  # after this, no new connection is accepted
        with self._connections_lock:
            connections = dict(self._connections)
        for connection in connections:
            _shut_down(connection)
        deadline = time.monotonic() + JOIN_SECONDS
        for thread in connections.values():
            thread.join(max(0.0, deadline - time.monotonic()))
        running = sum(thread.is_alive() for thread in connections.values())
        if running:
            logger.warning("Sandbox stopped with %d connection threads still running", running)
        self.server_close()


def _shut_down(connection: socket.socket) -> None:
    # OSError means that the connection is already closed.
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_RDWR)


class SandboxRequestHandler(BaseHTTPRequestHandler):
    """Turn each HTTP request into a `Request`, and carry out the app's `Reply`."""

    server: SandboxHTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "calendar-loader-sandbox"
    sys_version = ""
    # Headers and body go out in two writes. Without TCP_NODELAY, Nagle's algorithm and
    # the client's delayed acknowledgement can hold the body back for about 40 ms.
    disable_nagle_algorithm = True
    # Seconds an idle keep-alive connection stays open.
    timeout = 60

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve()

    def do_OPTIONS(self) -> None:
        self._serve()

    def _serve(self) -> None:
        if self.server.stopping.is_set():
            self.close_connection = True
            return
        target = urlsplit(self.path)
        api_key = self.headers.get(ocoya.API_KEY_HEADER)
        body, body_problem = self._read_body()
        request = Request(
            method=self.command,
            path=target.path,
            query=parse_qs(target.query, keep_blank_values=True),
            api_key=api_key,
            body=body,
            body_problem=body_problem,
        )
        logged_target = self._target_for_log(target, api_key)
        try:
            reply = self.server.app.handle(request)
        except Exception:
            # A bug in the sandbox: keep serving, and give the client a JSON error.
            logger.exception("Sandbox failed on %s %s", self.command, logged_target)
            reply = error_reply(500, "The sandbox failed on this request: see its log.")

        # Logged before the response goes out, so that a client that has its response can
        # also find the log line.
        status = reply.status if reply.status is not None else f"no response ({reply.action})"
        logger.info("%s %s %s", self.command, logged_target, status)

        if reply.delay and self.server.stopping.wait(reply.delay):
            self.close_connection = True
            return
        if reply.status is None:
            if reply.action == "hang":
                self.server.stopping.wait(self.server.app.faults.settings.hang_seconds)
            self.close_connection = True
            return
        # An unread body would be taken for the next request, so close after a body problem.
        self._send(reply, close=body_problem is not None)

    def _read_body(self) -> tuple[bytes, tuple[int, str] | None]:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return b"", (411, "Send the body with a Content-Length header, not chunked.")
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            return b"", None
        if not length_text.strip().isdigit():
            return b"", (400, f"Invalid Content-Length header {length_text!r}.")
        length = int(length_text)
        if length > MAX_BODY_BYTES:
            return b"", (413, f"The request body is larger than {MAX_BODY_BYTES:,} bytes.")
        return self.rfile.read(length), None

    def _target_for_log(self, target: SplitResult, api_key: str | None) -> str:
        """Return the path and query for the log, with every possible secret replaced."""
        pairs = [
            (name, _REDACTED if _SECRET_PARAMETER.search(name) else value)
            for name, value in parse_qsl(target.query, keep_blank_values=True)
        ]
        text = target.path + ("?" + urlencode(pairs) if pairs else "")
        # A key can still hide in another parameter or in the path.
        known_keys = set(self.server.app.config.api_keys)
        if api_key:
            known_keys.add(api_key)
        for secret in known_keys:
            text = text.replace(secret, _REDACTED).replace(quote_plus(secret), _REDACTED)
        return text

    def _send(self, reply: Reply, *, close: bool) -> None:
        assert reply.status is not None
        data = b"" if reply.body is None else json.dumps(reply.body).encode("utf-8")
        self.send_response(reply.status)
        if reply.status != 204:  # a 204 response has no body, so it gets no body headers
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if close:
            self.send_header("Connection", "close")
        self.end_headers()
        if data and self.command != "HEAD":
            self.wfile.write(data)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Send a JSON error for a request that BaseHTTPRequestHandler could not parse."""
        text = message or self.responses.get(code, ("Error", ""))[0]
        logger.info("Malformed request: %s %s", code, text)
        data = json.dumps({"message": text}).encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and code >= 200 and code not in (204, 304):
            self.wfile.write(data)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Do nothing: `_serve` logs each request itself, without secrets."""

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("Sandbox HTTP server: " + format, *args)
