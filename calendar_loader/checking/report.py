"""The outcome of checking calendars: counts, each row's status and body, and every problem.

Per-row results stay in a DataFrame, one row per calendar record, so a million-row
calendar needs no million Python objects. A row's request body is built only when asked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table
from rich.text import Text

from calendar_loader.problems import Problem, Severity

DEFAULT_PROBLEM_LIMIT = 50


@dataclass(frozen=True)
class Summary:
    """Row counts of a report.

    `rows` is `valid + invalid + skipped`. `drafts`, `duplicates` and `already_sent`
    count rows among the valid ones: drafts are sent as drafts, while duplicates and rows
    already sent are not sent again.
    """

    rows: int
    valid: int
    drafts: int
    invalid: int
    skipped: int
    duplicates: int
    already_sent: int

    def to_json(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "valid": self.valid,
            "drafts": self.drafts,
            "invalid": self.invalid,
            "skipped": self.skipped,
            "duplicates": self.duplicates,
            "already_sent": self.already_sent,
        }

    def describe(self) -> str:
        """Return the summary as one sentence, such as `12 rows: 9 valid (2 drafts), …`."""
        return (
            f"{self.rows:,} {_plural(self.rows, 'row')}: {self.valid:,} valid "
            f"({self.drafts:,} {_plural(self.drafts, 'draft')}), {self.invalid:,} invalid, "
            f"{self.skipped:,} skipped, "
            f"{self.duplicates:,} {_plural(self.duplicates, 'duplicate')}, "
            f"{self.already_sent:,} already sent."
        )


@dataclass
class FileResult:
    """One checked sheet: where it came from and the problems of the file as a whole."""

    source: str
    sheet: str | None
    preset: str | None = None
    blank_rows: int = 0
    problems: list[Problem] = field(default_factory=list)


def build_body(rows: pd.DataFrame, position: int) -> dict[str, object]:
    """Build the `POST /post` body of the row at `position`, leaving out empty values.

    Keys come in the order caption, mediaUrls, socialProfileIds, scheduledAt.
    """
    body: dict[str, object] = {}
    caption = rows["caption"].iat[position]
    media = rows["media"].iat[position]
    profiles = rows["profiles"].iat[position]
    scheduled_at = rows["scheduled_at"].iat[position]
    if caption:
        body["caption"] = caption
    if media:
        body["mediaUrls"] = list(media)
    if profiles:
        body["socialProfileIds"] = list(profiles)
    if scheduled_at:
        body["scheduledAt"] = scheduled_at
    return body


class Report:
    """Everything `check_tables` found.

    `rows` has one row per calendar record with the columns source, sheet, row, variant,
    status ("valid", "invalid" or "skipped"), draft, caption, media, profiles,
    scheduled_at, duplicate_of and already_sent. `problems` has one row per row problem,
    with the record's `position` in `rows`. `files` contains the file-level problems.
    """

    def __init__(self, rows: pd.DataFrame, problems: pd.DataFrame, files: list[FileResult]):
        self.rows = rows.reset_index(drop=True)
        self.problems = problems.sort_values("position", kind="stable").reset_index(drop=True)
        self.files = files
        status = self.rows["status"].to_numpy(dtype=object)
        valid = status == "valid"
        self.summary = Summary(
            rows=len(self.rows),
            valid=int(valid.sum()),
            drafts=int(self.rows["draft"].to_numpy(dtype=bool).sum()),
            invalid=int((status == "invalid").sum()),
            skipped=int((status == "skipped").sum()),
            duplicates=int((valid & self.rows["duplicate_of"].notna().to_numpy()).sum()),
            already_sent=int((valid & self.rows["already_sent"].notna().to_numpy()).sum()),
        )

    @property
    def passed(self) -> bool:
        """True when no row is invalid and no file has an error."""
        file_errors = any(problem.is_error for file in self.files for problem in file.problems)
        return self.summary.invalid == 0 and not file_errors

    def body(self, position: int) -> dict[str, object] | None:
        """Return the request body of the row at `position`, or None unless it is valid."""
        if self.rows["status"].iat[position] != "valid":
            return None
        return build_body(self.rows, position)

    def sendable(self) -> Iterator[tuple[str, str | None, int, str | None, dict[str, object]]]:
        """Yield (source, sheet, row, variant, body) for each row that dispatch should send.

        Those are the valid rows, drafts included, that are neither duplicates of an
        earlier row nor already sent.
        """
        send = (
            (self.rows["status"] == "valid").to_numpy()
            & self.rows["duplicate_of"].isna().to_numpy()
            & self.rows["already_sent"].isna().to_numpy()
        )
        for position in np.flatnonzero(send):
            yield (
                self.rows["source"].iat[position],
                self.rows["sheet"].iat[position],
                int(self.rows["row"].iat[position]),
                self.rows["variant"].iat[position],
                build_body(self.rows, position),
            )

    def iter_problems(self) -> Iterator[Problem]:
        """Yield every problem as a `Problem`: file-level ones first, then by row."""
        for file in self.files:
            yield from file.problems
        rows = self.rows
        for record in self.problems.itertuples(index=False):
            position = record.position
            yield Problem(
                source=rows["source"].iat[position],
                sheet=rows["sheet"].iat[position],
                row=int(rows["row"].iat[position]),
                column=record.column,
                code=record.code,
                message=record.message,
                value=record.value,
                severity=Severity(record.severity),
                variant=rows["variant"].iat[position],
            )

    def flatten(self) -> list[tuple[str, int | None, str | None, str]]:
        """Return (source, row, column, code) for every problem, in the order of `iter_problems`."""
        return [
            (problem.source, problem.row, problem.column, problem.code)
            for problem in self.iter_problems()
        ]

    def to_json(self) -> dict[str, Any]:
        """Return the whole report as JSON-ready data: summary, files and every row."""
        by_position: dict[int, list[dict[str, Any]]] = {}
        for record in self.problems.itertuples(index=False):
            by_position.setdefault(record.position, []).append(
                {
                    "column": record.column,
                    "code": record.code,
                    "severity": record.severity,
                    "message": record.message,
                    "value": record.value,
                }
            )
        rows = self.rows
        status = rows["status"].tolist()
        duplicate_of = rows["duplicate_of"].tolist()
        return {
            "summary": self.summary.to_json(),
            "files": [
                {
                    "source": file.source,
                    "sheet": file.sheet,
                    "preset": file.preset,
                    "blank_rows": file.blank_rows,
                    "problems": [problem.to_json() for problem in file.problems],
                }
                for file in self.files
            ],
            "rows": [
                {
                    "source": rows["source"].iat[position],
                    "sheet": rows["sheet"].iat[position],
                    "row": int(rows["row"].iat[position]),
                    "variant": rows["variant"].iat[position],
                    "status": status[position],
                    "draft": bool(rows["draft"].iat[position]),
                    "request": build_body(rows, position) if status[position] == "valid" else None,
                    "duplicate_of": None
                    if duplicate_of[position] is None
                    else int(duplicate_of[position]),
                    "already_sent": rows["already_sent"].iat[position],
                    "problems": by_position.get(position, []),
                }
                for position in range(len(rows))
            ],
        }

    def render(self, console: Console, *, limit: int = DEFAULT_PROBLEM_LIMIT) -> None:
        """Print the summary line and at most `limit` problems to `console`.

        On a terminal the problems form a table. Elsewhere (a pipe, a cron mail, a CI log,
        a file) each is one line, because a table squeezed into 80 columns wraps every
        message into slivers.
        """
        console.print(self.summary.describe(), markup=False, highlight=False, soft_wrap=True)
        problems = self.iter_problems()
        total = sum(len(file.problems) for file in self.files) + len(self.problems)
        if total == 0:
            return
        if console.is_terminal:
            self._render_table(console, problems, limit)
        else:
            for shown, problem in enumerate(problems):
                if shown == limit:
                    break
                console.print(_problem_line(problem), markup=False, highlight=False, soft_wrap=True)
        if total > limit:
            console.print(
                f"… and {total - limit:,} more problems; use --format json for all",
                markup=False,
                highlight=False,
            )

    @staticmethod
    def _render_table(console: Console, problems: Iterator[Problem], limit: int) -> None:
        table = Table(show_lines=False)
        for header in ("File", "Row", "Column", "Severity", "Code", "Value", "Message"):
            table.add_column(header, overflow="fold")
        for problem in problems:
            if table.row_count == limit:
                break
            style = "red" if problem.is_error else "yellow"
            where = problem.source + (f" ({problem.sheet})" if problem.sheet else "")
            # Text cells, because a value such as "[N]" would otherwise be read as markup.
            table.add_row(
                Text(where),
                Text("" if problem.row is None else str(problem.row)),
                Text(problem.column or ""),
                Text(problem.severity.value, style=style),
                Text(problem.code, style=style),
                Text(problem.value or ""),
                Text(problem.message),
            )
        console.print(table)


def _problem_line(problem: Problem) -> str:
    """Return `file, row N, column C: error code: message (value: …)` for one problem."""
    value = f" (value: {problem.value})" if problem.value else ""
    return (
        f"{problem.location()}: {problem.severity.value} {problem.code}: {problem.message}{value}"
    )


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"
