"""The SQLite ledger: records, transitions, fingerprints, duplicates, moved rows, the file."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from calendar_loader.dispatch.fingerprint import post_fingerprint
from calendar_loader.errors import ConfigurationError
from calendar_loader.ledger import (
    SCHEMA_VERSION,
    CalendarRow,
    Ledger,
    LedgerTransitionError,
    RecordStatus,
    default_ledger_path,
)

API = "https://app.ocoya.com/api/_public/v1"
WORKSPACE = "ws-1"
NOW = datetime(2030, 1, 1, 9, 0, 0, 123456, tzinfo=UTC)
STAMP = "2030-01-01T09:00:00.123Z"
BODY_A: dict[str, Any] = {
    "caption": "Spring menu is here",
    "mediaUrls": ["https://cdn.example.com/a.png"],
    "socialProfileIds": ["p1"],
    "scheduledAt": "2030-02-01T10:00:00Z",
}
BODY_B: dict[str, Any] = {"caption": "Second post", "scheduledAt": "2030-02-02T10:00:00Z"}


def row(number: int, body: dict[str, Any], *, sheet: str | None = None) -> CalendarRow:
    return CalendarRow("april.csv", sheet, number, None, body)


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    with Ledger(tmp_path / "data" / "ledger.sqlite", clock=lambda: NOW) as opened:
        yield opened


def test_upsert_inserts_pending_record(ledger: Ledger) -> None:
    record = ledger.upsert(row(2, BODY_A), api_url=API, workspace=WORKSPACE)

    assert record.status is RecordStatus.PENDING
    assert (record.source, record.sheet, record.row, record.variant) == ("april.csv", None, 2, None)
    assert record.fingerprint == post_fingerprint(API, WORKSPACE, BODY_A)
    assert record.body == BODY_A
    assert record.api_url == API
    assert record.workspace == WORKSPACE
    assert record.attempts == 0
    assert record.post_group_id is None
    assert record.created_at == STAMP
    assert record.updated_at == STAMP
    assert record.sent_at is None


def test_transitions_record_each_step(ledger: Ledger) -> None:
    record = ledger.upsert(row(2, BODY_A), api_url=API, workspace=WORKSPACE)

    sending = ledger.mark_sending(record.id)
    assert sending.status is RecordStatus.SENDING
    assert sending.attempts == 1

    pending = ledger.mark_pending(record.id, "429 Too Many Requests")
    assert pending.status is RecordStatus.PENDING
    assert pending.last_error == "429 Too Many Requests"

    ledger.mark_sending(record.id)
    unknown = ledger.mark_unknown(record.id, "500 Internal Server Error: Unknown error")
    assert unknown.status is RecordStatus.UNKNOWN
    assert unknown.attempts == 2

    sent = ledger.mark_sent(record.id, "clg07n1us0002998kbzmp7zc7")
    assert sent.status is RecordStatus.SENT
    assert sent.post_group_id == "clg07n1us0002998kbzmp7zc7"
    assert sent.sent_at == STAMP
    assert sent.last_error is None


def test_failed_record_may_be_sent_again(ledger: Ledger) -> None:
    record = ledger.upsert(row(2, BODY_A), api_url=API, workspace=WORKSPACE)
    ledger.mark_sending(record.id)
    failed = ledger.mark_failed(record.id, "422 Unprocessable Entity: bad profile")
    assert failed.status is RecordStatus.FAILED
    assert failed.last_error == "422 Unprocessable Entity: bad profile"

    assert ledger.mark_sending(record.id).attempts == 2


@pytest.mark.parametrize(
    ("prepare", "transition", "message"),
    [
        pytest.param(
            ["sending", "sent"],
            "sending",
            "cannot become sending: status is sent",
            id="sent-never-sent-again",
        ),
        pytest.param(
            ["sending", "unknown"],
            "sending",
            "cannot become sending: status is unknown",
            id="unknown-must-settle-first",
        ),
        pytest.param([], "sent", "cannot become sent: status is pending", id="sent-needs-request"),
        pytest.param([], "unknown", "cannot become unknown: status is pending", id="unknown"),
    ],
)
def test_forbidden_transition_raises(
    ledger: Ledger, prepare: list[str], transition: str, message: str
) -> None:
    record = ledger.upsert(row(2, BODY_A), api_url=API, workspace=WORKSPACE)
    steps = {
        "sending": lambda: ledger.mark_sending(record.id),
        "sent": lambda: ledger.mark_sent(record.id, "pg-1"),
        "unknown": lambda: ledger.mark_unknown(record.id, "timeout"),
    }
    for step in prepare:
        steps[step]()

    with pytest.raises(LedgerTransitionError) as raised:
        steps[transition]()

    assert str(raised.value) == f"Ledger record {record.id} {message}."


def test_same_post_at_new_row_moves_record(ledger: Ledger) -> None:
    first = ledger.upsert(row(2, BODY_A), api_url=API, workspace=WORKSPACE)
    ledger.mark_sending(first.id)
    ledger.mark_sent(first.id, "pg-1")

    moved = ledger.upsert(row(5, BODY_A, sheet="April"), api_url=API, workspace=WORKSPACE)

    assert moved.id == first.id
    assert (moved.sheet, moved.row) == ("April", 5)
    assert moved.status is RecordStatus.SENT
    assert moved.post_group_id == "pg-1"
    assert len(ledger.records()) == 1


def test_fingerprint_ignores_key_order_and_url_spelling(ledger: Ledger) -> None:
    first = ledger.upsert(row(2, BODY_A), api_url=API, workspace=WORKSPACE)
    reordered = dict(reversed(list(BODY_A.items())))

    again = ledger.upsert(
        row(2, reordered), api_url="HTTPS://App.Ocoya.com:443/api/_public/v1/", workspace=WORKSPACE
    )

    assert again.id == first.id


def test_api_url_stored_normalised(ledger: Ledger) -> None:
    record = ledger.upsert(
        row(2, BODY_A), api_url="HTTPS://App.Ocoya.com/api/_public/v1/", workspace=WORKSPACE
    )
    ledger.mark_sending(record.id)

    assert record.api_url == API
    assert [item.id for item in ledger.unsettled(API + "/", WORKSPACE)] == [record.id]


def test_other_workspace_is_another_post(ledger: Ledger) -> None:
    first = ledger.upsert(row(2, BODY_A), api_url=API, workspace=WORKSPACE)
    other = ledger.upsert(row(2, BODY_A), api_url=API, workspace="ws-2")

    assert other.id != first.id
    assert other.fingerprint != first.fingerprint


def test_unique_index_allows_one_live_record(ledger: Ledger) -> None:
    ledger.upsert(row(2, BODY_A), api_url=API, workspace=WORKSPACE)
    connection = sqlite3.connect(ledger.path)

    with pytest.raises(sqlite3.IntegrityError) as raised:
        connection.execute(
            "INSERT INTO records (source, row, fingerprint, api_url, workspace, body, status, "
            "created_at, updated_at) VALUES ('b.csv', 3, ?, ?, ?, '{}', 'pending', '', '')",
            (post_fingerprint(API, WORKSPACE, BODY_A), API, WORKSPACE),
        )
    connection.close()

    assert str(raised.value) == "UNIQUE constraint failed: records.fingerprint"


def test_duplicate_row_recorded_as_skipped(ledger: Ledger) -> None:
    first = ledger.upsert(row(2, BODY_A), api_url=API, workspace=WORKSPACE)

    duplicate = ledger.record_duplicate(row(7, BODY_A), first=first, occurrence=1)

    assert duplicate.status is RecordStatus.SKIPPED
    assert duplicate.duplicate_of == first.id
    assert duplicate.duplicate_of_row == 2
    assert duplicate.row == 7
    assert duplicate.fingerprint == first.fingerprint
    assert ledger.find_by_fingerprint(first.fingerprint) == first


def test_moved_duplicate_updates_its_record(ledger: Ledger) -> None:
    first = ledger.upsert(row(2, BODY_A), api_url=API, workspace=WORKSPACE)
    first_repeat = ledger.record_duplicate(row(7, BODY_A), first=first, occurrence=1)
    second_repeat = ledger.record_duplicate(row(9, BODY_A), first=first, occurrence=2)

    moved_one = ledger.record_duplicate(row(8, BODY_A), first=first, occurrence=1)
    moved_two = ledger.record_duplicate(row(10, BODY_A), first=first, occurrence=2)

    assert (moved_one.id, moved_one.row) == (first_repeat.id, 8)
    assert (moved_two.id, moved_two.row) == (second_repeat.id, 10)
    assert len(ledger.records(RecordStatus.SKIPPED)) == 2


def test_sent_post_group_id_only_when_sent(ledger: Ledger) -> None:
    record = ledger.upsert(row(2, BODY_A), api_url=API, workspace=WORKSPACE)
    lookup = ledger.already_sent_lookup(API, WORKSPACE)
    assert ledger.sent_post_group_id(record.fingerprint) is None

    ledger.mark_sending(record.id)
    ledger.mark_sent(record.id, "pg-1")

    assert ledger.sent_post_group_id(record.fingerprint) == "pg-1"
    assert lookup(BODY_A) == "pg-1"
    assert lookup(BODY_B) is None
    assert ledger.already_sent_lookup(API, "ws-2")(BODY_A) is None


def test_unsettled_and_owned_ids_per_workspace(ledger: Ledger) -> None:
    a = ledger.upsert(row(2, BODY_A), api_url=API, workspace=WORKSPACE)
    b = ledger.upsert(row(3, BODY_B), api_url=API, workspace=WORKSPACE)
    elsewhere = ledger.upsert(row(2, BODY_A), api_url=API, workspace="ws-2")
    for record in (a, b, elsewhere):
        ledger.mark_sending(record.id)
    ledger.mark_unknown(b.id, "timeout")
    ledger.mark_sent(elsewhere.id, "pg-other")

    assert [record.id for record in ledger.unsettled(API, WORKSPACE)] == [a.id, b.id]
    assert ledger.owned_post_group_ids(API, WORKSPACE) == set()
    assert ledger.owned_post_group_ids(API, "ws-2") == {"pg-other"}


def test_records_listed_by_location(ledger: Ledger) -> None:
    ledger.upsert(row(9, BODY_B), api_url=API, workspace=WORKSPACE)
    first = ledger.upsert(row(2, BODY_A), api_url=API, workspace=WORKSPACE)
    ledger.record_duplicate(row(4, BODY_A), first=first, occurrence=1)

    listing = [record.to_json() for record in ledger.records()]

    assert listing == [
        {
            "source": "april.csv",
            "sheet": None,
            "row": 2,
            "variant": None,
            "status": "pending",
            "postGroupId": None,
            "duplicateOfRow": None,
            "lastError": None,
            "attempts": 0,
            "updatedAt": STAMP,
        },
        {
            "source": "april.csv",
            "sheet": None,
            "row": 4,
            "variant": None,
            "status": "skipped",
            "postGroupId": None,
            "duplicateOfRow": 2,
            "lastError": None,
            "attempts": 0,
            "updatedAt": STAMP,
        },
        {
            "source": "april.csv",
            "sheet": None,
            "row": 9,
            "variant": None,
            "status": "pending",
            "postGroupId": None,
            "duplicateOfRow": None,
            "lastError": None,
            "attempts": 0,
            "updatedAt": STAMP,
        },
    ]
    assert ledger.counts() == {
        "pending": 2,
        "sending": 0,
        "sent": 0,
        "unknown": 0,
        "failed": 0,
        "skipped": 1,
    }


def test_file_private_and_in_wal_mode(ledger: Ledger) -> None:
    ledger.upsert(row(2, BODY_A), api_url=API, workspace=WORKSPACE)
    wal = ledger.path.with_name("ledger.sqlite-wal")
    shm = ledger.path.with_name("ledger.sqlite-shm")

    assert stat.S_IMODE(ledger.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(wal.stat().st_mode) == 0o600
    assert stat.S_IMODE(shm.stat().st_mode) == 0o600
    connection = sqlite3.connect(ledger.path)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    connection.close()
    # synchronous is a setting of the connection, so only the ledger's own can show it.
    assert ledger._connection.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_file_private_despite_open_umask(tmp_path: Path) -> None:
    previous = os.umask(0o000)
    try:
        with Ledger(tmp_path / "ledger.sqlite") as opened:
            path = opened.path
    finally:
        os.umask(previous)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_crash_mid_send_leaves_sending(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    script = textwrap.dedent(
        f"""
        import os, signal
        from calendar_loader.ledger import CalendarRow, Ledger
        ledger = Ledger({str(path)!r})
        record = ledger.upsert(
            CalendarRow("april.csv", None, 2, None, {BODY_A!r}),
            api_url={API!r},
            workspace={WORKSPACE!r},
        )
        ledger.mark_sending(record.id)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    child = subprocess.run([sys.executable, "-c", script], check=False)
    assert child.returncode == -9

    with Ledger(path) as reopened:
        [record] = reopened.records()
        unsettled = reopened.unsettled(API, WORKSPACE)

    assert record.status is RecordStatus.SENDING
    assert record.attempts == 1
    assert [item.id for item in unsettled] == [record.id]


