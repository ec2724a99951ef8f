"""Measure `load_calendar` alone on large generated CSV calendars.

Run as `python benchmarks/bench_loading.py [--rows N ...]` (default: 100,000 and
1,000,000 rows). The calendar has five columns: caption (with emoji, accented letters
and, in one row of four, a line break inside the quoted cell), media, profiles,
scheduled_at and timezone. It is written to a temporary folder before the clock starts.

Each size is loaded in a fresh child process, so that its memory figure is its own.
Memory is the peak resident set size of that child from
`resource.getrusage(RUSAGE_SELF).ru_maxrss`, which includes the interpreter and the
imported libraries (72 MiB after importing calendar_loader.loading with Python 3.11 and
pandas 3) as well as the file's bytes and the loaded sheet.
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

from calendar_loader.loading import load_calendar

CAPTIONS = [
    "New week, new menu! Come and taste our seasonal dishes 🍂",
    "Behind the scenes at the workshop: how every piece is made by hand.\nLink in bio.",
    "Genève accueille le Mondial. Trois lieux. Une expérience. Réservez vos places.",
    "5 tips to organise your desk before Monday 📎✨ Save this post for later!",
]


def write_calendar(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["caption", "media", "profiles", "scheduled_at", "timezone"])
        for number in range(rows):
            writer.writerow(
                [
                    f"{CAPTIONS[number % len(CAPTIONS)]} ({number})",
                    f"https://cdn.brandassets.net/posts/{number}/image.jpg",
                    "a1,b2",
                    f"2027-{1 + number % 12:02d}-{1 + number % 28:02d} {8 + number % 12:02d}:30",
                    "Europe/Paris",
                ]
            )


def measure(rows: int) -> dict[str, float]:
    """Write and load one calendar of `rows` rows in this process, and return figures."""
    with tempfile.TemporaryDirectory(prefix="bench-loading-") as folder:
        path = Path(folder) / "calendar.csv"
        write_calendar(path, rows)
        size = path.stat().st_size
        started = time.perf_counter()
        raw = load_calendar(path)[0]
        seconds = time.perf_counter() - started
    return {
        "rows": len(raw.frame),
        "megabytes": size / 1_000_000,
        "seconds": seconds,
        # ru_maxrss is in KiB on Linux.
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", type=int, nargs="+", default=[100_000, 1_000_000], help="sizes to measure"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(measure(arguments.rows[0])))
        return

    print(f"{'rows':>10} {'MB':>7} {'seconds':>8} {'rows/s':>10} {'peak RSS MiB':>13}")
    for rows in arguments.rows:
        command = [sys.executable, __file__, "--child", "--rows", str(rows)]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        figures = json.loads(output)
        print(
            f"{figures['rows']:>10,} {figures['megabytes']:>7.1f} {figures['seconds']:>8.2f} "
            f"{figures['rows'] / figures['seconds']:>10,.0f} {figures['peak_rss_mib']:>13,.0f}"
        )
    print(
        "Memory: peak resident set size (getrusage ru_maxrss) of a fresh child process per "
        "size, including the interpreter and its libraries. The file is written before the "
        "clock starts."
    )


if __name__ == "__main__":
    main()
