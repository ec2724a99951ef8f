"""Settling: matching unconfirmed records to listed post groups in one paged pass."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from calendar_loader.dispatch.client import OcoyaClient
from calendar_loader.dispatch.limiter import RateLimiter
from calendar_loader.dispatch.retry import RetryPolicy
from calendar_loader.dispatch.settle import NOT_FOUND_MESSAGE, Settlement, settle_unconfirmed
from calendar_loader.durations import RateLimit
from calendar_loader.errors import ApiError, AuthenticationError, TransportError
from calendar_loader.ledger import CalendarRow, Ledger, RecordStatus

API = "https://ocoya.test/api/_public/v1"
WORKSPACE = "ws-1"
SCHEDULED = {
    "caption": "Cold brew season",
    "mediaUrls": ["https://cdn.example/a.png", "https://cdn.example/b.png"],
    "socialProfileIds": ["p-ig", "p-fb"],
    "scheduledAt": "2030-02-01T10:00:00Z",
}
DRAFT = {"caption": "Draft idea"}


class FakeClock:
    def __init__(self) -> None:
        self.monotonic = 0.0
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.monotonic

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.monotonic += seconds


def listed(group_id: str, body: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """Return a post group as GET /post lists the post of `body`, one post per profile."""
    profiles = body.get("socialProfileIds") or []
    scheduled = body.get("scheduledAt")
    group = {
        "id": group_id,
        "postType": "POST",
        "status": "SCHEDULED" if scheduled and profiles else "DRAFT",
        "scheduledAt": scheduled.replace("Z", ".000Z") if scheduled else None,
        "posts": [
            {
                "provider": profile,
                "caption": body.get("caption"),
                "creatives": [{"url": url} for url in body.get("mediaUrls", [])],
            }
            for profile in profiles or [None]
        ],
        "socialProfiles": [{"socialProfile": {"id": profile}} for profile in profiles],
    }
    group.update(changes)
    return group


class PostList:
    """A MockTransport handler for GET /post that serves `groups` in pages."""

    def __init__(
        self, groups: list[dict[str, Any]], failures: list[httpx.Response] | None = None
    ) -> None:
        self.groups = groups
        self.failures = list(failures or [])
        self.pages: list[int] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert request.method == "GET"
        assert request.url.path == "/api/_public/v1/post"
        assert request.url.params["workspaceId"] == WORKSPACE
        if self.failures:
            return self.failures.pop(0)
        page = int(request.url.params["page"])
        per_page = int(request.url.params["perPage"])
        self.pages.append(page)
        return httpx.Response(200, json=self.groups[page * per_page : (page + 1) * per_page])


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    with Ledger(tmp_path / "ledger.sqlite") as opened:
        yield opened


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def unconfirmed(ledger: Ledger, number: int, body: dict[str, Any], *, sending: bool = False) -> int:
    record = ledger.upsert(
        CalendarRow("april.csv", None, number, None, body), api_url=API, workspace=WORKSPACE
    )
    ledger.mark_sending(record.id)
    if not sending:
        ledger.mark_unknown(record.id, "500 Internal Server Error: Unknown error")
    return record.id


def settle(
    ledger: Ledger,
    clock: FakeClock,
    handler: Callable[[httpx.Request], httpx.Response],
    per_page: int = 50,
) -> Settlement:
    limiter = RateLimiter(
        RateLimit(100, 1.0),
        retry=RetryPolicy(base=1.0, cap=60.0, max_attempts=3, random=lambda: 0.5),
        clock=clock.now,
        wall_clock=lambda: 1_900_000_000.0 + clock.now(),
        sleep=clock.sleep,
    )
    client = OcoyaClient("key", api_url=API, transport=httpx.MockTransport(handler))
    with client:
        return settle_unconfirmed(ledger, client, limiter, workspace=WORKSPACE, per_page=per_page)


def test_listed_post_matched_and_recorded(ledger: Ledger, clock: FakeClock) -> None:
    record_id = unconfirmed(ledger, 2, SCHEDULED)
    posts = PostList([listed("pg-other", DRAFT), listed("pg-found", SCHEDULED)])

    settlement = settle(ledger, clock, posts)

    assert settlement.found == {record_id: "pg-found"}
    assert settlement.not_found == []
    record = ledger.get(record_id)
    assert record.status is RecordStatus.SENT
    assert record.post_group_id == "pg-found"


def test_unlisted_post_becomes_pending(ledger: Ledger, clock: FakeClock) -> None:
    record_id = unconfirmed(ledger, 2, SCHEDULED, sending=True)

    settlement = settle(ledger, clock, PostList([listed("pg-1", DRAFT)]))

    assert settlement.not_found == [record_id]
    record = ledger.get(record_id)
    assert record.status is RecordStatus.PENDING
    assert record.last_error == NOT_FOUND_MESSAGE


@pytest.mark.parametrize(
    ("changes", "matches"),
    [
        pytest.param({}, True, id="same"),
        pytest.param({"scheduledAt": "2030-02-01T11:00:00.000+01:00"}, True, id="same-instant"),
        pytest.param({"scheduledAt": "2030-02-01T10:01:00.000Z"}, False, id="other-time"),
        pytest.param({"scheduledAt": None}, False, id="draft-vs-scheduled"),
        pytest.param({"scheduledAt": "next week"}, False, id="unreadable-time"),
        pytest.param(
            {"socialProfiles": [{"socialProfile": {"id": "p-ig"}}]}, False, id="fewer-profiles"
        ),
        pytest.param(
            {
                "socialProfiles": [
                    {"socialProfile": {"id": "p-fb"}},
                    {"socialProfile": {"id": "p-ig"}},
                ]
            },
            True,
            id="profiles-in-other-order",
        ),
        pytest.param(
            {"posts": [{"caption": "Cold brew season", "creatives": [{"url": "x"}]}]},
            False,
            id="fewer-media",
        ),
        pytest.param(
            {"posts": [{"caption": "Other", "creatives": [{}, {}]}]}, False, id="other-caption"
        ),
        pytest.param(
            {
                "posts": [
                    {"caption": "Shortened for X", "creatives": [{}, {}]},
                    {"caption": "  Cold brew season\r\n", "creatives": [{}, {}]},
                ]
            },
            True,
            id="caption-of-any-post-after-trimming",
        ),
    ],
)
def test_match_rules(
    ledger: Ledger, clock: FakeClock, changes: dict[str, Any], matches: bool
) -> None:
    record_id = unconfirmed(ledger, 2, SCHEDULED)

    settlement = settle(ledger, clock, PostList([listed("pg-1", SCHEDULED, **changes)]))

    assert settlement.found == ({record_id: "pg-1"} if matches else {})


def test_draft_without_profiles_matches(ledger: Ledger, clock: FakeClock) -> None:
    record_id = unconfirmed(ledger, 2, DRAFT)

    settlement = settle(ledger, clock, PostList([listed("pg-1", SCHEDULED), listed("pg-2", DRAFT)]))

    assert settlement.found == {record_id: "pg-2"}


def test_media_only_post_matches_empty_caption(ledger: Ledger, clock: FakeClock) -> None:
    body = {"mediaUrls": ["https://cdn.example/a.png"]}
    record_id = unconfirmed(ledger, 2, body)
    group = listed("pg-1", body)
    group["posts"][0]["caption"] = ""

    settlement = settle(ledger, clock, PostList([group]))

    assert settlement.found == {record_id: "pg-1"}


def test_owned_post_never_matched(ledger: Ledger, clock: FakeClock) -> None:
    sent = ledger.upsert(
        CalendarRow("march.csv", None, 2, None, {**SCHEDULED, "caption": "old"}),
        api_url=API,
        workspace=WORKSPACE,
    )
    ledger.mark_sending(sent.id)
    ledger.mark_sent(sent.id, "pg-owned")
    record_id = unconfirmed(ledger, 2, SCHEDULED)

    settlement = settle(ledger, clock, PostList([listed("pg-owned", SCHEDULED)]))

    assert settlement.found == {}
    assert settlement.not_found == [record_id]


def test_listed_post_matches_one_record(ledger: Ledger, clock: FakeClock) -> None:
    twin = {**SCHEDULED, "mediaUrls": ["https://cdn.example/c.png", "https://cdn.example/d.png"]}
    first = unconfirmed(ledger, 2, SCHEDULED)
    second = unconfirmed(ledger, 3, twin)

    settlement = settle(ledger, clock, PostList([listed("pg-1", SCHEDULED)]))

    assert settlement.found == {first: "pg-1"}
    assert settlement.not_found == [second]


def test_one_pass_settles_all_and_stops_early(ledger: Ledger, clock: FakeClock) -> None:
    a = unconfirmed(ledger, 2, SCHEDULED)
    b = unconfirmed(ledger, 3, DRAFT)
    groups = [listed(f"pg-filler-{n}", {"caption": f"filler {n}"}) for n in range(3)]
    groups += [listed("pg-b", DRAFT), listed("pg-filler-x", {"caption": "x"})]
    groups += [listed("pg-a", SCHEDULED)] + [
        listed(f"pg-late-{n}", {"caption": f"late {n}"}) for n in range(6)
    ]
    posts = PostList(groups)

    settlement = settle(ledger, clock, posts, per_page=2)

    assert settlement.found == {b: "pg-b", a: "pg-a"}
    assert posts.pages == [0, 1, 2]
    assert settlement.pages == 3


def test_whole_list_read_when_not_found(ledger: Ledger, clock: FakeClock) -> None:
    unconfirmed(ledger, 2, SCHEDULED)
    posts = PostList([listed(f"pg-{n}", {"caption": f"n{n}"}) for n in range(5)])

    settlement = settle(ledger, clock, posts, per_page=2)

    assert posts.pages == [0, 1, 2]
    assert settlement.pages == 3


def test_server_ignoring_page_does_not_loop(ledger: Ledger, clock: FakeClock) -> None:
    unconfirmed(ledger, 2, SCHEDULED)
    groups = [listed("pg-1", DRAFT), listed("pg-2", {"caption": "two"})]

    def same_page(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=groups)

    settlement = settle(ledger, clock, same_page, per_page=2)

    assert settlement.pages == 2
    assert settlement.found == {}


def test_nothing_unsettled_sends_no_request(ledger: Ledger, clock: FakeClock) -> None:
    posts = PostList([listed("pg-1", SCHEDULED)])

    settlement = settle(ledger, clock, posts)

    assert posts.pages == []
    assert settlement.checked == 0


def test_failed_pages_retried(ledger: Ledger, clock: FakeClock) -> None:
    record_id = unconfirmed(ledger, 2, SCHEDULED)
    failures = [
        httpx.Response(429, json={"message": "slow down"}, headers={"X-RateLimit-Reset": "7"}),
        httpx.Response(503),
    ]
    posts = PostList([listed("pg-1", SCHEDULED)], failures)

    settlement = settle(ledger, clock, posts)

    assert settlement.found == {record_id: "pg-1"}
    assert clock.sleeps == [7.0, 1.0]  # the reset, then backoff 0.5 * 2 ** 1 for retry 2


def test_page_failing_every_attempt_raises(ledger: Ledger, clock: FakeClock) -> None:
    record_id = unconfirmed(ledger, 2, SCHEDULED)
    posts = PostList([], [httpx.Response(500, json={"message": "Unknown error"})] * 3)

    with pytest.raises(TransportError) as raised:
        settle(ledger, clock, posts)

    assert str(raised.value) == (
        "Could not read page 0 of Ocoya's post list in 3 attempts: 500 Internal Server "
        "Error: Unknown error. Unconfirmed rows stay unconfirmed and are not sent again."
    )
    assert ledger.get(record_id).status is RecordStatus.UNKNOWN


def test_rejected_list_request_raises(ledger: Ledger, clock: FakeClock) -> None:
    unconfirmed(ledger, 2, SCHEDULED)
    posts = PostList([], [httpx.Response(422, json={"message": "perPage too big"})])

    with pytest.raises(ApiError) as raised:
        settle(ledger, clock, posts)

    assert str(raised.value) == (
        "Ocoya rejected the post list request: 422 Unprocessable Entity: perPage too big"
    )


def test_auth_failure_while_settling_raises(ledger: Ledger, clock: FakeClock) -> None:
    unconfirmed(ledger, 2, SCHEDULED)
    posts = PostList([], [httpx.Response(401, json={"message": "Invalid API token."})])

    with pytest.raises(AuthenticationError):
        settle(ledger, clock, posts)
