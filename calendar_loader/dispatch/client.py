"""The HTTP calls to Ocoya, each outcome sorted by whether a post may have been created.

`POST /post` is not idempotent and Ocoya takes no idempotency key, so what matters
after a failure is whether the request could have reached the server:

    201                                  SUCCESS       the post exists; postGroupId known
    429                                  RATE_LIMITED  nothing created; wait and retry
    ConnectError, ConnectTimeout,        NOT_SENT      nothing left this machine; retry
      PoolTimeout
    5xx, 408, ReadTimeout, WriteTimeout, AMBIGUOUS     a post may exist; look it up
      ReadError, RemoteProtocolError, a 2xx without postGroupId
    400, 404, 422 and other 4xx          REJECTED      fix the request; never retried as is
    401, 403                             raises AuthenticationError: the run stops

The API key is sent in the X-API-Key header and appears in no message, log line or repr:
every text taken from a response or an exception passes through `_redact` first.
"""

from __future__ import annotations

import ipaddress
import json
import logging
from dataclasses import dataclass
from enum import StrEnum
from types import TracebackType
from typing import Any

import httpx

from calendar_loader import __version__, ocoya
from calendar_loader.errors import AuthenticationError, ConfigurationError
from calendar_loader.problems import shorten

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 30.0
_MAX_MESSAGE_CHARS = 300
_REDACTED = "[redacted]"


class OutcomeKind(StrEnum):
    SUCCESS = "success"
    RATE_LIMITED = "rate-limited"
    NOT_SENT = "not-sent"
    AMBIGUOUS = "ambiguous"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Outcome:
    """The result of one request. `data` is the parsed JSON body of a success.

    `status_code` and `headers` are None when no response arrived. `message` is a short
    sentence for logs and the ledger, such as "422 Unprocessable Entity: ...".
    """

    kind: OutcomeKind
    status_code: int | None
    message: str
    headers: httpx.Headers | None = None
    data: Any = None
    post_group_id: str | None = None


