"""Measure loading and column mapping (`map_columns`) of large generated CSV calendars.

Run as `python benchmarks/bench_columns.py [--rows N ...]` (default: 100,000 and
1,000,000 rows). Each size is measured for two calendars, each in a fresh child process
so that its peak memory is its own:

- plain: caption, media, profiles ("a1,b2"), scheduled_at and timezone columns, mapped
  by their header names alone.
- mapped: a mapping file joins Caption and Hashtags with a caption template and turns
  the profile names of a Platforms column into ids. A Status column skips 2 % of the
  rows as already posted, and 1 % of the rows name a profile the mapping file lacks, so
  those rows are mapped one at a time to report the problem.

The CSV and mapping files are written to a temporary folder. Memory is the peak
resident set size of the child process from `resource.getrusage(RUSAGE_SELF).ru_maxrss`,
which includes the file's text as read, the loaded sheet and the mapped table.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from calendar_loader.columns import load_mapping, map_columns
from calendar_loader.loading import load_calendar

CALENDARS = ("plain", "mapped")
CAPTIONS = [
    "New week, new menu! Come and taste our seasonal dishes 🍂",
    "Behind the scenes at the workshop: how every piece is made by hand.\nLink in bio.",
    "Genève accueille le Mondial. Trois lieux. Une expérience. Réservez vos places.",
    "5 tips to organise your desk before Monday 📎✨ Save this post for later!",
]
HASHTAGS = ["food, local", "#workshop #handmade", "mondial geneve", "", "tips; desk"]
PLATFORMS = ["instagram, facebook", "linkedin", "Instagram", "all", "facebook|linkedin"]
MAPPING = """\
columns:
  caption: "{Caption}\\n\\n{Hashtags}"
  platforms: Platforms
  status: Status
profiles:
  instagram: "17841400000000001"
  facebook: "10220000000000002"
  linkedin: "urn:li:organization:5501"
"""


def write_plain(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["caption", "media", "profiles", "scheduled_at", "timezone"])
        for number in range(rows):
            writer.writerow(
                [
                    f"{CAPTIONS[number % len(CAPTIONS)]} ({number})",
                    f"https://cdn.brandassets.net/posts/{number}/image.jpg",
                    "a1,b2",
                    _moment(number),
                    "Europe/Paris",
                ]
            )


def write_mapped(path: Path, rows: int) -> Path:
    """Write the calendar and its mapping file, and return the mapping file's path."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(
            ["Caption", "Hashtags", "Image", "Platforms", "Status", "Scheduled", "Timezone"]
        )
        for number in range(rows):
            platforms = PLATFORMS[number % len(PLATFORMS)]
            if number % 100 == 7:
                platforms = "instagram, tiktok"
            writer.writerow(
                [
                    f"{CAPTIONS[number % len(CAPTIONS)]} ({number})",
                    HASHTAGS[number % len(HASHTAGS)],
                    f"https://cdn.brandassets.net/posts/{number}/image.jpg",
                    platforms,
                    "Posted" if number % 50 == 3 else "Scheduled",
                    _moment(number),
                    "Europe/Paris",
                ]
            )
    mapping = path.with_name("calendar-loader.yaml")
    mapping.write_text(MAPPING, encoding="utf-8")
    return mapping


def _moment(number: int) -> str:
    return f"2027-{1 + number % 12:02d}-{1 + number % 28:02d} {8 + number % 12:02d}:30"


def measure(rows: int, calendar: str) -> dict[str, float]:
    """Write, load and map one calendar of `rows` rows in this process, and return figures."""
    with tempfile.TemporaryDirectory(prefix="bench-columns-") as folder:
        path = Path(folder) / f"{calendar}.csv"
        mapping = None
        if calendar == "plain":
            write_plain(path, rows)
        else:
            mapping = load_mapping(write_mapped(path, rows))
        started = time.perf_counter()
        raw = load_calendar(path)[0]
        loaded = time.perf_counter()
        table = map_columns(raw, mapping=mapping)
        mapped = time.perf_counter()
    return {
        "rows": rows,
        "records": len(table.frame),
        "problems": len(table.problems),
        "load_seconds": loaded - started,
        "map_seconds": mapped - loaded,
        # ru_maxrss is in KiB on Linux.
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", type=int, nargs="+", default=[100_000, 1_000_000], help="sizes to measure"
    )
    parser.add_argument(
        "--calendar",
        choices=CALENDARS,
        nargs="+",
        default=list(CALENDARS),
        help="calendars to measure (default: both)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(measure(arguments.rows[0], arguments.calendar[0])))
        return

    print(
        f"{'calendar':>8} {'rows':>10} {'load s':>7} {'map s':>7} {'map rows/s':>11} "
        f"{'peak RSS MiB':>13} {'problems':>9}"
    )
    for rows in arguments.rows:
        for calendar in arguments.calendar:
            command = [
                sys.executable,
                __file__,
                "--child",
                "--rows",
                str(rows),
                "--calendar",
                calendar,
            ]
            output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            figures = json.loads(output)
            print(
                f"{calendar:>8} {rows:>10,} {figures['load_seconds']:>7.2f} "
                f"{figures['map_seconds']:>7.2f} {rows / figures['map_seconds']:>11,.0f} "
                f"{figures['peak_rss_mib']:>13,.0f} {figures['problems']:>9,}"
            )
    print(
        "Memory: peak resident set size (getrusage ru_maxrss) of a fresh process per "
        "calendar, including the file's text as read, the sheet and the mapped table."
    )


if __name__ == "__main__":
    main()
