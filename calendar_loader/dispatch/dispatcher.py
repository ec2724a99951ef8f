"""The send loop: each calendar row's post is created in Ocoya at most once.

For each run:
1. Record every row in the ledger. A row whose post appears earlier in the calendar is
   `skipped` as a duplicate; a post recorded at another row number moves to this one.
2. Settle records that earlier runs left `sending` or `unknown` (see `settle`).
3. Send each sendable row in calendar order, one request at a time: the rate limit
   makes concurrency pointless, and one request in flight keeps a crash's damage to
   one record, which stays `sending`. Rows already sent are not sent again.
4. Settle the rows whose outcome was ambiguous and send again those not found, up to
   `resend_rounds` times, then settle once more. A row still not found is `pending`.

Between requests the run stops for a stop flag (SIGINT, SIGTERM), a deadline
(`max_duration`) or a rate-limit wait longer than `max_wait`; a 401 or 403 stops it
before any further request. Rows not reached stay `pending` for the next run.

"At most once" rests on the ledger and on settling, whose assumptions about Ocoya's post
list are noted in `settle`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from calendar_loader.dispatch.client import OcoyaClient, Outcome, OutcomeKind
from calendar_loader.dispatch.events import (
    DispatchEvent,
    DispatchResult,
    RateLimitWait,
    RetryScheduled,
    RowFailed,
    RowOutcome,
    RowSent,
    RowSkipped,
    RowStatus,
    RowUnknown,
    RunFinished,
    SettlementDone,
    StopReason,
)
from calendar_loader.dispatch.fingerprint import post_fingerprint
from calendar_loader.dispatch.limiter import RateLimiter, Wait, WaitRules, WaitStopped
from calendar_loader.dispatch.settle import Settlement, settle_unconfirmed
from calendar_loader.dispatch.stop import StopFlag
from calendar_loader.errors import ApiError, AuthenticationError
from calendar_loader.ledger import CalendarRow, Ledger, LedgerRecord, RecordStatus
from calendar_loader.ledger.records import SENDABLE

_STATUS_OF_RECORD = {
    RecordStatus.SENT: RowStatus.SENT,
    RecordStatus.FAILED: RowStatus.FAILED,
    RecordStatus.UNKNOWN: RowStatus.UNKNOWN,
    RecordStatus.SENDING: RowStatus.UNKNOWN,
    RecordStatus.PENDING: RowStatus.PENDING,
    RecordStatus.SKIPPED: RowStatus.DUPLICATE,
}


class _Stopped(Exception):
    def __init__(self, reason: StopReason, error: str | None = None) -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.error = error


@dataclass
class _Entry:
    """One row of this run and its ledger record."""

    row: CalendarRow
    record_id: int
    duplicate_of_row: int | None = None
    already_sent: bool = False


class Dispatcher:
    """Send calendar rows through `client`, paced by `limiter`, recorded in `ledger`.

    `max_duration` and `max_wait` are in seconds (None: no limit). Retries follow
    `limiter.retry`: 429s and connection errors that sent nothing are retried up to its
    `max_attempts` per row. `on_event` receives every DispatchEvent as it happens.
    """

    def __init__(
        self,
        client: OcoyaClient,
        ledger: Ledger,
        limiter: RateLimiter,
        workspace: str,
        *,
        max_duration: float | None = None,
        max_wait: float | None = None,
        resend_rounds: int = 2,
        stop: StopFlag | None = None,
        on_event: Callable[[DispatchEvent], None] | None = None,
    ) -> None:
        self.client = client
        self.ledger = ledger
        self.limiter = limiter
        self.workspace = workspace
        self.max_duration = max_duration
        self.max_wait = max_wait
        self.resend_rounds = resend_rounds
        self.stop = stop if stop is not None else StopFlag()
        self._on_event = on_event
        self._result = DispatchResult()
        self._rules = WaitRules()

    def run(self, rows: Iterable[CalendarRow]) -> DispatchResult:
        """Send `rows` (in calendar order) and return what happened to each.

        API failures (AUTH, API_ERROR) and the other stop reasons are reported in the
        result, not raised. A LedgerTransitionError means a bug.
        """
        self._result = DispatchResult()
        deadline = None
        if self.max_duration is not None:
            deadline = self.limiter.now() + self.max_duration
        self._rules = WaitRules(
            max_wait=self.max_wait,
            deadline=deadline,
            should_stop=self.stop.is_set,
            on_wait=self._report_wait,
        )
        entries = self._register(rows)
        try:
            self._settle()
            to_send = self._classify(entries)
            self._send_each(to_send)
            self._settle_and_resend(to_send)
        except _Stopped as stopped:
            self._result.stop_reason = stopped.reason
            self._result.error = stopped.error
        self._result.outcomes = [self._outcome(entry) for entry in entries]
        self._emit(RunFinished(self._result))
        return self._result

    def _register(self, rows: Iterable[CalendarRow]) -> list[_Entry]:
        entries: list[_Entry] = []
        first_records: dict[str, LedgerRecord] = {}
        repeats: Counter[str] = Counter()
        for row in rows:
            fingerprint = post_fingerprint(self.client.ledger_url, self.workspace, row.body)
            first = first_records.get(fingerprint)
            if first is None:
                record = self.ledger.upsert(
                    row, api_url=self.client.ledger_url, workspace=self.workspace
                )
                first_records[fingerprint] = record
                already_sent = record.status is RecordStatus.SENT
                entries.append(_Entry(row, record.id, already_sent=already_sent))
            else:
                repeats[fingerprint] += 1
                duplicate = self.ledger.record_duplicate(
                    row, first=first, occurrence=repeats[fingerprint]
                )
                entries.append(_Entry(row, duplicate.id, duplicate_of_row=first.row))
        return entries

    def _classify(self, entries: list[_Entry]) -> list[_Entry]:
        """Return the entries to send, and report the others as skipped."""
        to_send: list[_Entry] = []
        for entry in entries:
            record = self.ledger.get(entry.record_id)
            if record.status in SENDABLE:
                to_send.append(entry)
                continue
            if record.status is RecordStatus.SENT:
                entry.already_sent = True
                status = RowStatus.ALREADY_SENT
            else:
                status = _STATUS_OF_RECORD[record.status]
            self._emit(
                RowSkipped(entry.row.location, status, record.post_group_id, entry.duplicate_of_row)
            )
        return to_send

    def _send_each(self, entries: list[_Entry]) -> None:
        for entry in entries:
            self._check_between_requests()
            self._send(entry)

    def _send(self, entry: _Entry) -> None:
        """Send one row until it is created, rejected, ambiguous, or out of attempts."""
        policy = self.limiter.retry
        location = entry.row.location
        attempt = 0
        while True:
            attempt += 1
            self._acquire()
            record = self.ledger.mark_sending(entry.record_id)
            self._result.requests += 1
            try:
                outcome = self.client.create_post(self.workspace, entry.row.body)
            except AuthenticationError as error:
                self.limiter.record(error.status_code, None)
                self.ledger.mark_pending(record.id, str(error))
                raise _Stopped(StopReason.AUTH, str(error)) from None
            self.limiter.record(outcome.status_code, outcome.headers)
            if self._record_final(entry, outcome, record.attempts):
                return
            self.ledger.mark_pending(record.id, outcome.message)
            if attempt >= policy.max_attempts:
                raise _Stopped(
                    StopReason.API_ERROR,
                    f"{location}: no attempt of {attempt} succeeded; the last one got "
                    f"{outcome.message}",
                )
            if outcome.kind is OutcomeKind.NOT_SENT:
                self.limiter.back_off(policy.delay(attempt))
            upcoming = self.limiter.next_wait()
            self._emit(
                RetryScheduled(
                    location, attempt, outcome.message, upcoming.seconds if upcoming else 0.0
                )
            )
            self._check_between_requests()

    def _record_final(self, entry: _Entry, outcome: Outcome, attempts: int) -> bool:
        """Record an outcome that ends this row's attempts; return False to retry."""
        location = entry.row.location
        if outcome.kind is OutcomeKind.SUCCESS and outcome.post_group_id is not None:
            self.ledger.mark_sent(entry.record_id, outcome.post_group_id)
            self._emit(RowSent(location, outcome.post_group_id, attempts))
            return True
        if outcome.kind is OutcomeKind.REJECTED:
            self.ledger.mark_failed(entry.record_id, outcome.message)
            self._emit(RowFailed(location, outcome.status_code, outcome.message))
            return True
        if outcome.kind is OutcomeKind.AMBIGUOUS:
            self.ledger.mark_unknown(entry.record_id, outcome.message)
            self._emit(RowUnknown(location, outcome.message))
            return True
        return False

    def _settle_and_resend(self, sent: list[_Entry]) -> None:
        for round_number in range(self.resend_rounds + 1):
            if not self.ledger.unsettled(self.client.ledger_url, self.workspace):
                return
            settlement = self._settle()
            for entry in sent:
                post_group_id = settlement.found.get(entry.record_id)
                if post_group_id is not None:
                    attempts = self.ledger.get(entry.record_id).attempts
                    self._emit(RowSent(entry.row.location, post_group_id, attempts, settled=True))
            if round_number == self.resend_rounds or not settlement.not_found:
                return
            not_found = set(settlement.not_found)
            self._send_each([entry for entry in sent if entry.record_id in not_found])

    def _settle(self) -> Settlement:
        """Settle every unconfirmed record of this API and workspace in one pass."""
        if not self.ledger.unsettled(self.client.ledger_url, self.workspace):
            return Settlement()
        self._check_between_requests()
        try:
            settlement = settle_unconfirmed(
                self.ledger,
                self.client,
                self.limiter,
                workspace=self.workspace,
                rules=self._rules,
                on_retry=self._emit,
            )
        except WaitStopped as stopped:
            raise _Stopped(stopped.reason) from None
        except AuthenticationError as error:
            raise _Stopped(StopReason.AUTH, str(error)) from None
        except ApiError as error:
            raise _Stopped(StopReason.API_ERROR, str(error)) from None
        self._emit(
            SettlementDone(
                settlement.checked,
                len(settlement.found),
                len(settlement.not_found),
                settlement.pages,
            )
        )
        return settlement

    def _acquire(self) -> None:
        try:
            self.limiter.acquire(self._rules)
        except WaitStopped as stopped:
            raise _Stopped(stopped.reason) from None

    def _check_between_requests(self) -> None:
        if self.stop.is_set():
            raise _Stopped(StopReason.INTERRUPTED)
        deadline = self._rules.deadline
        if deadline is not None and self.limiter.now() >= deadline:
            raise _Stopped(StopReason.DEADLINE)

    def _outcome(self, entry: _Entry) -> RowOutcome:
        record = self.ledger.get(entry.record_id)
        status = RowStatus.ALREADY_SENT if entry.already_sent else _STATUS_OF_RECORD[record.status]
        message = record.last_error if status is not RowStatus.DUPLICATE else None
        return RowOutcome(
            entry.row.location,
            status,
            record.post_group_id,
            message,
            record.attempts,
            entry.duplicate_of_row,
        )

    def _report_wait(self, wait: Wait) -> None:
        self._emit(RateLimitWait(wait.seconds, wait.cause.value))

    def _emit(self, event: DispatchEvent) -> None:
        if self._on_event is not None:
            self._on_event(event)
