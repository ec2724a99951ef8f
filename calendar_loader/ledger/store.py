"""The ledger file: an SQLite database in WAL mode, one record per calendar row."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from calendar_loader.dispatch.fingerprint import normalise_api_url, post_fingerprint
from calendar_loader.errors import ConfigurationError
from calendar_loader.files import data_home
from calendar_loader.ledger.records import (
    SENDABLE,
    UNSETTLED,
    CalendarRow,
    LedgerRecord,
    LedgerTransitionError,
    RecordStatus,
    location_values,
    record_from_row,
)

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    sheet TEXT,
    row INTEGER NOT NULL,
    variant TEXT,
    fingerprint TEXT NOT NULL,
    api_url TEXT NOT NULL,
    workspace TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL
        CHECK (status IN ('pending', 'sending', 'sent', 'unknown', 'failed', 'skipped')),
    post_group_id TEXT,
    duplicate_of INTEGER REFERENCES records (id),
    last_error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at TEXT,
    CHECK (status <> 'sent' OR post_group_id IS NOT NULL),
    CHECK (duplicate_of IS NULL OR status = 'skipped')
);
-- One live post per fingerprint; duplicates point at the live record instead.
CREATE UNIQUE INDEX IF NOT EXISTS records_live_fingerprint ON records (fingerprint)
    WHERE duplicate_of IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS records_post_group_id ON records (post_group_id)
    WHERE post_group_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS records_duplicates ON records (fingerprint, duplicate_of);
CREATE INDEX IF NOT EXISTS records_status ON records (status);
"""

_SELECT = """
SELECT r.*, first.row AS duplicate_of_row
FROM records AS r LEFT JOIN records AS first ON first.id = r.duplicate_of
"""


