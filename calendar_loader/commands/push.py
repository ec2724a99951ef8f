"""`calendar-loader push`: check the calendars, then send the valid rows, exactly once."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from calendar_loader import exit_codes
from calendar_loader.commands.common import check_rows, read_all
from calendar_loader.commands.progress import DispatchDisplay
from calendar_loader.commands.target import Target, resolve_target
from calendar_loader.dispatch.client import OcoyaClient
from calendar_loader.dispatch.dispatcher import Dispatcher
from calendar_loader.dispatch.events import STOP_WORDS, DispatchResult, RowStatus, StopReason
from calendar_loader.dispatch.limiter import RateLimiter
from calendar_loader.dispatch.stop import StopFlag
from calendar_loader.durations import RateLimit, parse_duration, parse_rate_limit
from calendar_loader.errors import UsageError
from calendar_loader.ledger import CalendarRow, Ledger
from calendar_loader.lock import LedgerLock
from calendar_loader.logs import configure_logging, log_event, print_error
from calendar_loader.secrets import read_api_key

logger = logging.getLogger("calendar_loader.push")

_INCOMPLETE = (StopReason.INTERRUPTED, StopReason.DEADLINE, StopReason.WAIT_TOO_LONG)
_NOT_DONE = (RowStatus.FAILED, RowStatus.UNKNOWN, RowStatus.PENDING)


@dataclass(frozen=True)
class _Pacing:
    """The push's limits, parsed from the command line: seconds, and requests per window."""

    rate_limit: RateLimit
    read_timeout: float
    max_duration: float | None
    max_wait: float | None


def run_push(files: tuple[Path, ...], **options: Any) -> int:
    # The checks run in the order of the exit codes' precedence (5, then 3, then 2), so
    # that when several problems apply, the one reported is the one whose code wins.
    with LedgerLock(options["ledger_path"]):
        api_key = None if options["sandbox"] else read_api_key(options["api_key_file"])
        configure_logging(options["log_format"], verbose=options["verbose"], secret=api_key)
        # From here on, SIGINT and SIGTERM only set the flag: reading and checking stop
        # at the next stage, a dispatch after the request in flight.
        stop = StopFlag()
        with resolve_target(options, api_key) as target, stop.handling_signals():
            pacing = _Pacing(
                rate_limit=parse_rate_limit(options["rate_limit"]),
                read_timeout=_read_timeout(options["read_timeout"]),
                max_duration=_optional_duration(options["max_duration"], "--max-duration"),
                max_wait=_optional_duration(options["max_wait"], "--max-wait"),
            )
            return _check_and_send(files, options, target, pacing, stop)


def _check_and_send(
    files: tuple[Path, ...],
    options: dict[str, Any],
    target: Target,
    pacing: _Pacing,
    stop: StopFlag,
) -> int:
    read = read_all(files, options)
    read_code = read.code
    if stop.is_set():
        return _stopped_before_sending(stop)
    with Ledger(options["ledger_path"]) as ledger:
        lookup = ledger.already_sent_lookup(target.ledger_url, target.workspace)
        report = check_rows(read.tables, files, options, lookup)
        if stop.is_set():
            return _stopped_before_sending(stop)
        report.render(Console(highlight=False, soft_wrap=False))
        invalid = report.summary.invalid
        rows_code = exit_codes.ROWS_FAILED if invalid else exit_codes.OK
        blocked = _reason_to_send_nothing(invalid, read_code)
        if blocked and not options["skip_invalid"]:
            print_error(
                f"Nothing was sent: {blocked}",
                options["log_format"],
                event="nothing-sent",
                label="",
                invalid=invalid,
            )
            return exit_codes.combine([read_code, rows_code])
        rows = [CalendarRow(*sendable) for sendable in report.sendable()]
        result = _dispatch(rows, ledger, target, pacing, stop)
        _log_stop(result, options)
        log_event(
            logger,
            logging.INFO,
            "push-finished",
            f"Push {STOP_WORDS[result.stop_reason]}: {report.summary.describe()} "
            f"This run: {_describe_counts(result)}.",
            summary=report.summary.to_json(),
            dispatch=result.counts,
            stopReason=result.stop_reason.value,
            requests=result.requests,
        )
    return exit_codes.combine([read_code, rows_code, _result_code(result)])


