"""Row and file problems as data: where, what, the value as typed, and how to fix it.

Row numbers are the numbers a person sees in the gutter of their spreadsheet: the header
is row 1, the first record row 2, a blank row still counts, and a cell holding several
lines is still one row. For YAML and JSON the number is the line where the record starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

MAX_VALUE_CHARS = 60


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem of one row, or of a whole file when `row` is None.

    `code` is a stable kebab-case name such as `invalid-media-url`; tests and scripts
    match on it. `message` is a full sentence for the person who fixes the calendar.
    """

    source: str
    sheet: str | None
    row: int | None
    column: str | None
    code: str
    message: str
    value: str | None = None
    severity: Severity = Severity.ERROR
    variant: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_json(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "value": self.value,
        }

    def location(self) -> str:
        """Return `file, sheet S, row N, column C` with only the parts that are known."""
        parts = [self.source]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)


def shorten(value: object, limit: int = MAX_VALUE_CHARS) -> str | None:
    """Render a cell value for a message, cut to `limit` characters with an ellipsis."""
    if value is None:
        return None
    text = str(value)
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "…"
