"""Measure `check_tables` on large generated calendars, against one pydantic model per row.

Run as `python benchmarks/bench_checking.py [--rows N ...]` (default: 100,000 and
1,000,000 rows). Each size runs in a fresh child process so that its peak memory is its
own. Memory is the peak resident set size of that process from
`resource.getrusage(RUSAGE_SELF).ru_maxrss`, which includes the generated tables, and the
increase over the resident size measured just before checking. The per-row pydantic
comparison runs for the smallest size only, on the same tables, in the same child.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from calendar_loader.checking import CheckSettings, PostRequest, check_tables
from calendar_loader.table import FIELDS, ROW, CalendarTable

NOW = datetime(2026, 6, 1, tzinfo=UTC)
CAPTIONS = [
    "New week, new menu! Come and taste our seasonal dishes 🍂 #food #local",
    "Behind the scenes at the workshop: how every piece is made by hand.\n\nLink in bio.",
    "Genève accueille le Mondial. Trois lieux. Une expérience. Réservez vos places.",
    "5 tips to organise your desk before Monday 📎✨ Save this post for later!",
    "Customer story: how a small team saved ten hours a week with better planning.",
    "Weekend opening hours: Saturday 9–18, Sunday 10–16. See you there! 🚀",
]
PROFILE_SETS = [["ig-main"], ["ig-main", "fb-page"], ["li-company"], ["x-brand", "li-company"]]
ZONES = ["Europe/Paris", "Europe/Paris", "Europe/Paris", "America/New_York", None]
POST_TYPES = ["Feed post"] * 19 + ["Reel"]


def build_tables(rows: int, seed: int = 7) -> list[CalendarTable]:
    """Build two tables that together hold `rows` realistic calendar rows.

    About 1 % of the rows carry a mistake (a local media path, a relative time, a date
    that does not exist, a bare UTC offset as a zone), so every kind of check does work.
    """
    random = np.random.default_rng(seed)
    numbers = np.arange(rows)
    days = pd.Timestamp("2027-01-01") + pd.to_timedelta(random.integers(0, 730, rows), unit="D")
    slots = random.integers(14, 44, rows)
    times = [f"{slot // 2:02d}:{30 * (slot % 2):02d}" for slot in slots]
    dates = list(days.strftime("%Y-%m-%d"))
    dotted = random.random(rows) < 0.1
    for position in np.flatnonzero(dotted):
        dates[position] = days[position].strftime("%d.%m.%Y")
    combined: list[str | None] = [None] * rows
    for position in np.flatnonzero(random.random(rows) < 0.1):
        day = days[position].strftime("%Y-%m-%d")
        combined[position] = f"{day}T{times[position]}:{position % 60:02d}Z"
        dates[position] = None
        times[position] = None

    captions = [f"{CAPTIONS[number % len(CAPTIONS)]} ({number})" for number in numbers]
    media = [[f" https://cdn.brandassets.net/posts/{number}/image.jpg "] for number in numbers]
    profiles = [list(PROFILE_SETS[number % len(PROFILE_SETS)]) for number in numbers]
    zones = [ZONES[number % len(ZONES)] for number in numbers]
    post_types = [POST_TYPES[number % len(POST_TYPES)] for number in numbers]

    for position in random.choice(rows, size=max(rows // 100, 4), replace=False):
        mistake = position % 4
        if mistake == 0:
            media[position] = ["C:/Users/anna/Pictures/launch.png"]
        elif mistake == 1 and dates[position] is not None:
            dates[position] = "tomorrow"
        elif mistake == 2 and dates[position] is not None:
            dates[position] = "2027-02-30"
        else:
            zones[position] = "GMT+8"

    frame = pd.DataFrame(
        {
            ROW: numbers + 2,
            "caption": captions,
            "media": media,
            "profiles": profiles,
            "scheduled_at": combined,
            "date": dates,
            "time": times,
            "timezone": zones,
            "post_type": post_types,
            "variant": [None] * rows,
            "skip_reason": [None] * rows,
            "draft_reason": [None] * rows,
        },
        dtype=object,
    )
    frame[ROW] = frame[ROW].astype(np.int64)
    columns = {name: name.replace("_", " ").title() for name in FIELDS}
    half = rows // 2
    return [
        CalendarTable(source=f"calendar-{part}.csv", sheet=None, frame=piece, columns=columns)
        for part, piece in enumerate((frame.iloc[:half], frame.iloc[half:]), start=1)
    ]


class RowModel(BaseModel):
    """One calendar row checked by pydantic validators, the per-row design measured against."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    caption: str | None
    media: list[str]
    profiles: list[str]
    scheduled_at: str | None
    date: str | None
    time: str | None
    timezone: str | None

    @field_validator("caption")
    @classmethod
    def _clean_caption(cls, value: str | None) -> str | None:
        return unicodedata.normalize("NFC", value).rstrip() if value else None

    @field_validator("media", "profiles")
    @classmethod
    def _strip(cls, value: list[str]) -> list[str]:
        return [item.strip() for item in value if item.strip()]

    def to_body(self) -> dict[str, object]:
        body: dict[str, object] = {}
        if self.caption:
            body["caption"] = self.caption
        if self.media:
            body["mediaUrls"] = self.media
        if self.profiles:
            body["socialProfileIds"] = self.profiles
        moment = self._moment()
        if moment is not None:
            body["scheduledAt"] = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        return body

    def _moment(self) -> datetime | None:
        if self.scheduled_at:
            return datetime.fromisoformat(self.scheduled_at).astimezone(UTC)
        if not self.date or not self.time:
            return None
        day_format = "%d.%m.%Y" if "." in self.date else "%Y-%m-%d"
        wall = datetime.strptime(f"{self.date} {self.time}", f"{day_format} %H:%M")
        zone = ZoneInfo(self.timezone or "UTC")
        return wall.replace(tzinfo=zone).astimezone(UTC)