def check_api_url(api_url: str) -> str:
    """Return `api_url` without a trailing `/`, or raise ConfigurationError.

    https:// is required, except for a loopback host (127.0.0.0/8, ::1, localhost),
    such as the local stand-in: over plain http the API key would travel unencrypted.
    """
    try:
        url = httpx.URL(api_url.strip())
    except httpx.InvalidURL as error:
        raise ConfigurationError(f"Invalid API URL {api_url!r}: {error}.") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError(
            f"Invalid API URL {api_url!r}: write it like {ocoya.DEFAULT_API_URL}."
        )
    if url.scheme == "http" and not is_loopback(url.host):
        raise ConfigurationError(
            f"Invalid API URL {api_url!r}: plain http would send the API key unencrypted. "
            "Use https://, or http:// only for a stand-in on this machine (127.0.0.1)."
        )
    return str(url).rstrip("/")


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class OcoyaClient:
    """A connection to the Ocoya API for one key. Use it as a context manager.

    `api_url` is the base URL up to and including `/api/_public/v1`. `ledger_url` is the
    API URL recorded in the ledger and in fingerprints, when it must differ from the URL
    requests go to: `push --sandbox` gets a new port each run but is the same account.
    Timeouts are in seconds. `transport` replaces the network, for tests with httpx.MockTransport.
    Raises ConfigurationError for a bad URL or an empty key.

    This class does not pace requests: callers go through a RateLimiter.
    """

    def __init__(
        self,
        api_key: str,
        *,
        api_url: str = ocoya.DEFAULT_API_URL,
        read_timeout: float = READ_TIMEOUT,
        connect_timeout: float = CONNECT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        ledger_url: str | None = None,
    ) -> None:
        if not api_key or not api_key.strip():
            raise ConfigurationError("The API key is empty.")
        self.api_url = check_api_url(api_url)
        self.ledger_url = ledger_url or self.api_url
        self._secret = api_key.strip()
        self._http = httpx.Client(
            base_url=self.api_url,
            headers={
                ocoya.API_KEY_HEADER: self._secret,
                "Content-Type": "application/json",
                "Accept": "application/json",
                "User-Agent": f"calendar-loader/{__version__}",
            },
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            transport=transport,
            follow_redirects=False,
            # A stand-in on this machine must never be reached through a proxy from the
            # environment; a remote API may need one.
            trust_env=not is_loopback(httpx.URL(self.api_url).host),
        )

    def __repr__(self) -> str:
        return f"OcoyaClient(api_url={self.api_url!r})"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> OcoyaClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def create_post(self, workspace: str, body: dict[str, Any]) -> Outcome:
        """Send POST /post?workspaceId=... with `body`, and classify the outcome."""
        outcome = self._request("POST", "/post", params={"workspaceId": workspace}, json=body)
        if outcome.kind is not OutcomeKind.SUCCESS:
            return outcome
        post_group_id = outcome.data.get("postGroupId") if isinstance(outcome.data, dict) else None
        if not isinstance(post_group_id, str) or not post_group_id:
            return Outcome(
                OutcomeKind.AMBIGUOUS,
                outcome.status_code,
                f"{outcome.status_code} without a postGroupId in the response",
                outcome.headers,
            )
        return Outcome(
            OutcomeKind.SUCCESS,
            outcome.status_code,
            outcome.message,
            outcome.headers,
            outcome.data,
            post_group_id,
        )

    def list_posts(self, workspace: str, page: int, per_page: int = ocoya.MAX_PAGE_SIZE) -> Outcome:
        """Fetch one page (from 0) of GET /post. `data` is the list of post groups.

        A 2xx whose body is not a list is AMBIGUOUS, which for a GET means: try again.
        """
        outcome = self._request(
            "GET",
            "/post",
            params={"workspaceId": workspace, "page": page, "perPage": per_page},
        )
        if outcome.kind is OutcomeKind.SUCCESS and not isinstance(outcome.data, list):
            return Outcome(
                OutcomeKind.AMBIGUOUS,
                outcome.status_code,
                f"{outcome.status_code} with a body that is not a list of post groups",
                outcome.headers,
            )
        return outcome

    def me(self) -> Outcome:
        """Fetch GET /me, the cheapest request that checks the key."""
        return self._request("GET", "/me")

    def _request(self, method: str, path: str, **options: Any) -> Outcome:
        try:
            response = self._http.request(method, path, **options)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as error:
            message = self._redact(f"could not connect: {_describe(error)}")
            logger.debug("%s %s: %s", method, path, message)
            return Outcome(OutcomeKind.NOT_SENT, None, message)
        except httpx.TransportError as error:
            # ReadTimeout, WriteTimeout, ReadError, WriteError, RemoteProtocolError and
            # the rest: the request may have reached the server.
            message = self._redact(f"no complete response: {_describe(error)}")
            logger.debug("%s %s: %s", method, path, message)
            return Outcome(OutcomeKind.AMBIGUOUS, None, message)
        logger.debug("%s %s: %s", method, path, response.status_code)
        return self._classify(response)

    def _classify(self, response: httpx.Response) -> Outcome:
        code = response.status_code
        summary = f"{code} {response.reason_phrase}".strip()
        api_message = self._api_message(response)
        message = f"{summary}: {api_message}" if api_message else summary
        if code in (401, 403):
            raise AuthenticationError(
                f"Ocoya rejected the API key ({message}). Check OCOYA_API_KEY or "
                "--api-key-file, and that the key may use this workspace.",
                status_code=code,
            )
        if 200 <= code < 300:
            try:
                data = response.json()
            except ValueError:
                data = None
            return Outcome(OutcomeKind.SUCCESS, code, summary, response.headers, data)
        if code == 429:
            kind = OutcomeKind.RATE_LIMITED
        elif code == 408 or code >= 500:
            kind = OutcomeKind.AMBIGUOUS
        elif 400 <= code < 500:
            kind = OutcomeKind.REJECTED
        else:
            # 1xx and 3xx are not part of the API: whether a post exists is unknown.
            kind = OutcomeKind.AMBIGUOUS
        return Outcome(kind, code, message, response.headers)

    def _api_message(self, response: httpx.Response) -> str | None:
        """Return the error message of a JSON body, or the start of a text body."""
        try:
            response.read()
            text = response.text
        except httpx.HTTPError:
            return None
        if not text.strip() or 200 <= response.status_code < 300:
            return None
        try:
            document = json.loads(text)
        except ValueError:
            document = None
        if isinstance(document, dict):
            for key in ("message", "error", "errors"):
                if document.get(key):
                    value = document[key]
                    text = value if isinstance(value, str) else json.dumps(value)
                    break
        return shorten(self._redact(" ".join(text.split())), _MAX_MESSAGE_CHARS)

    def _redact(self, text: str) -> str:
        return text.replace(self._secret, _REDACTED)


def _describe(error: httpx.TransportError) -> str:
    detail = str(error).strip()
    return f"{type(error).__name__}: {detail}" if detail else type(error).__name__
