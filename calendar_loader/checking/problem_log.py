"""Row problems collected column-wise while a table is checked.

A check that fails many rows adds them as one batch, so a million-row calendar does not
turn into a million `Problem` objects before they are requested.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from calendar_loader.problems import Severity, shorten

PROBLEM_COLUMNS = ("position", "column", "code", "severity", "message", "value")


class ProblemLog:
    """Problems of rows identified by their position in the checked table."""

    def __init__(self) -> None:
        self._batches: list[pd.DataFrame] = []

    def add(
        self,
        positions: np.ndarray | Sequence[int],
        *,
        column: str | Sequence[str | None] | None,
        code: str,
        message: str | Sequence[str],
        values: Sequence[object] | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        """Record problem `code` for every row in `positions`.

        `column` and `message` are each one for all rows or one per row. `values` are
        the cells as typed, one per row, and are shortened for display here.
        """
        positions = np.asarray(positions, dtype=np.int64)
        if len(positions) == 0:
            return
        count = len(positions)
        shortened = [None] * count if values is None else [shorten(value) for value in values]
        messages = [message] * count if isinstance(message, str) else list(message)
        columns = [column] * count if column is None or isinstance(column, str) else list(column)
        self._batches.append(
            pd.DataFrame(
                {
                    "position": positions,
                    "column": columns,
                    "code": [code] * count,
                    "severity": [severity.value] * count,
                    "message": messages,
                    "value": shortened,
                },
            ).astype({name: object for name in PROBLEM_COLUMNS[1:]})
        )

    def to_frame(self) -> pd.DataFrame:
        """Return every problem, in the order the checks found them."""
        if not self._batches:
            return empty_problem_frame()
        return pd.concat(self._batches, ignore_index=True)


def empty_problem_frame() -> pd.DataFrame:
    frame = pd.DataFrame({name: pd.Series([], dtype=object) for name in PROBLEM_COLUMNS})
    return frame.astype({"position": np.int64})
