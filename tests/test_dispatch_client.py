"""The Ocoya client: requests as sent, outcome classes, URL rules, and the key kept secret."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from calendar_loader.dispatch.client import (
    OcoyaClient,
    Outcome,
    OutcomeKind,
    check_api_url,
)
from calendar_loader.errors import AuthenticationError, ConfigurationError

API = "https://ocoya.test/api/_public/v1"
KEY = "secret-key-1234567890"
BODY = {"caption": "Hello", "scheduledAt": "2030-02-01T10:00:00Z"}

Handler = Callable[[httpx.Request], httpx.Response]


def client_with(handler: Handler, **options: float) -> OcoyaClient:
    return OcoyaClient(KEY, api_url=API, transport=httpx.MockTransport(handler), **options)


def respond(status: int, body: object = None, headers: dict[str, str] | None = None) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=body, headers=headers)

    return handler


def fail_with(error: type[httpx.TransportError]) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error("boom", request=request)

    return handler


def test_create_post_request_as_sent() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201, json={"postGroupId": "pg-1"})

    with client_with(handler) as client:
        outcome = client.create_post("ws-1", BODY)

    [request] = seen
    assert request.method == "POST"
    assert str(request.url) == "https://ocoya.test/api/_public/v1/post?workspaceId=ws-1"
    assert request.headers["X-API-Key"] == KEY
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Accept"] == "application/json"
    assert json.loads(request.content) == BODY
    assert request.extensions["timeout"] == {
        "connect": 10.0,
        "read": 30.0,
        "write": 30.0,
        "pool": 30.0,
    }
    assert outcome.kind is OutcomeKind.SUCCESS
    assert outcome.post_group_id == "pg-1"
    assert outcome.status_code == 201


def test_read_timeout_configurable() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"id": "u1"})

    with client_with(handler, read_timeout=2.5, connect_timeout=1.0) as client:
        client.me()

    assert seen[0].extensions["timeout"]["read"] == 2.5
    assert seen[0].extensions["timeout"]["connect"] == 1.0
    assert str(seen[0].url) == "https://ocoya.test/api/_public/v1/me"


@pytest.mark.parametrize(
    ("handler", "kind", "status", "message"),
    [
        pytest.param(
            respond(201, {"other": 1}),
            OutcomeKind.AMBIGUOUS,
            201,
            "201 without a postGroupId in the response",
            id="201-without-id",
        ),
        pytest.param(
            respond(429, {"message": "You've exceeded the request limit."}),
            OutcomeKind.RATE_LIMITED,
            429,
            "429 Too Many Requests: You've exceeded the request limit.",
            id="429",
        ),
        pytest.param(
            respond(500, {"message": "Unknown error"}),
            OutcomeKind.AMBIGUOUS,
            500,
            "500 Internal Server Error: Unknown error",
            id="500",
        ),
        pytest.param(respond(503), OutcomeKind.AMBIGUOUS, 503, "503 Service Unavailable", id="503"),
        pytest.param(respond(408), OutcomeKind.AMBIGUOUS, 408, "408 Request Timeout", id="408"),
        pytest.param(
            respond(422, {"message": "scheduledAt must be UTC"}),
            OutcomeKind.REJECTED,
            422,
            "422 Unprocessable Entity: scheduledAt must be UTC",
            id="422",
        ),
        pytest.param(
            respond(400, {"errors": [{"field": "caption"}]}),
            OutcomeKind.REJECTED,
            400,
            '400 Bad Request: [{"field": "caption"}]',
            id="400-errors-list",
        ),
        pytest.param(
            respond(404, {"message": "Workspace not found"}),
            OutcomeKind.REJECTED,
            404,
            "404 Not Found: Workspace not found",
            id="404",
        ),
        pytest.param(
            fail_with(httpx.ConnectError),
            OutcomeKind.NOT_SENT,
            None,
            "could not connect: ConnectError: boom",
            id="connect-error",
        ),
        pytest.param(
            fail_with(httpx.ConnectTimeout),
            OutcomeKind.NOT_SENT,
            None,
            "could not connect: ConnectTimeout: boom",
            id="connect-timeout",
        ),
        pytest.param(
            fail_with(httpx.PoolTimeout),
            OutcomeKind.NOT_SENT,
            None,
            "could not connect: PoolTimeout: boom",
            id="pool-timeout",
        ),
        pytest.param(
            fail_with(httpx.ReadTimeout),
            OutcomeKind.AMBIGUOUS,
            None,
            "no complete response: ReadTimeout: boom",
            id="read-timeout",
        ),
        pytest.param(
            fail_with(httpx.WriteTimeout),
            OutcomeKind.AMBIGUOUS,
            None,
            "no complete response: WriteTimeout: boom",
            id="write-timeout",
        ),
        pytest.param(
            fail_with(httpx.ReadError),
            OutcomeKind.AMBIGUOUS,
            None,
            "no complete response: ReadError: boom",
            id="read-error",
        ),
        pytest.param(
            fail_with(httpx.RemoteProtocolError),
            OutcomeKind.AMBIGUOUS,
            None,
            "no complete response: RemoteProtocolError: boom",
            id="remote-protocol-error",
        ),
    ],
)
def test_create_post_outcome_classes(
    handler: Handler, kind: OutcomeKind, status: int | None, message: str
) -> None:
    with client_with(handler) as client:
        outcome = client.create_post("ws-1", BODY)

    assert outcome.kind is kind
    assert outcome.status_code == status
    assert outcome.message == message
    assert outcome.post_group_id is None


@pytest.mark.parametrize("status", [401, 403])
def test_auth_failure_raises(status: int) -> None:
    client = client_with(respond(status, {"message": "Invalid API token."}))
    with client, pytest.raises(AuthenticationError) as raised:
        client.create_post("ws-1", BODY)

    reason = "Unauthorized" if status == 401 else "Forbidden"
    assert raised.value.status_code == status
    assert str(raised.value) == (
        f"Ocoya rejected the API key ({status} {reason}: Invalid API token.). Check "
        "OCOYA_API_KEY or --api-key-file, and that the key may use this workspace."
    )


def test_rate_limit_headers_kept() -> None:
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "12"}
    with client_with(respond(201, {"postGroupId": "pg-1"}, headers)) as client:
        outcome = client.create_post("ws-1", BODY)

    assert outcome.headers is not None
    assert outcome.headers["X-RateLimit-Reset"] == "12"


def test_list_posts_sends_page_parameters() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[{"id": "pg-1"}])

    with client_with(handler) as client:
        outcome = client.list_posts("ws-1", 3, 50)

    assert str(seen[0].url) == (
        "https://ocoya.test/api/_public/v1/post?workspaceId=ws-1&page=3&perPage=50"
    )
    assert outcome == Outcome(OutcomeKind.SUCCESS, 200, "200 OK", outcome.headers, [{"id": "pg-1"}])


def test_list_posts_non_list_is_ambiguous() -> None:
    with client_with(respond(200, {"data": []})) as client:
        outcome = client.list_posts("ws-1", 0)

    assert outcome.kind is OutcomeKind.AMBIGUOUS
    assert outcome.message == "200 with a body that is not a list of post groups"


def test_key_echoed_by_server_is_redacted() -> None:
    with client_with(respond(422, {"message": f"bad key {KEY} in body"})) as client:
        outcome = client.create_post("ws-1", BODY)

    assert outcome.message == "422 Unprocessable Entity: bad key [redacted] in body"


def test_key_absent_from_errors_and_repr() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"refused for {request.headers['X-API-Key']}", request=request)

    with client_with(handler) as client:
        outcome = client.create_post("ws-1", BODY)
        text = repr(client)

    assert KEY not in outcome.message
    assert outcome.message == "could not connect: ConnectError: refused for [redacted]"
    assert text == "OcoyaClient(api_url='https://ocoya.test/api/_public/v1')"


def test_auth_error_redacts_key() -> None:
    client = client_with(respond(401, {"message": f"key {KEY} revoked"}))
    with client, pytest.raises(AuthenticationError) as raised:
        client.me()

    assert KEY not in str(raised.value)
    assert KEY not in repr(raised.value)


@pytest.mark.parametrize(
    "url",
    [
        "https://app.ocoya.com/api/_public/v1",
        "http://127.0.0.1:8765/api/_public/v1",
        "http://127.9.9.9/api/_public/v1",
        "http://localhost:8765/api/_public/v1",
        "http://[::1]:8765/api/_public/v1",
    ],
)
def test_api_url_accepted(url: str) -> None:
    assert check_api_url(url + "/") == url


def test_plain_http_remote_url_rejected() -> None:
    with pytest.raises(ConfigurationError) as raised:
        OcoyaClient(KEY, api_url="http://app.ocoya.com/api/_public/v1")

    assert str(raised.value) == (
        "Invalid API URL 'http://app.ocoya.com/api/_public/v1': plain http would send the "
        "API key unencrypted. Use https://, or http:// only for a stand-in on this machine "
        "(127.0.0.1)."
    )


@pytest.mark.parametrize("url", ["ftp://app.ocoya.com/api", "app.ocoya.com/api", "https://"])
def test_malformed_api_url_rejected(url: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        check_api_url(url)

    assert str(raised.value).startswith(f"Invalid API URL {url!r}: ")


def test_empty_key_rejected() -> None:
    with pytest.raises(ConfigurationError) as raised:
        OcoyaClient("  ", api_url=API)

    assert str(raised.value) == "The API key is empty."
