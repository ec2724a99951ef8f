"""Dates written in words: relative times to reject, and dates that spell out the month.

These are the values that no vectorised format matched, so they are read one at a time.
"""

from __future__ import annotations

import re
import warnings
from datetime import datetime

from dateutil import parser as dateutil_parser

# Words that make a time relative to the moment the file is read. They are checked before
# dateutil, which would otherwise fill the missing parts from a default date.
_RELATIVE = re.compile(
    r"\b(?:now|today|tonight|tomorrow|yesterday|ago|asap"
    r"|(?:next|last|this|coming)\s+\w+|in\s+(?:an?|\d+|a\s+few)\s+\w+"
    r"|\d+\s*\w+\s+(?:from\s+now|later)"
    r"|heute|morgen|übermorgen|jetzt|demain|aujourd'hui|maintenant|ce\s+soir"
    r"|hoy|mañana|ahora|oggi|domani)\b",
    re.IGNORECASE,
)
_WEEKDAY_ONLY = re.compile(
    r"^(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day\b[^0-9]*$", re.IGNORECASE
)


def is_relative(text: str) -> bool:
    """Tell whether `text` is a time relative to the moment of reading ("in 2 hours")."""
    return bool(_RELATIVE.search(text))


def is_weekday_only(text: str) -> bool:
    """Tell whether `text` names only a weekday ("Friday"), which is relative too."""
    return bool(_WEEKDAY_ONLY.match(text))


def relative_time_message() -> str:
    return (
        "A relative time cannot be scheduled, because the calendar is read again on every "
        "run and 'tomorrow' or 'in 2 hours' would move each time. Write a fixed date and "
        "time, such as 2026-12-31 14:30."
    )


def parse_spelt_date(text: str) -> tuple[datetime, bool] | None:
    """Parse a date that names its month ("5 December 2026 2:30 pm") with dateutil.

    dateutil fills parts it does not find from a default datetime, so the text is parsed
    against two defaults that differ in every field: a field that comes out different
    was not in the text. Returns None unless the year, month and day were all written.
    """
    if not re.search(r"[A-Za-z]{3}", text):
        return None
    readings = []
    for default in (datetime(2001, 1, 1, 0, 0, 0), datetime(2002, 2, 2, 1, 1, 1)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                value = dateutil_parser.parse(text, default=default)
            except (ValueError, OverflowError):
                return None
        # An unknown zone abbreviation ("EST") would otherwise be dropped silently.
        if caught:
            return None
        readings.append(value)
    first, second = readings
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None
    # dateutil fills the minutes of "2 pm" from the default too, so only a differing hour
    # shows that the text had no time of day.
    has_clock = first.hour == second.hour
    return first, has_clock
