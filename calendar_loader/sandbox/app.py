"""Request handling of the sandbox: routing, authentication, rate limit, faults, endpoints.

This module does not touch sockets. The HTTP server in `server.py` turns each request
into a `Request`, and carries out the `Reply` that `SandboxApp.handle` returns.
"""

from __future__ import annotations

import hmac
import json
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from calendar_loader import ocoya
from calendar_loader.sandbox.config import SandboxConfig
from calendar_loader.sandbox.faults import FaultInjector
from calendar_loader.sandbox.ratelimit import FixedWindowLimiter, RateLimitHeaders
from calendar_loader.sandbox.rules import RuleViolation, check_new_post, check_reschedule
from calendar_loader.sandbox.store import PostStore

API_PREFIX = "/api/_public/v1"
STATS_PATH = "/_sandbox/stats"
DEFAULT_PAGE_SIZE = 10
INVALID_KEY_MESSAGE = "Invalid API token."
# The stats key of a request that got no response, because of a hang or drop fault.
NO_RESPONSE = "no response"

# The account that GET /me returns. The id has the shape of Ocoya's cuid ids.
SANDBOX_USER = {
    "id": "cmx9f8zq00000jp7qdemouser",
    "name": "Sandbox user",
    "email": "sandbox@example.com",
}


