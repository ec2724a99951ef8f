"""The dispatcher against the local Ocoya stand-in: a real HTTP server on 127.0.0.1.

Windows are fractions of a second and faults are switched off after the first request,
so the whole file runs in a few seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import httpx
import pytest

from calendar_loader import ocoya
from calendar_loader.dispatch.client import OcoyaClient
from calendar_loader.dispatch.dispatcher import Dispatcher
from calendar_loader.dispatch.events import DispatchEvent, DispatchResult, StopReason
from calendar_loader.dispatch.limiter import RateLimiter
from calendar_loader.dispatch.retry import RetryPolicy
from calendar_loader.durations import RateLimit
from calendar_loader.ledger import CalendarRow, Ledger, RecordStatus
from calendar_loader.sandbox import DEMO_PROFILES, Faults, Sandbox, SandboxConfig

PROFILE_IDS = [profile["id"] for profile in DEMO_PROFILES]
RATE = 5
WINDOW = 0.2


def calendar(count: int) -> list[CalendarRow]:
    """Rows 2 to count + 1 of a calendar, each post unique, some drafts, some with media."""
    rows = []
    for index in range(count):
        body: dict[str, Any] = {"caption": f"Roast of the week #{index}"}
        if index % 3 == 0:
            body["mediaUrls"] = [f"https://cdn.example.com/roast-{index}.png"]
        if index % 4 != 3:
            body["socialProfileIds"] = PROFILE_IDS[: 1 + index % 4]
            body["scheduledAt"] = f"2031-03-{1 + index % 28:02d}T{8 + index % 10:02d}:30:00Z"
        rows.append(CalendarRow("calendar.csv", None, index + 2, None, body))
    return rows


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    with Ledger(tmp_path / "ledger.sqlite") as opened:
        yield opened


def make_sandbox(faults: Faults | None = None, reset_form: str = "delta-s") -> Sandbox:
    config = SandboxConfig(
        rate_limit=RATE, window=WINDOW, reset_form=reset_form, faults=faults or Faults()
    )
    return Sandbox(config)


def run(
    sandbox: Sandbox,
    ledger: Ledger,
    rows: list[CalendarRow],
    *,
    key: str = ocoya.DEMO_API_KEY,
    read_timeout: float = 5.0,
    on_event: Any = None,
) -> DispatchResult:
    limiter = RateLimiter(
        RateLimit(RATE, WINDOW), retry=RetryPolicy(base=0.05, cap=0.2, max_attempts=8)
    )
    with OcoyaClient(key, api_url=sandbox.url, read_timeout=read_timeout) as client:
        dispatcher = Dispatcher(client, ledger, limiter, ocoya.DEMO_WORKSPACE_ID, on_event=on_event)
        return dispatcher.run(rows)


def faults_off_after_first(sandbox: Sandbox) -> Any:
    """Return an event callback that switches the sandbox's faults off at the first event."""

    def on_event(event: DispatchEvent) -> None:
        sandbox.set_faults(Faults())

    return on_event


def request_counts(sandbox: Sandbox, endpoint: str = "POST /post") -> dict[str, int]:
    requests = cast(dict[str, dict[str, int]], sandbox.stats()["requests"])
    return requests.get(endpoint, {})


def statuses(result: DispatchResult) -> list[str]:
    return [outcome.status.value for outcome in result.outcomes]


def test_twenty_rows_sent_once_within_limit(ledger: Ledger) -> None:
    with make_sandbox() as sandbox:
        result = run(sandbox, ledger, calendar(20))
        posts = sandbox.posts(ocoya.DEMO_WORKSPACE_ID)
        counts = request_counts(sandbox)

    assert result.stop_reason is StopReason.COMPLETE
    assert statuses(result) == ["sent"] * 20
    assert counts == {"201": 20}  # not one 429: the limiter kept under the server's window
    assert len(posts) == 20
    listed_ids = {post["id"] for post in posts}
    assert {outcome.post_group_id for outcome in result.outcomes} == listed_ids
    assert [record.post_group_id for record in ledger.records()] == [
        outcome.post_group_id for outcome in result.outcomes
    ]


def test_rerun_sends_nothing(ledger: Ledger) -> None:
    rows = calendar(6)
    with make_sandbox() as sandbox:
        run(sandbox, ledger, rows)
        again = run(sandbox, ledger, rows)
        counts = request_counts(sandbox)

    assert statuses(again) == ["already-sent"] * 6
    assert again.requests == 0
    assert counts == {"201": 6}