def default_ledger_path() -> Path:
    """Return `$XDG_DATA_HOME/calendar-loader/ledger.sqlite` (default ~/.local/share)."""
    return data_home() / "ledger.sqlite"


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Ledger:
    """The ledger file, open for reading and writing. Use it as a context manager.

    The file is created with mode 0600, since it contains every caption sent, and SQLite
    gives its `-wal` and `-shm` files the same mode. Writes use WAL journaling with
    `synchronous=FULL`, so a committed status survives a crash or a power cut.

    Raises ConfigurationError when `path` is not a ledger, was written by a newer
    calendar-loader, or does not exist and `create` is False.
    """

    def __init__(
        self, path: Path, *, create: bool = True, clock: Callable[[], datetime] = _utc_now
    ) -> None:
        self.path = Path(path)
        self._clock = clock
        if not self.path.exists():
            if not create:
                raise ConfigurationError(
                    f"No ledger at {self.path}: nothing has been pushed with it yet. "
                    "Check the --ledger path."
                )
            _create_private_file(self.path)
        try:
            self._connection = sqlite3.connect(self.path, isolation_level=None, timeout=5.0)
        except sqlite3.Error as error:
            raise ConfigurationError(f"Cannot open the ledger {self.path}: {error}.") from None
        self._connection.row_factory = sqlite3.Row
        try:
            self._configure()
        except sqlite3.DatabaseError as error:
            self._connection.close()
            raise ConfigurationError(
                f"{self.path} is not a calendar-loader ledger (SQLite: {error}). "
                "Pass --ledger with another path, or move this file away."
            ) from None
        except BaseException:
            self._connection.close()
            raise

    def _configure(self) -> None:
        self._connection.execute("PRAGMA journal_mode = WAL")
        self._connection.execute("PRAGMA synchronous = FULL")
        self._connection.execute("PRAGMA foreign_keys = ON")
        version = self._connection.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise ConfigurationError(
                f"The ledger {self.path} was written by a newer calendar-loader (schema "
                f"{version}; this version reads {SCHEMA_VERSION}). Upgrade calendar-loader."
            )
        tables = self._connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables:
            raise ConfigurationError(
                f"{self.path} is an SQLite file but not a calendar-loader ledger. "
                "Pass --ledger with another path."
            )
        # executescript commits any open transaction first, so the script brings its own.
        # IF NOT EXISTS lets two processes that both found an empty file create it safely.
        self._connection.executescript(
            f"BEGIN IMMEDIATE;\n{_SCHEMA}\nPRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;"
        )

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        # BEGIN IMMEDIATE takes the write lock up front, where the busy timeout can wait
        # for it. A deferred transaction that reads first can fail with "database is
        # locked" when it later needs to write, whatever the timeout.
        self._connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._connection.execute("ROLLBACK")
            raise
        self._connection.execute("COMMIT")

    def _now(self) -> str:
        moment = self._clock().astimezone(UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"

    # Reading

    def get(self, record_id: int) -> LedgerRecord:
        row = self._connection.execute(f"{_SELECT} WHERE r.id = ?", (record_id,)).fetchone()
        if row is None:
            raise KeyError(record_id)
        return record_from_row(row)

    def find_by_fingerprint(self, fingerprint: str) -> LedgerRecord | None:
        """Return the live (non-duplicate) record of `fingerprint`, if there is one."""
        row = self._connection.execute(
            f"{_SELECT} WHERE r.fingerprint = ? AND r.duplicate_of IS NULL", (fingerprint,)
        ).fetchone()
        return None if row is None else record_from_row(row)

    def sent_post_group_id(self, fingerprint: str) -> str | None:
        """Return the postGroupId of `fingerprint` when the ledger records it as sent."""
        record = self.find_by_fingerprint(fingerprint)
        if record is None or record.status is not RecordStatus.SENT:
            return None
        return record.post_group_id

    def already_sent_lookup(
        self, api_url: str, workspace: str
    ) -> Callable[[dict[str, Any]], str | None]:
        """Return a function from a request body to its postGroupId, if already sent."""

        def lookup(body: dict[str, Any]) -> str | None:
            return self.sent_post_group_id(post_fingerprint(api_url, workspace, body))

        return lookup

    def unsettled(self, api_url: str, workspace: str) -> list[LedgerRecord]:
        """Return records left `sending` or `unknown` for this API and workspace, oldest first."""
        return self._select(
            "r.status IN ('sending', 'unknown') AND r.api_url = ? AND r.workspace = ?",
            (normalise_api_url(api_url), workspace),
            order="r.id",
        )

    def owned_post_group_ids(self, api_url: str, workspace: str) -> set[str]:
        """Return the postGroupIds the ledger holds for this API and workspace."""
        rows = self._connection.execute(
            "SELECT post_group_id FROM records WHERE post_group_id IS NOT NULL "
            "AND api_url = ? AND workspace = ?",
            (normalise_api_url(api_url), workspace),
        )
        return {row[0] for row in rows}

    def records(self, status: RecordStatus | None = None) -> list[LedgerRecord]:
        """Return every record, or those with `status`, by file, sheet, row and variant."""
        where, parameters = ("r.status = ?", (status.value,)) if status else ("1", ())
        return self._select(where, parameters, order="r.source, r.sheet, r.row, r.variant, r.id")

    def counts(self) -> dict[str, int]:
        """Return how many records have each status, every status included."""
        counts = {status.value: 0 for status in RecordStatus}
        for row in self._connection.execute("SELECT status, count(*) FROM records GROUP BY 1"):
            counts[row[0]] = row[1]
        return counts

    def _select(self, where: str, parameters: tuple[Any, ...], *, order: str) -> list[LedgerRecord]:
        rows = self._connection.execute(f"{_SELECT} WHERE {where} ORDER BY {order}", parameters)
        return [record_from_row(row) for row in rows]

    # Recording the calendar's rows

    def upsert(self, row: CalendarRow, *, api_url: str, workspace: str) -> LedgerRecord:
        """Return the live record of `row`'s post, inserting it as `pending` if new.

        When the post is already recorded at another location (rows were added above it,
        or it moved to another sheet), the record moves to `row`'s location and keeps its
        status, so a sent post stays sent.
        """
        fingerprint = post_fingerprint(api_url, workspace, row.body)
        now = self._now()
        with self._transaction():
            existing = self.find_by_fingerprint(fingerprint)
            if existing is None:
                cursor = self._connection.execute(
                    "INSERT INTO records (source, sheet, row, variant, fingerprint, api_url, "
                    "workspace, body, status, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
                    (
                        *location_values(row),
                        fingerprint,
                        normalise_api_url(api_url),
                        workspace,
                        json.dumps(row.body, ensure_ascii=False),
                        now,
                        now,
                    ),
                )
                record_id = _last_id(cursor)
            else:
                record_id = existing.id
                self._move(existing, row, now)
        return self.get(record_id)

    def record_duplicate(
        self, row: CalendarRow, *, first: LedgerRecord, occurrence: int
    ) -> LedgerRecord:
        """Record `row` as `skipped`, the `occurrence`-th repeat (from 1) of `first`'s post.

        Repeats are matched to earlier runs' duplicate records by their order, so a
        repeat that moved down the calendar updates its record instead of adding one.
        """
        now = self._now()
        with self._transaction():
            known = self._select(
                "r.fingerprint = ? AND r.duplicate_of IS NOT NULL",
                (first.fingerprint,),
                order="r.id",
            )
            if occurrence <= len(known):
                record_id = known[occurrence - 1].id
                self._move(known[occurrence - 1], row, now)
            else:
                cursor = self._connection.execute(
                    "INSERT INTO records (source, sheet, row, variant, fingerprint, api_url, "
                    "workspace, body, status, duplicate_of, created_at, updated_at) "
                    "SELECT ?, ?, ?, ?, fingerprint, api_url, workspace, body, 'skipped', id, "
                    "?, ? FROM records WHERE id = ?",
                    (*location_values(row), now, now, first.id),
                )
                record_id = _last_id(cursor)
        return self.get(record_id)

    def _move(self, record: LedgerRecord, row: CalendarRow, now: str) -> None:
        if (record.source, record.sheet, record.row, record.variant) == location_values(row):
            return
        self._connection.execute(
            "UPDATE records SET source = ?, sheet = ?, row = ?, variant = ?, updated_at = ? "
            "WHERE id = ?",
            (*location_values(row), now, record.id),
        )

    # Status transitions. Each is one committed transaction, and each raises
    # LedgerTransitionError unless the record is in one of the statuses it starts from.

    def mark_sending(self, record_id: int) -> LedgerRecord:
        """Record that a request for this record is about to leave: attempts + 1."""
        return self._transition(
            record_id, SENDABLE, RecordStatus.SENDING, "attempts = attempts + 1", ()
        )

    def mark_sent(self, record_id: int, post_group_id: str) -> LedgerRecord:
        """Record the post Ocoya created, from a 201 or from settling."""
        return self._transition(
            record_id,
            UNSETTLED,
            RecordStatus.SENT,
            "post_group_id = ?, sent_at = ?, last_error = NULL",
            (post_group_id, self._now()),
        )

    def mark_unknown(self, record_id: int, error: str) -> LedgerRecord:
        """Record that the request may have created a post; settle before sending again."""
        return self._transition(
            record_id, (RecordStatus.SENDING,), RecordStatus.UNKNOWN, "last_error = ?", (error,)
        )

    def mark_failed(self, record_id: int, error: str) -> LedgerRecord:
        """Record that Ocoya rejected the body, with its message."""
        return self._transition(
            record_id, (RecordStatus.SENDING,), RecordStatus.FAILED, "last_error = ?", (error,)
        )

    def mark_pending(self, record_id: int, error: str | None) -> LedgerRecord:
        """Record that no post was created, so the row may be sent again."""
        return self._transition(
            record_id, UNSETTLED, RecordStatus.PENDING, "last_error = ?", (error,)
        )

    def _transition(
        self,
        record_id: int,
        allowed: tuple[RecordStatus, ...],
        status: RecordStatus,
        assignments: str,
        parameters: tuple[Any, ...],
    ) -> LedgerRecord:
        placeholders = ", ".join("?" for _ in allowed)
        with self._transaction():
            cursor = self._connection.execute(
                f"UPDATE records SET status = ?, updated_at = ?, {assignments} "
                f"WHERE id = ? AND status IN ({placeholders})",
                (status.value, self._now(), *parameters, record_id, *allowed),
            )
            if cursor.rowcount != 1:
                current = self._connection.execute(
                    "SELECT status FROM records WHERE id = ?", (record_id,)
                ).fetchone()
                found = "no such record" if current is None else f"status is {current[0]}"
                raise LedgerTransitionError(
                    f"Ledger record {record_id} cannot become {status.value}: {found}."
                )
        return self.get(record_id)


def _create_private_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        # The umask can only take bits away, but fchmod makes the mode exact either way.
        os.fchmod(descriptor, 0o600)
    finally:
        os.close(descriptor)


def _last_id(cursor: sqlite3.Cursor) -> int:
    if cursor.lastrowid is None:
        raise LedgerTransitionError("SQLite returned no id for the inserted record.")
    return cursor.lastrowid