@dataclass(frozen=True)
class Request:
    """One HTTP request, parsed by the server for the app.

    `path` has no query string, and `query` maps each parameter to its values.
    `body_problem` is the status and message for a body the server did not read: a
    chunked body, an invalid Content-Length, or a body over the server's size limit.
    """

    method: str
    path: str
    query: Mapping[str, list[str]]
    api_key: str | None
    body: bytes = b""
    body_problem: tuple[int, str] | None = None

    def parameter(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None


@dataclass
class Reply:
    """The response to send: a status and a JSON body, or no response at all.

    `status` None means no response: with `action` "drop" the connection is closed at
    once, and with "hang" it is closed after the hang time of the faults. `delay` is the
    number of seconds to wait before acting, set by the slow fault.
    """

    status: int | None
    body: object = None
    headers: dict[str, str] = field(default_factory=dict)
    action: str = "send"
    delay: float = 0.0


class ApiProblem(Exception):
    """A request the endpoint cannot serve, sent back as `{"message": ...}` with `status`."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def error_reply(status: int, message: str, headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, {"message": message}, dict(headers or {}))


@dataclass(frozen=True)
class _Route:
    name: str
    pattern: re.Pattern[str]
    methods: Mapping[str, str]  # HTTP method -> name of the SandboxApp method that serves it


_ROUTES = (
    _Route("/me", re.compile(r"/me"), {"GET": "_get_me"}),
    _Route("/workspaces", re.compile(r"/workspaces"), {"GET": "_get_workspaces"}),
    _Route("/social-profiles", re.compile(r"/social-profiles"), {"GET": "_get_profiles"}),
    _Route("/post", re.compile(r"/post"), {"GET": "_list_posts", "POST": "_create_post"}),
    _Route(
        "/post/{id}",
        re.compile(r"/post/(?P<post_id>[^/]+)"),
        {"PATCH": "_reschedule_post", "DELETE": "_delete_post"},
    ),
)
_STATS_ROUTE = _Route(STATS_PATH, re.compile(re.escape(STATS_PATH)), {"GET": "stats"})


def _match_route(path: str) -> tuple[_Route, dict[str, str]] | None:
    if path == STATS_PATH:
        return _STATS_ROUTE, {}
    if not path.startswith(API_PREFIX + "/"):
        return None
    endpoint_path = path[len(API_PREFIX) :]
    for route in _ROUTES:
        match = route.pattern.fullmatch(endpoint_path)
        if match:
            return route, match.groupdict()
    return None


class SandboxApp:
    """The state and behaviour of one sandbox: stored posts, rate limits, faults and counts.

    Thread-safe: the HTTP server calls `handle` from one thread per connection.
    Raises InputError at construction when the state file cannot be used.
    """

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.store = PostStore(config.state_path)
        self.limiter = FixedWindowLimiter(config.rate_limit, config.window)
        self.rate_headers = RateLimitHeaders(config.reset_form)
        self.faults = FaultInjector(config.faults)
        self._lock = threading.Lock()
        # endpoint such as "POST /post" -> status as text, or NO_RESPONSE -> count
        self._requests: dict[str, dict[str, int]] = {}

    def handle(self, request: Request) -> Reply:
        """Serve one request and count it in the stats, unless it asked for the stats."""
        matched = _match_route(request.path)
        reply = self._respond(request, matched)
        if matched is None:
            self._count("unknown path", reply)
        elif matched[0] is not _STATS_ROUTE:
            self._count(f"{request.method} {matched[0].name}", reply)
        return reply

    def stats(self) -> Reply:
        """Return the counts of requests by endpoint and status, and of injected faults."""
        with self._lock:
            requests = {endpoint: dict(counts) for endpoint, counts in self._requests.items()}
        body = {
            "requests": requests,
            "faults": self.faults.counts(),
            "postGroups": self.store.count(),
        }
        return Reply(200, body)

    def _respond(self, request: Request, matched: tuple[_Route, dict[str, str]] | None) -> Reply:
        if matched is None:
            return error_reply(404, f"Unknown path {request.path}.")
        route, path_parameters = matched
        method_name = route.methods.get(request.method)
        if method_name is None:
            methods = list(route.methods)
            choices = " or ".join(methods)
            return error_reply(
                405,
                f"Method {request.method} is not allowed on {route.name}: use {choices}.",
                {"Allow": ", ".join(methods)},
            )

        if not request.api_key:
            return error_reply(401, ocoya.MISSING_KEY_MESSAGE)
        if not self._is_accepted(request.api_key):
            return error_reply(401, INVALID_KEY_MESSAGE)
        if route is _STATS_ROUTE:
            # Not rate-limited and never faulty, so that the chaos script can poll it.
            return self.stats()

        if self.faults.burst_429():
            # An injected 429 does not use up a request of the real window.
            state = replace(self.limiter.peek(request.api_key), remaining=0)
            headers = self.rate_headers.headers(state)
            return error_reply(429, ocoya.RATE_LIMIT_MESSAGE, headers)
        state = self.limiter.hit(request.api_key)
        headers = self.rate_headers.headers(state)
        if not state.allowed:
            return error_reply(429, ocoya.RATE_LIMIT_MESSAGE, headers)

        delay = self.faults.slow_delay()
        endpoint: Callable[..., Reply] = getattr(self, method_name)
        try:
            if request.body_problem is not None:
                raise ApiProblem(*request.body_problem)
            reply = endpoint(request, **path_parameters)
        except ApiProblem as problem:
            reply = error_reply(problem.status, problem.message)
        reply.headers.update(headers)
        reply.delay = delay
        return reply

    def _is_accepted(self, api_key: str) -> bool:
        # compare_digest takes the same time wherever the strings differ, so the response
        # time does not reveal how much of a key was right.
        presented = api_key.encode("utf-8")
        return any(
            hmac.compare_digest(presented, key.encode("utf-8")) for key in self.config.api_keys
        )

    def _count(self, endpoint: str, reply: Reply) -> None:
        status = NO_RESPONSE if reply.status is None else str(reply.status)
        with self._lock:
            counts = self._requests.setdefault(endpoint, {})
            counts[status] = counts.get(status, 0) + 1

    def _get_me(self, request: Request) -> Reply:
        return Reply(200, dict(SANDBOX_USER))

    def _get_workspaces(self, request: Request) -> Reply:
        workspaces = [{"id": key, "name": name} for key, name in self.config.workspaces.items()]
        return Reply(200, workspaces)

    def _get_profiles(self, request: Request) -> Reply:
        workspace_id = self._workspace_id(request)
        profiles = [dict(profile) for profile in self.config.profiles.get(workspace_id, [])]
        return Reply(200, profiles)

    def _create_post(self, request: Request) -> Reply:
        workspace_id = self._workspace_id(request)
        body = _parse_json(request.body)
        try:
            post = check_new_post(
                body,
                workspace_id=workspace_id,
                profiles=self.config.profiles.get(workspace_id, []),
                now=self._now_if_rejecting_past(),
            )
        except RuleViolation as violation:
            raise ApiProblem(422, str(violation)) from None

        if self.faults.fail_before_store():
            raise ApiProblem(503, "The service is temporarily unavailable: try again later.")
        group = self.store.add(workspace_id, post)
        fault = self.faults.after_store()
        if fault == "fail_after_store":
            return error_reply(500, "Unknown error")
        if fault == "hang_after_store":
            return Reply(None, action="hang")
        if fault == "drop_after_store":
            return Reply(None, action="drop")
        return Reply(201, {"postGroupId": group["id"]})

    def _list_posts(self, request: Request) -> Reply:
        workspace_id = self._workspace_id(request)
        statuses = {
            status.strip().upper()
            for status in ",".join(request.query.get("statuses", [])).split(",")
            if status.strip()
        }
        page = _whole_number(request, "page", default=0, minimum=0)
        per_page = _whole_number(
            request, "perPage", default=DEFAULT_PAGE_SIZE, minimum=1, maximum=ocoya.MAX_PAGE_SIZE
        )
        groups = [
            group
            for group in reversed(self.store.post_groups(workspace_id))
            if not statuses or group["status"] in statuses
        ]
        return Reply(200, groups[page * per_page : (page + 1) * per_page])

    def _reschedule_post(self, request: Request, post_id: str) -> Reply:
        try:
            scheduled_at = check_reschedule(
                _parse_json(request.body), now=self._now_if_rejecting_past()
            )
        except RuleViolation as violation:
            raise ApiProblem(422, str(violation)) from None
        group = self.store.reschedule(post_id, scheduled_at)
        if group is None:
            raise ApiProblem(404, f"Post group {post_id!r} not found.")
        return Reply(200, group)

    def _delete_post(self, request: Request, post_id: str) -> Reply:
        if not self.store.delete(post_id):
            raise ApiProblem(404, f"Post group {post_id!r} not found.")
        return Reply(204)

    def _workspace_id(self, request: Request) -> str:
        workspace_id = request.parameter("workspaceId")
        if not workspace_id:
            raise ApiProblem(
                400,
                "Missing workspaceId query parameter: GET /workspaces lists the workspace ids.",
            )
        if workspace_id not in self.config.workspaces:
            raise ApiProblem(403, f"Workspace {workspace_id!r} is not available to this API key.")
        return workspace_id

    def _now_if_rejecting_past(self) -> datetime | None:
        return datetime.now(UTC) if self.config.reject_past else None


def _parse_json(raw: bytes) -> object:
    if not raw:
        raise ApiProblem(400, "The request body is empty: send a JSON object.")
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ApiProblem(400, "The request body is not valid UTF-8.") from None
    except json.JSONDecodeError as error:
        raise ApiProblem(
            400,
            f"The request body is not valid JSON: {error.msg} at line {error.lineno},"
            f" column {error.colno}.",
        ) from None
    except RecursionError:
        raise ApiProblem(400, "The request body is JSON nested too deeply.") from None


def _whole_number(
    request: Request, name: str, *, default: int, minimum: int, maximum: int | None = None
) -> int:
    text = request.parameter(name)
    if text is None:
        return default
    number = int(text) if text.isascii() and text.isdigit() else None
    if number is None or number < minimum or (maximum is not None and number > maximum):
        bounds = f"from {minimum} to {maximum}" if maximum is not None else f"of {minimum} or more"
        raise ApiProblem(422, f"{name} {text!r} must be a whole number {bounds}.")
    return number