@pytest.mark.parametrize("reset_form", ["epoch-s", "epoch-ms", "rotate"])
def test_reset_forms_obeyed(ledger: Ledger, reset_form: str) -> None:
    with make_sandbox(reset_form=reset_form) as sandbox:
        result = run(sandbox, ledger, calendar(RATE + 2))
        counts = request_counts(sandbox)

    assert statuses(result) == ["sent"] * (RATE + 2)
    assert counts == {"201": RATE + 2}


def test_stored_then_500_settled_not_resent(ledger: Ledger) -> None:
    with make_sandbox(Faults(fail_after_store=1.0)) as sandbox:
        result = run(sandbox, ledger, calendar(4), on_event=faults_off_after_first(sandbox))
        posts = sandbox.posts(ocoya.DEMO_WORKSPACE_ID)
        posts_sent = request_counts(sandbox)
        lists_read = request_counts(sandbox, "GET /post")

    assert statuses(result) == ["sent"] * 4
    assert posts_sent == {"500": 1, "201": 3}
    assert lists_read == {"200": 1}
    assert len(posts) == 4
    assert result.outcomes[0].post_group_id == posts[0]["id"]
    assert result.outcomes[0].attempts == 1


def test_503_before_store_resent_once(ledger: Ledger) -> None:
    with make_sandbox(Faults(fail_before_store=1.0)) as sandbox:
        result = run(sandbox, ledger, calendar(3), on_event=faults_off_after_first(sandbox))
        posts = sandbox.posts(ocoya.DEMO_WORKSPACE_ID)
        counts = request_counts(sandbox)

    assert statuses(result) == ["sent"] * 3
    assert counts == {"503": 1, "201": 3}
    assert len(posts) == 3
    assert result.outcomes[0].attempts == 2


@pytest.mark.parametrize(
    "faults",
    [
        pytest.param(Faults(drop_after_store=1.0), id="dropped-connection"),
        pytest.param(Faults(hang_after_store=1.0, hang_seconds=3.0), id="hang-past-read-timeout"),
    ],
)
def test_no_response_after_store_settled(ledger: Ledger, faults: Faults) -> None:
    with make_sandbox(faults) as sandbox:
        result = run(
            sandbox,
            ledger,
            calendar(3),
            read_timeout=0.3,
            on_event=faults_off_after_first(sandbox),
        )
        posts = sandbox.posts(ocoya.DEMO_WORKSPACE_ID)
        counts = request_counts(sandbox)

    assert statuses(result) == ["sent"] * 3
    assert counts == {"no response": 1, "201": 2}
    assert len(posts) == 3
    assert result.outcomes[0].post_group_id == posts[0]["id"]


def test_burst_of_429_retried(ledger: Ledger) -> None:
    with make_sandbox(Faults(burst_429=1.0, burst_length=2)) as sandbox:
        result = run(sandbox, ledger, calendar(3), on_event=faults_off_after_first(sandbox))
        counts = request_counts(sandbox)

    assert statuses(result) == ["sent"] * 3
    assert counts == {"429": 2, "201": 3}
    assert result.outcomes[0].attempts == 3


def test_wrong_key_stops_at_once(ledger: Ledger) -> None:
    with make_sandbox() as sandbox:
        result = run(sandbox, ledger, calendar(5), key="not-the-demo-key")
        counts = request_counts(sandbox)
        posts = sandbox.posts()

    assert result.stop_reason is StopReason.AUTH
    assert result.error == (
        "Ocoya rejected the API key (401 Unauthorized: Invalid API token.). Check "
        "OCOYA_API_KEY or --api-key-file, and that the key may use this workspace."
    )
    assert statuses(result) == ["pending"] * 5
    assert counts == {"401": 1}
    assert posts == []


def test_crash_mid_send_settled_on_next_run(ledger: Ledger) -> None:
    rows = calendar(3)
    with make_sandbox() as sandbox:
        # A run that died after Ocoya stored row 2's post, before it recorded the response.
        record = ledger.upsert(rows[0], api_url=sandbox.url, workspace=ocoya.DEMO_WORKSPACE_ID)
        ledger.mark_sending(record.id)
        response = httpx.post(
            f"{sandbox.url}/post",
            params={"workspaceId": ocoya.DEMO_WORKSPACE_ID},
            json=rows[0].body,
            headers={ocoya.API_KEY_HEADER: ocoya.DEMO_API_KEY},
        )
        assert response.status_code == 201

        result = run(sandbox, ledger, rows)
        counts = request_counts(sandbox)

    assert statuses(result) == ["already-sent", "sent", "sent"]
    assert result.outcomes[0].post_group_id == response.json()["postGroupId"]
    assert counts == {"201": 3}
    assert ledger.get(record.id).status is RecordStatus.SENT
