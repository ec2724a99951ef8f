"""Check calendar tables column by column and decide, for each row, what would be sent."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from calendar_loader.checking.content import check_content, join_key
from calendar_loader.checking.content_warnings import check_content_warnings
from calendar_loader.checking.problem_log import ProblemLog, empty_problem_frame
from calendar_loader.checking.repeats import codes_of, find_duplicates, find_repeated_captions
from calendar_loader.checking.report import FileResult, Report, build_body
from calendar_loader.checking.settings import CheckSettings
from calendar_loader.checking.times import check_too_soon, convert_schedule, format_instants
from calendar_loader.checking.zones import ZoneError, resolve_zone_name
from calendar_loader.collector import collector_paused
from calendar_loader.errors import UsageError
from calendar_loader.problems import Problem, Severity
from calendar_loader.table import DRAFT_REASON, ROW, SKIP_REASON, VARIANT, CalendarTable

# Warnings that describe what happens to a row rather than a doubt about its content, so
# strict settings leave them as warnings.
NOT_MADE_STRICT = frozenset({"draft", "skipped", "duplicate-row"})


@dataclass
class _TableCheck:
    rows: pd.DataFrame
    problems: pd.DataFrame
    file: FileResult


def check_tables(tables: list[CalendarTable], settings: CheckSettings) -> Report:
    """Check every row of `tables` and return the report, with the request body of each row.

    Every problem of every row is reported, not only the first. Rows are compared with
    each other across all tables: a row that would send the same body as an earlier row
    is a duplicate, and is not sent. Raises UsageError when `settings.timezone` is not a
    time zone name.

    Example::

        settings = CheckSettings(now=datetime.now(UTC), timezone="Europe/Paris")
        report = check_tables([table], settings)
        for source, sheet, row, variant, body in report.sendable():
            ...
    """
    with collector_paused():
        return _check_all(tables, settings)


def _check_all(tables: list[CalendarTable], settings: CheckSettings) -> Report:
    checks = [_check_table(table, *_table_settings(table, settings)) for table in tables]
    rows = pd.concat([check.rows for check in checks], ignore_index=True) if checks else None
    if rows is None or rows.empty:
        return Report(_empty_rows(), empty_problem_frame(), [check.file for check in checks])

    offsets = np.cumsum([0] + [len(check.rows) for check in checks[:-1]])
    problems = pd.concat(
        [
            check.problems.assign(position=check.problems["position"] + offset)
            for check, offset in zip(checks, offsets, strict=True)
        ],
        ignore_index=True,
    )
    if settings.strict:
        _make_strict(problems)

    log = ProblemLog()
    _compare_rows(rows, problems, settings, log)
    later = log.to_frame()
    if settings.strict:
        _make_strict(later)
    problems = pd.concat([problems, later], ignore_index=True)

    failed = np.zeros(len(rows), dtype=bool)
    failed[problems.loc[problems["severity"] == Severity.ERROR.value, "position"].to_numpy()] = True
    status = np.where(rows["skipped"], "skipped", np.where(failed, "invalid", "valid"))
    rows["status"] = status
    no_profiles = rows["profile_key"].to_numpy(dtype=object) == ""
    undated = rows["scheduled_at"].isna().to_numpy()
    rows["draft"] = (status == "valid") & (undated | no_profiles)

    drafts = ProblemLog()
    draft_reasons = rows["draft_reason"].to_numpy(dtype=object)
    inferred = pd.isna(draft_reasons)
    # A draft that the calendar or the mapping file requests gives that as its reason,
    # rather than the profiles it is sent without.
    on_purpose = np.flatnonzero(rows["draft"].to_numpy() & ~inferred)
    _log_reasons(drafts, on_purpose, draft_reasons[on_purpose], "draft")
    for reason, mask in (
        ("has neither a date nor social profiles", undated & no_profiles),
        ("has no date", undated & ~no_profiles),
        ("has no social profiles", ~undated & no_profiles),
    ):
        drafts.add(
            np.flatnonzero(rows["draft"].to_numpy() & inferred & mask),
            column=None,
            code="draft",
            message=f"The post will be created as a draft in Ocoya because the row {reason}.",
            severity=Severity.WARNING,
        )
    problems = pd.concat([problems, drafts.to_frame()], ignore_index=True)
    internal = [
        "skipped",
        "instant",
        "scheduled",
        "date_column",
        "undated",
        "profile_key",
        "draft_reason",
    ]
    rows = rows.drop(columns=internal)
    return Report(rows, problems, [check.file for check in checks])


def _table_settings(
    table: CalendarTable, settings: CheckSettings
) -> tuple[CheckSettings, str | None]:
    """Return the settings for one table, with its mapping file's defaults, and its zone.

    A mapping file's time zone and time of day belong to its calendar, so they win over
    --timezone and apply to that calendar only.
    """
    own = replace(
        settings,
        timezone=table.default_timezone or settings.timezone,
        default_time=table.default_time or settings.default_time,
    )
    if own.timezone is None:
        return own, None
    try:
        return own, resolve_zone_name(own.timezone)
    except ZoneError as error:
        raise UsageError(f"Invalid time zone {own.timezone!r}: {error}") from error


def _check_table(
    table: CalendarTable, settings: CheckSettings, default_zone: str | None
) -> _TableCheck:
    frame = table.frame.reset_index(drop=True)
    log = ProblemLog()
    skipped = _log_skip_reasons(frame, log)
    active = ~skipped

    file_problems = _merge_carried_problems(table, frame, log)
    content = check_content(frame, table.columns, active, log)
    check_content_warnings(frame, table.columns, content, active, log)
    schedule = convert_schedule(frame, table.columns, settings, default_zone, active, log)

    rows = pd.DataFrame(
        {
            "source": table.source,
            "sheet": table.sheet,
            "row": frame[ROW].to_numpy(),
            "variant": frame[VARIANT].to_numpy(dtype=object),
            "skipped": skipped,
            "caption": pd.Series(content.captions, dtype=object),
            "media": pd.Series(content.media, dtype=object),
            "profiles": pd.Series(content.profiles, dtype=object),
            "profile_key": pd.Series(content.profile_keys, dtype=object),
            "draft_reason": frame[DRAFT_REASON].to_numpy(dtype=object),
            "instant": schedule.instant,
            "scheduled": schedule.scheduled,
            "undated": schedule.undated,
            "date_column": schedule.date_column,
        }
    )
    rows = rows.astype({"sheet": object, "source": object})
    if frame.empty:
        # An emptied calendar must not pass for a quiet night in a cron log.
        file_problems.append(
            Problem(
                source=table.source,
                sheet=table.sheet,
                row=None,
                column=None,
                code="no-rows",
                message="The calendar has no rows to post. Check that this is the right "
                "file, sheet or records path.",
                severity=Severity.WARNING,
            )
        )
    file = FileResult(
        source=table.source,
        sheet=table.sheet,
        preset=table.preset,
        blank_rows=table.blank_rows,
        problems=file_problems,
    )
    return _TableCheck(rows=rows, problems=log.to_frame(), file=file)


def _log_skip_reasons(frame: pd.DataFrame, log: ProblemLog) -> np.ndarray:
    """Log one `skipped` warning per skip reason of each record; return which are skipped.

    Each reason names its own column: a status cell, or the profile column whose
    network the mapping file sets to null.
    """
    # Rows share their tuples of reasons, so each distinct tuple is read once. Code -1,
    # a row without reasons, takes the last entry of each lookup below.
    codes, distinct = pd.factorize(frame[SKIP_REASON].to_numpy(dtype=object))
    counts = np.array([len(reasons) if reasons else 0 for reasons in distinct] + [0])[codes]
    # The first reason of every skipped row is logged first, so each row keeps its order.
    for rank in range(int(counts.max(initial=0))):
        positions = np.flatnonzero(counts > rank)
        nth = [reasons[rank] if len(reasons) > rank else None for reasons in distinct]
        chosen = np.array([*nth, None], dtype=object)[codes[positions]]
        _log_reasons(log, positions, chosen, "skipped")
    return counts > 0


def _log_reasons(log: ProblemLog, positions: np.ndarray, reasons: np.ndarray, code: str) -> None:
    """Log a warning for each row in `positions` with the column and message of its reason."""
    codes, distinct = pd.factorize(reasons)
    log.add(
        positions,
        column=np.array([reason.column for reason in distinct], dtype=object)[codes],
        code=code,
        message=np.array([reason.message for reason in distinct], dtype=object)[codes],
        values=np.array([reason.value for reason in distinct], dtype=object)[codes],
        severity=Severity.WARNING,
    )


def _merge_carried_problems(
    table: CalendarTable, frame: pd.DataFrame, log: ProblemLog
) -> list[Problem]:
    """Log the row problems found while loading and mapping; return the file-level ones.

    A carried problem without a variant belongs to every variant of its row. One whose
    row is not in the table is kept as a file-level problem rather than lost.
    """
    by_row: dict[object, list[int]] = defaultdict(list)
    by_row_variant: dict[tuple[object, object], list[int]] = defaultdict(list)
    if table.problems:
        for position, (row, variant) in enumerate(zip(frame[ROW], frame[VARIANT], strict=True)):
            by_row[row].append(position)
            by_row_variant[(row, variant)].append(position)
    file_problems = []
    for problem in table.problems:
        if problem.row is None:
            file_problems.append(problem)
            continue
        if problem.variant is None:
            positions = by_row.get(problem.row, [])
        else:
            positions = by_row_variant.get((problem.row, problem.variant), [])
        if not positions:
            file_problems.append(problem)
            continue
        log.add(
            positions,
            column=problem.column,
            code=problem.code,
            message=problem.message,
            values=[problem.value] * len(positions),
            severity=problem.severity,
        )
    return file_problems


def _compare_rows(
    rows: pd.DataFrame, problems: pd.DataFrame, settings: CheckSettings, log: ProblemLog
) -> None:
    """Fill `scheduled_at`, `duplicate_of` and `already_sent`; log problems between rows."""
    size = len(rows)
    failed = np.zeros(size, dtype=bool)
    failed[problems.loc[problems["severity"] == Severity.ERROR.value, "position"].to_numpy()] = True
    candidates = ~rows["skipped"].to_numpy() & ~failed
    scheduled = rows["scheduled"].to_numpy() & candidates
    instants = rows["instant"].to_numpy()

    scheduled_at = np.full(size, None, dtype=object)
    scheduled_at[scheduled] = format_instants(instants[scheduled])
    rows["scheduled_at"] = pd.Series(scheduled_at, dtype=object)

    caption_codes = codes_of(rows["caption"])
    profile_codes = codes_of(rows["profile_key"])
    media_codes = codes_of(
        [urls[0] if len(urls) == 1 else join_key(urls) for urls in rows["media"].tolist()]
    )
    first_of = find_duplicates(
        caption_codes, media_codes, profile_codes, instants, scheduled, candidates
    )
    originals = candidates & (first_of < 0)
    sent = np.full(size, None, dtype=object)
    if settings.already_sent is not None:
        for position in np.flatnonzero(originals):
            sent[position] = settings.already_sent(build_body(rows, position))
    rows["already_sent"] = pd.Series(sent, dtype=object)
    unsent = originals & pd.isna(sent)

    # A duplicate sends the body of its original, so the ledger's result for the original
    # applies to it too. Rows already sent are not held to the clock, because their time
    # may have passed since. Every other row is, duplicates included.
    body_sent = ~pd.isna(sent)
    repeats = np.flatnonzero(first_of >= 0)
    body_sent[repeats] = body_sent[first_of[repeats]]
    due = np.flatnonzero(candidates & scheduled & ~body_sent)
    too_soon = check_too_soon(
        instants[due], due, list(rows["date_column"].to_numpy()[due]), settings, log
    )
    # A row that is too soon is invalid, and an invalid row is no duplicate. Its original
    # has the same time, so it is too soon as well.
    first_of[too_soon] = -1

    repeated = np.flatnonzero(first_of >= 0)
    log.add(
        repeated,
        column=None,
        code="duplicate-row",
        message=[
            f"The row would send the same post as {_name_row(rows, first, position)} (same "
            "caption, media, profiles and time), so it will not be sent. Delete one of the rows."
            for position, first in zip(repeated, first_of[repeated], strict=True)
        ],
        severity=Severity.WARNING,
    )
    rows["duplicate_of"] = pd.Series([None] * size, dtype=object)
    rows.loc[repeated, "duplicate_of"] = rows["row"].to_numpy()[first_of[repeated]]

    with_caption = rows["caption"].notna().to_numpy()
    later, earlier = find_repeated_captions(
        caption_codes, profile_codes, instants, originals & scheduled & with_caption
    )
    keep = unsent[later]
    later, earlier = later[keep], earlier[keep]
    log.add(
        later,
        column=None,
        code="repeated-caption",
        message=[
            f"The same caption goes to the same profiles in {_name_row(rows, other, position)} at "
            f"{scheduled_at[other]}, less than 24 hours apart. Check that one of them is not a "
            "mistake, or space them out."
            for position, other in zip(later, earlier, strict=True)
        ],
        values=rows["caption"].to_numpy()[later].tolist(),
        severity=Severity.WARNING,
    )


def _name_row(rows: pd.DataFrame, other: int, position: int) -> str:
    """Name row `other` for a message about row `position`, with its file when it differs."""
    text = f"row {rows['row'].iat[other]}"
    if rows["variant"].iat[other] != rows["variant"].iat[position] and rows["variant"].iat[other]:
        text += f" ({rows['variant'].iat[other]})"
    if (rows["source"].iat[other], rows["sheet"].iat[other]) != (
        rows["source"].iat[position],
        rows["sheet"].iat[position],
    ):
        text += f" of {rows['source'].iat[other]}"
        if rows["sheet"].iat[other]:
            text += f", sheet {rows['sheet'].iat[other]}"
    return text


def _make_strict(problems: pd.DataFrame) -> None:
    promote = (problems["severity"] == Severity.WARNING.value) & ~problems["code"].isin(
        NOT_MADE_STRICT
    )
    problems.loc[promote, "severity"] = Severity.ERROR.value


def _empty_rows() -> pd.DataFrame:
    columns = (
        "source",
        "sheet",
        "row",
        "variant",
        "caption",
        "media",
        "profiles",
        "scheduled_at",
        "duplicate_of",
        "already_sent",
        "status",
        "draft",
    )
    return pd.DataFrame({name: pd.Series([], dtype=object) for name in columns})