def check_per_row(tables: list[CalendarTable]) -> int:
    """Validate each row through RowModel and PostRequest; return the count of valid rows."""
    valid = 0
    for table in tables:
        for record in table.frame.to_dict("records"):
            try:
                row = RowModel.model_validate(record)
                if row.timezone and row.timezone.startswith("GMT"):
                    continue
                PostRequest.model_validate(row.to_body())
                valid += 1
            except (ValidationError, ValueError):
                continue
    return valid


def _rss_mib() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(rows: int, compare: bool) -> dict[str, float]:
    """Build tables of `rows` rows in this process, check them and return the figures."""
    tables = build_tables(rows)
    settings = CheckSettings(now=NOW, min_lead=timedelta(minutes=5), timezone="UTC")
    before = _current_rss_mib()
    started = time.perf_counter()
    report = check_tables(tables, settings)
    seconds = time.perf_counter() - started
    figures = {
        "rows": rows,
        "seconds": seconds,
        "valid": report.summary.valid,
        "invalid": report.summary.invalid,
        "rss_before_mib": before,
        "peak_rss_mib": _rss_mib(),
    }
    if compare:
        started = time.perf_counter()
        check_per_row(tables)
        figures["per_row_seconds"] = time.perf_counter() - started
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", type=int, nargs="+", default=[100_000, 1_000_000], help="sizes to measure"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--compare", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(measure(arguments.rows[0], arguments.compare)))
        return

    smallest = min(arguments.rows)
    print(
        f"{'rows':>10} {'seconds':>8} {'rows/s':>10} {'peak RSS MiB':>13} "
        f"{'RSS growth MiB':>15} {'per-row pydantic s':>19} {'ratio':>6}"
    )
    for rows in arguments.rows:
        command = [sys.executable, __file__, "--child", "--rows", str(rows)]
        if rows == smallest:
            command.append("--compare")
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        figures = json.loads(output)
        per_row = figures.get("per_row_seconds")
        ratio = f"{per_row / figures['seconds']:.1f}x" if per_row else "-"
        print(
            f"{rows:>10,} {figures['seconds']:>8.2f} {rows / figures['seconds']:>10,.0f} "
            f"{figures['peak_rss_mib']:>13,.0f} "
            f"{figures['peak_rss_mib'] - figures['rss_before_mib']:>15,.0f} "
            f"{f'{per_row:.2f}' if per_row else '-':>19} {ratio:>6}"
        )
    print("Memory: peak resident set size (getrusage ru_maxrss) of a fresh process per size.")


if __name__ == "__main__":
    main()