def test_open_missing_without_create_raises(tmp_path: Path) -> None:
    path = tmp_path / "none.sqlite"

    with pytest.raises(ConfigurationError) as raised:
        Ledger(path, create=False)

    assert str(raised.value) == (
        f"No ledger at {path}: nothing has been pushed with it yet. Check the --ledger path."
    )
    assert not path.exists()


def test_open_non_sqlite_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "calendar.csv"
    path.write_text("caption,date\n" * 200, encoding="utf-8")

    with pytest.raises(ConfigurationError) as raised:
        Ledger(path)

    assert str(raised.value) == (
        f"{path} is not a calendar-loader ledger (SQLite: file is not a database). "
        "Pass --ledger with another path, or move this file away."
    )


def test_open_foreign_sqlite_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.commit()
    connection.close()

    with pytest.raises(ConfigurationError) as raised:
        Ledger(path)

    assert str(raised.value) == (
        f"{path} is an SQLite file but not a calendar-loader ledger. "
        "Pass --ledger with another path."
    )


def test_open_newer_schema_raises(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    Ledger(path).close()
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()

    with pytest.raises(ConfigurationError) as raised:
        Ledger(path)

    assert str(raised.value) == (
        f"The ledger {path} was written by a newer calendar-loader (schema "
        f"{SCHEMA_VERSION + 1}; this version reads {SCHEMA_VERSION}). Upgrade calendar-loader."
    )


def test_reopen_keeps_records(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    with Ledger(path) as first:
        record = first.upsert(row(2, BODY_A), api_url=API, workspace=WORKSPACE)
        first.mark_sending(record.id)
        first.mark_sent(record.id, "pg-1")

    with Ledger(path) as second:
        assert second.sent_post_group_id(record.fingerprint) == "pg-1"


def test_default_path_follows_xdg_data_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_ledger_path() == tmp_path / "xdg" / "calendar-loader" / "ledger.sqlite"

    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    expected = tmp_path / "home" / ".local" / "share" / "calendar-loader" / "ledger.sqlite"
    assert default_ledger_path() == expected
