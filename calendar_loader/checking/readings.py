"""Readings of date and time cells: what each cell holds, as parallel numpy arrays."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np


@dataclass
class Readings:
    """What each cell of a date or time column holds, as parallel numpy arrays.

    `present` is False for an empty cell. Where `code` is not None the cell could not be
    read and `message` explains why. `day` holds Unix seconds at midnight of the date,
    `clock` the seconds since midnight, and `offset` the seconds east of UTC, each valid
    only where its `has_` flag is True.
    """

    present: np.ndarray
    day: np.ndarray
    has_day: np.ndarray
    clock: np.ndarray
    has_clock: np.ndarray
    offset: np.ndarray
    has_offset: np.ndarray
    code: np.ndarray
    message: np.ndarray

    @classmethod
    def empty(cls, size: int) -> Readings:
        return cls(
            present=np.zeros(size, dtype=bool),
            day=np.zeros(size, dtype=np.int64),
            has_day=np.zeros(size, dtype=bool),
            clock=np.zeros(size, dtype=np.int64),
            has_clock=np.zeros(size, dtype=bool),
            offset=np.zeros(size, dtype=np.int64),
            has_offset=np.zeros(size, dtype=bool),
            code=np.full(size, None, dtype=object),
            message=np.full(size, None, dtype=object),
        )

    def take(self, codes: np.ndarray) -> Readings:
        """Spread readings of distinct values over rows; code -1 is an empty cell."""
        safe = np.where(codes < 0, 0, codes)
        missing = codes < 0
        columns = {}
        for item in fields(self):
            column = getattr(self, item.name)
            if len(column) == 0:
                # Every cell is empty: no distinct value to take from.
                columns[item.name] = getattr(Readings.empty(len(codes)), item.name)
                continue
            values = column[safe]
            if values.dtype == bool:
                values[missing] = False
            elif values.dtype == object:
                values[missing] = None
            columns[item.name] = values
        return Readings(**columns)

    def fail(self, positions: np.ndarray, code: str, messages: list[str] | str) -> None:
        self.code[positions] = code
        self.message[positions] = messages
        self.has_day[positions] = False
        self.has_clock[positions] = False
        self.has_offset[positions] = False
