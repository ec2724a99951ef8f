"""The dispatcher against a scripted Ocoya on httpx.MockTransport: one case per outcome."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from calendar_loader.dispatch.client import OcoyaClient
from calendar_loader.dispatch.dispatcher import Dispatcher
from calendar_loader.dispatch.events import (
    DispatchEvent,
    DispatchResult,
    RowOutcome,
    RowStatus,
    StopReason,
)
from calendar_loader.dispatch.limiter import RateLimiter
from calendar_loader.dispatch.retry import RetryPolicy
from calendar_loader.dispatch.settle import NOT_FOUND_MESSAGE
from calendar_loader.dispatch.stop import StopFlag
from calendar_loader.durations import RateLimit
from calendar_loader.ledger import CalendarRow, Ledger, RecordStatus

API = "https://ocoya.test/api/_public/v1"
WORKSPACE = "ws-1"
WALL_START = 1_900_000_000.0


def body(number: int) -> dict[str, Any]:
    return {
        "caption": f"Post {number}",
        "socialProfileIds": ["p-ig"],
        "scheduledAt": f"2030-02-{number:02d}T10:00:00Z",
    }


def rows(*numbers: int, source: str = "april.csv") -> list[CalendarRow]:
    """Calendar rows 2, 3, ... whose posts are body(n) for each n of `numbers`."""
    return [CalendarRow(source, None, index + 2, None, body(n)) for index, n in enumerate(numbers)]


class FakeClock:
    def __init__(self) -> None:
        self.monotonic = 0.0
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.monotonic

    def wall(self) -> float:
        return WALL_START + self.monotonic

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.monotonic += seconds


class FakeOcoya:
    """Ocoya on a MockTransport: stores posts, lists them newest first, follows a script.

    `script` contains one action per POST /post, in order; "created" after it runs out:
    created, stored-500 (stored, then 500), lost-500 (500, nothing stored),
    stored-timeout (stored, then ReadTimeout), 429, 429-reset-90, connect-error, 422, 401.
    """

    def __init__(self, clock: FakeClock, script: list[str] | None = None) -> None:
        self.clock = clock
        self.script = list(script or [])
        self.groups: list[dict[str, Any]] = []
        self.requests: list[str] = []
        self.seconds_per_request = 0.0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.clock.monotonic += self.seconds_per_request
        self.requests.append(f"{request.method} {request.url.path.rsplit('/', 1)[-1]}")
        if request.method == "GET":
            page = int(request.url.params["page"])
            per_page = int(request.url.params["perPage"])
            newest_first = list(reversed(self.groups))
            return httpx.Response(200, json=newest_first[page * per_page : (page + 1) * per_page])
        action = self.script.pop(0) if self.script else "created"
        if action == "connect-error":
            raise httpx.ConnectError("Connection refused", request=request)
        if action in ("429", "429-reset-90"):
            headers = {"X-RateLimit-Reset": "90"} if action == "429-reset-90" else {}
            return httpx.Response(429, json={"message": "limit"}, headers=headers)
        if action == "422":
            return httpx.Response(422, json={"message": "Unknown social profile p-ig"})
        if action == "401":
            return httpx.Response(401, json={"message": "Invalid API token."})
        if action == "lost-500":
            return httpx.Response(500, json={"message": "Unknown error"})
        group_id = self._store(json.loads(request.content))
        if action == "stored-500":
            return httpx.Response(500, json={"message": "Unknown error"})
        if action == "stored-timeout":
            raise httpx.ReadTimeout("timed out", request=request)
        return httpx.Response(201, json={"postGroupId": group_id})

    def _store(self, sent: dict[str, Any]) -> str:
        group_id = f"pg-{len(self.groups) + 1}"
        self.groups.append(
            {
                "id": group_id,
                "scheduledAt": sent.get("scheduledAt", "").replace("Z", ".000Z") or None,
                "posts": [{"caption": sent.get("caption"), "creatives": []}],
                "socialProfiles": [
                    {"socialProfile": {"id": profile}} for profile in sent["socialProfileIds"]
                ],
            }
        )
        return group_id

    @property
    def posts(self) -> int:
        return self.requests.count("POST post")


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    with Ledger(tmp_path / "ledger.sqlite") as opened:
        yield opened


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def dispatch(
    ledger: Ledger,
    ocoya: FakeOcoya,
    calendar: list[CalendarRow],
    *,
    events: list[DispatchEvent] | None = None,
    max_attempts: int = 8,
    **options: Any,
) -> DispatchResult:
    if events is not None:
        options["on_event"] = events.append
    clock = ocoya.clock
    limiter = RateLimiter(
        RateLimit(1000, 60.0),
        retry=RetryPolicy(base=1.0, cap=60.0, max_attempts=max_attempts, random=lambda: 0.5),
        clock=clock.now,
        wall_clock=clock.wall,
        sleep=clock.sleep,
    )
    with OcoyaClient("key", api_url=API, transport=httpx.MockTransport(ocoya)) as client:
        dispatcher = Dispatcher(
            client,
            ledger,
            limiter,
            WORKSPACE,
            **options,
        )
        return dispatcher.run(calendar)


def statuses(result: DispatchResult) -> list[tuple[int, str]]:
    return [(outcome.location.row, outcome.status.value) for outcome in result.outcomes]


def test_all_rows_sent_once(ledger: Ledger, clock: FakeClock) -> None:
    ocoya = FakeOcoya(clock)
    events: list[DispatchEvent] = []

    result = dispatch(ledger, ocoya, rows(1, 2, 3), events=events)

    assert result.stop_reason is StopReason.COMPLETE
    assert statuses(result) == [(2, "sent"), (3, "sent"), (4, "sent")]
    assert [outcome.post_group_id for outcome in result.outcomes] == ["pg-1", "pg-2", "pg-3"]
    assert ocoya.requests == ["POST post"] * 3
    assert result.requests == 3
    assert [event.name for event in events] == ["row-sent"] * 3 + ["run-finished"]
    assert events[0].message == "april.csv, row 2: sent, postGroupId pg-1."
    assert ledger.counts()["sent"] == 3


def test_rerun_sends_nothing(ledger: Ledger, clock: FakeClock) -> None:
    ocoya = FakeOcoya(clock)
    dispatch(ledger, ocoya, rows(1, 2))

    result = dispatch(ledger, ocoya, rows(1, 2))

    assert statuses(result) == [(2, "already-sent"), (3, "already-sent")]
    assert result.outcomes[0].post_group_id == "pg-1"
    assert ocoya.posts == 2


def test_rows_added_above_move_records(ledger: Ledger, clock: FakeClock) -> None:
    ocoya = FakeOcoya(clock)
    dispatch(ledger, ocoya, rows(1, 2))

    result = dispatch(ledger, ocoya, rows(9, 1, 2))

    assert statuses(result) == [(2, "sent"), (3, "already-sent"), (4, "already-sent")]
    assert ocoya.posts == 3
    assert [(record.row, record.post_group_id) for record in ledger.records()] == [
        (2, "pg-3"),
        (3, "pg-1"),
        (4, "pg-2"),
    ]


def test_duplicate_row_skipped(ledger: Ledger, clock: FakeClock) -> None:
    ocoya = FakeOcoya(clock)
    events: list[DispatchEvent] = []

    result = dispatch(ledger, ocoya, rows(1, 2, 1), events=events)

    assert statuses(result) == [(2, "sent"), (3, "sent"), (4, "duplicate")]
    assert result.outcomes[2].duplicate_of_row == 2
    assert ocoya.posts == 2
    assert events[0].message == "april.csv, row 4: skipped, the same post as row 2."


def test_429_retried_after_wait(ledger: Ledger, clock: FakeClock) -> None:
    ocoya = FakeOcoya(clock, ["429"])
    events: list[DispatchEvent] = []

    result = dispatch(ledger, ocoya, rows(1), events=events)

    assert statuses(result) == [(2, "sent")]
    assert result.outcomes[0].attempts == 2
    assert [event.name for event in events] == [
        "retry",
        "rate-limit-wait",
        "row-sent",
        "run-finished",
    ]
    assert events[0].message == (
        "april.csv, row 2: attempt 1 failed (429 Too Many Requests: limit); retrying in 0.5 s."
    )
    assert events[1].fields() == {"seconds": 0.5, "cause": "backoff after 429"}
    # Sleeps come in slices of at most 0.25 s, so that a stop request is noticed soon.
    assert clock.sleeps == [0.25, 0.25]


def test_connect_error_retried_with_backoff(ledger: Ledger, clock: FakeClock) -> None:
    ocoya = FakeOcoya(clock, ["connect-error", "connect-error"])

    result = dispatch(ledger, ocoya, rows(1))

    assert statuses(result) == [(2, "sent")]
    assert result.outcomes[0].attempts == 3
    assert sum(clock.sleeps) == 0.5 + 1.0


def test_attempts_exhausted_stops_run(ledger: Ledger, clock: FakeClock) -> None:
    ocoya = FakeOcoya(clock, ["connect-error"] * 3)

    result = dispatch(ledger, ocoya, rows(1, 2), max_attempts=3)

    assert result.stop_reason is StopReason.API_ERROR
    assert result.error == (
        "april.csv, row 2: no attempt of 3 succeeded; the last one got could not connect: "
        "ConnectError: Connection refused"
    )
    assert statuses(result) == [(2, "pending"), (3, "pending")]
    assert result.outcomes[0].attempts == 3
    assert ocoya.posts == 3


def test_rejected_row_failed_and_run_goes_on(ledger: Ledger, clock: FakeClock) -> None:
    ocoya = FakeOcoya(clock, ["422"])

    result = dispatch(ledger, ocoya, rows(1, 2))

    assert statuses(result) == [(2, "failed"), (3, "sent")]
    assert result.outcomes[0].message == ("422 Unprocessable Entity: Unknown social profile p-ig")
    assert result.outcomes[0].attempts == 1
    assert result.counts == {
        "sent": 1,
        "already-sent": 0,
        "duplicate": 0,
        "failed": 1,
        "unknown": 0,
        "pending": 0,
    }


def test_failed_row_sent_again_next_run(ledger: Ledger, clock: FakeClock) -> None:
    ocoya = FakeOcoya(clock, ["422"])
    dispatch(ledger, ocoya, rows(1))

    result = dispatch(ledger, ocoya, rows(1))

    assert statuses(result) == [(2, "sent")]
    assert result.outcomes[0].attempts == 2


def test_auth_failure_stops_at_once(ledger: Ledger, clock: FakeClock) -> None:
    ocoya = FakeOcoya(clock, ["created", "401"])

    result = dispatch(ledger, ocoya, rows(1, 2, 3))

    assert result.stop_reason is StopReason.AUTH
    assert result.error == (
        "Ocoya rejected the API key (401 Unauthorized: Invalid API token.). Check "
        "OCOYA_API_KEY or --api-key-file, and that the key may use this workspace."
    )
    assert statuses(result) == [(2, "sent"), (3, "pending"), (4, "pending")]
    assert ocoya.requests == ["POST post", "POST post"]


def test_stored_500_settled_not_resent(ledger: Ledger, clock: FakeClock) -> None:
    ocoya = FakeOcoya(clock, ["stored-500"])
    events: list[DispatchEvent] = []

    result = dispatch(ledger, ocoya, rows(1, 2), events=events)

    assert statuses(result) == [(2, "sent"), (3, "sent")]
    assert result.outcomes[0].post_group_id == "pg-1"
    assert ocoya.requests == ["POST post", "POST post", "GET post"]
    assert [event.name for event in events] == [
        "row-unknown",
        "row-sent",
        "settled",
        "row-sent",
        "run-finished",
    ]
    assert events[0].message == (
        "april.csv, row 2: the post may have been created (500 Internal Server Error: "
        "Unknown error); it will be looked up before any new request."
    )
    assert events[2].fields() == {"checked": 1, "found": 1, "notFound": 0, "pages": 1}
    assert events[3].message == (
        "april.csv, row 2: sent (found in Ocoya's post list), postGroupId pg-1."
    )


def test_stored_timeout_settled_not_resent(ledger: Ledger, clock: FakeClock) -> None:
    ocoya = FakeOcoya(clock, ["stored-timeout"])

    result = dispatch(ledger, ocoya, rows(1))

    assert statuses(result) == [(2, "sent")]
    assert ocoya.posts == 1
    assert len(ocoya.groups) == 1


def test_lost_500_resent_once(ledger: Ledger, clock: FakeClock) -> None:
    ocoya = FakeOcoya(clock, ["lost-500"])

    result = dispatch(ledger, ocoya, rows(1, 2))

    assert statuses(result) == [(2, "sent"), (3, "sent")]
    assert ocoya.requests == ["POST post", "POST post", "GET post", "POST post"]
    assert result.outcomes[0].post_group_id == "pg-2"
    assert result.outcomes[0].attempts == 2
    assert len(ocoya.groups) == 2


def test_resend_rounds_bounded(ledger: Ledger, clock: FakeClock) -> None:
    ocoya = FakeOcoya(clock, ["lost-500"] * 3)

    result = dispatch(ledger, ocoya, rows(1), resend_rounds=2)

    assert ocoya.requests == [
        "POST post",
        "GET post",
        "POST post",
        "GET post",
        "POST post",
        "GET post",
    ]
    assert statuses(result) == [(2, "pending")]
    assert result.outcomes[0].message == NOT_FOUND_MESSAGE
    assert result.outcomes[0].attempts == 3


def test_interrupted_before_first_request(ledger: Ledger, clock: FakeClock) -> None:
    ocoya = FakeOcoya(clock)
    dispatch(ledger, ocoya, rows(1))
    stop = StopFlag()
    stop.set("SIGINT")

    result = dispatch(ledger, ocoya, rows(1, 2), stop=stop)

    assert result.stop_reason is StopReason.INTERRUPTED
    assert statuses(result) == [(2, "already-sent"), (3, "pending")]
    assert ocoya.posts == 1


def test_unsettled_from_crash_settled_first(ledger: Ledger, clock: FakeClock) -> None:
    ocoya = FakeOcoya(clock)
    [first] = rows(1)
    record = ledger.upsert(first, api_url=API, workspace=WORKSPACE)
    ledger.mark_sending(record.id)  # the process died here, after Ocoya stored the post
    ocoya._store(first.body)

    result = dispatch(ledger, ocoya, rows(1, 2))

    assert statuses(result) == [(2, "already-sent"), (3, "sent")]
    assert ocoya.requests == ["GET post", "POST post"]
    assert ledger.get(record.id).post_group_id == "pg-1"


def test_stop_flag_finishes_request_in_flight(ledger: Ledger, clock: FakeClock) -> None:
    ocoya = FakeOcoya(clock)
    stop = StopFlag()

    def stop_after_first_post(event: DispatchEvent) -> None:
        if event.name == "row-sent":
            stop.set("SIGTERM")

    result = dispatch(ledger, ocoya, rows(1, 2, 3), stop=stop, on_event=stop_after_first_post)

    assert result.stop_reason is StopReason.INTERRUPTED
    assert statuses(result) == [(2, "sent"), (3, "pending"), (4, "pending")]
    assert ocoya.posts == 1


def test_deadline_stops_between_requests(ledger: Ledger, clock: FakeClock) -> None:
    ocoya = FakeOcoya(clock)
    ocoya.seconds_per_request = 10.0

    result = dispatch(ledger, ocoya, rows(1, 2, 3, 4), max_duration=25.0)

    assert result.stop_reason is StopReason.DEADLINE
    assert statuses(result) == [(2, "sent"), (3, "sent"), (4, "sent"), (5, "pending")]


def test_long_rate_limit_wait_stops(ledger: Ledger, clock: FakeClock) -> None:
    ocoya = FakeOcoya(clock, ["429-reset-90"])

    result = dispatch(ledger, ocoya, rows(1, 2), max_wait=60.0)

    assert result.stop_reason is StopReason.WAIT_TOO_LONG
    assert statuses(result) == [(2, "pending"), (3, "pending")]
    assert result.outcomes[0].message == "429 Too Many Requests: limit"
    assert clock.sleeps == []


def test_result_json(ledger: Ledger, clock: FakeClock) -> None:
    ocoya = FakeOcoya(clock)

    result = dispatch(ledger, ocoya, rows(1))

    assert result.to_json() == {
        "stopReason": "complete",
        "error": None,
        "requests": 1,
        "counts": {
            "sent": 1,
            "already-sent": 0,
            "duplicate": 0,
            "failed": 0,
            "unknown": 0,
            "pending": 0,
        },
        "rows": [
            {
                "source": "april.csv",
                "sheet": None,
                "row": 2,
                "variant": None,
                "status": "sent",
                "postGroupId": "pg-1",
                "message": None,
                "attempts": 1,
                "duplicateOfRow": None,
            }
        ],
    }
    assert result.outcomes[0] == RowOutcome(
        result.outcomes[0].location, RowStatus.SENT, "pg-1", None, 1, None
    )
    assert ledger.records()[0].status is RecordStatus.SENT