def _reason_to_send_nothing(invalid: int, read_code: int) -> str | None:
    """Say why a push must not send while the calendar is partly broken, or return None.

    A cron job that sent the readable half of a calendar would hide the broken half
    until someone noticed the missing posts, so the default is all or nothing.
    """
    if read_code != exit_codes.OK:
        return (
            "a calendar file could not be read (see above). Fix it, or add --skip-invalid "
            "to send the rows of the other files now."
        )
    if invalid:
        return (
            f"{invalid} row(s) are invalid. Fix them, or add --skip-invalid to send the "
            "valid rows now."
        )
    return None


def _describe_counts(result: DispatchResult) -> str:
    return ", ".join(f"{count} {status}" for status, count in result.counts.items() if count) or (
        "nothing to send"
    )


def _stopped_before_sending(stop: StopFlag) -> int:
    log_event(
        logger,
        logging.WARNING,
        "stopped",
        f"Stopped by {stop.signal_name} before anything was sent. Run the same push again.",
        stopReason=StopReason.INTERRUPTED.value,
    )
    return exit_codes.INCOMPLETE


def _dispatch(
    rows: list[CalendarRow], ledger: Ledger, target: Target, pacing: _Pacing, stop: StopFlag
) -> DispatchResult:
    display = DispatchDisplay(total=len(rows), interactive=_interactive())
    with (
        OcoyaClient(
            target.api_key,
            api_url=target.api_url,
            read_timeout=pacing.read_timeout,
            ledger_url=target.ledger_url,
        ) as client,
        display,
    ):
        dispatcher = Dispatcher(
            client,
            ledger,
            RateLimiter(pacing.rate_limit),
            target.workspace,
            max_duration=pacing.max_duration,
            max_wait=pacing.max_wait,
            stop=stop,
            on_event=display.on_event,
        )
        result = dispatcher.run(rows)
    if result.stop_reason is StopReason.INTERRUPTED:
        log_event(
            logger,
            logging.WARNING,
            "stopped",
            f"Stopped by {stop.signal_name}: the request in flight was finished and "
            "recorded. Run the same push again to send the rest.",
            stopReason=result.stop_reason.value,
        )
    return result


def _log_stop(result: DispatchResult, options: dict[str, Any]) -> None:
    """Log why a run stopped early and what to do next. `_dispatch` logs a stop by signal."""
    reason = result.stop_reason
    rerun = "Run the same push again to send the rest."
    if reason is StopReason.DEADLINE:
        message = (
            f"Stopped: the next request would start after --max-duration "
            f"{options['max_duration']}. {rerun}"
        )
    elif reason is StopReason.WAIT_TOO_LONG:
        message = (
            f"Stopped: the rate limit required a wait longer than --max-wait "
            f"{options['max_wait']}. {rerun}"
        )
    elif reason in (StopReason.AUTH, StopReason.API_ERROR):
        message = f"Stopped: {result.error} Rows not sent stay in the ledger for the next run."
    else:
        return
    level = logging.WARNING if reason in _INCOMPLETE else logging.ERROR
    log_event(logger, level, "stopped", message, stopReason=reason.value)


def _result_code(result: DispatchResult) -> int:
    if result.stop_reason is StopReason.AUTH:
        return exit_codes.CONFIGURATION
    if result.stop_reason in _INCOMPLETE:
        return exit_codes.INCOMPLETE
    counts = result.counts
    if result.stop_reason is StopReason.API_ERROR or any(counts[s.value] for s in _NOT_DONE):
        return exit_codes.ROWS_FAILED
    return exit_codes.OK


def _read_timeout(text: str) -> float:
    """Parse --timeout, which must leave a request time to receive a response."""
    seconds = parse_duration(text, option="--timeout")
    if seconds < 1.0:
        raise UsageError(
            f"Invalid --timeout {text!r}: give at least 1s, or every request would time out "
            "and be looked up in Ocoya's post list instead of being answered."
        )
    return seconds


def _optional_duration(text: str | None, option: str) -> float | None:
    return None if text is None else parse_duration(text, option=option)


def _interactive() -> bool:
    return sys.stderr.isatty()
