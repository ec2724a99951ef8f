"""How close a push comes to the least time a rate limit allows, without a single 429.

A sandbox on 127.0.0.1 allows 20 requests per fixed 2-second window; `calendar-loader
push --rate-limit 20/2s` sends 300 rows to it. With N requests under a limit of L per
window W, the last request cannot start before (ceil(N / L) - 1) * W seconds after the
first, so 300 posts need at least 28 s. The script prints the time from the first to
the last post created (the sandbox's createdAt times) and the whole command's
time, against that bound, and the number of 429 responses.

    python benchmarks/bench_push_rate.py [--rows 300] [--limit 20/2s] [--reset-form FORM]

It measures each form of the X-RateLimit-Reset header the API may send. A reset in whole
epoch seconds is rounded up by the server, and the client waits for it, so with a
2-second window each window can cost up to one extra second; with Ocoya's 60-second
window the same rounding costs under 2%.
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from calendar_loader.durations import RateLimit, parse_rate_limit
from calendar_loader.ocoya import DEMO_API_KEY, DEMO_WORKSPACE_ID
from calendar_loader.sandbox import Sandbox, SandboxConfig

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chaos import write_calendar  # a sibling script, not a package

FORMS = ("epoch-ms", "delta-s", "epoch-s")


def measure(rows: int, limit: RateLimit, reset_form: str) -> dict[str, float | int]:
    """Push `rows` posts to a fresh sandbox and return the figures of that run."""
    config = SandboxConfig(rate_limit=limit.requests, window=limit.window, reset_form=reset_form)
    with (
        tempfile.TemporaryDirectory(prefix="calendar-loader-bench-") as name,
        Sandbox(config) as sandbox,
    ):
        folder = Path(name)
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
        write_calendar(folder / "calendar.csv", rows, start)
        command = [
            sys.executable, "-m", "calendar_loader", "push", str(folder / "calendar.csv"),
            "--api-url", sandbox.url,
            "--workspace", DEMO_WORKSPACE_ID,
            "--ledger", str(folder / "ledger.sqlite"),
            "--rate-limit", str(limit),
            "--log-format", "json",
        ]  # fmt: skip
        environment = {**os.environ, "OCOYA_API_KEY": DEMO_API_KEY}
        began = time.monotonic()
        completed = subprocess.run(command, env=environment, capture_output=True)
        command_seconds = time.monotonic() - began
        stats = sandbox.stats()
        created_times = sorted(
            datetime.fromisoformat(str(post["createdAt"])) for post in sandbox.posts()
        )
    if completed.returncode != 0:
        print(completed.stderr.decode("utf-8", "replace")[-2000:], file=sys.stderr)

    requests = stats["requests"]
    total = sum(sum(int(n) for n in counts.values()) for counts in requests.values())
    least = (math.ceil(total / limit.requests) - 1) * limit.window
    span = (created_times[-1] - created_times[0]).total_seconds() if created_times else 0.0
    return {
        "created": int(requests.get("POST /post", {}).get("201", 0)),
        "requests": total,
        "429s": sum(int(counts.get("429", 0)) for counts in requests.values()),
        "least": least,
        "span": span,
        "ratio": span / least if least else float("nan"),
        "command": command_seconds,
        "exit": completed.returncode,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--limit", default="20/2s")
    parser.add_argument("--reset-form", choices=FORMS, help="Measure one form only.")
    arguments = parser.parse_args()
    limit = parse_rate_limit(arguments.limit)
    forms = [arguments.reset_form] if arguments.reset_form else list(FORMS)

    print(
        f"Push of {arguments.rows} rows to a sandbox allowing {limit.requests} requests per "
        f"fixed {limit.window:g} s window, with --rate-limit {limit}"
    )
    header = ("X-RateLimit-Reset", "created", "requests", "429s", "least s", "first-last s",
              "ratio", "command s", "exit")  # fmt: skip
    print("  ".join(f"{name:>13}" for name in header))
    failed = 0
    for form in forms:
        figures = measure(arguments.rows, limit, form)
        cells = (form, figures["created"], figures["requests"], figures["429s"],
                 f"{figures['least']:.1f}", f"{figures['span']:.2f}", f"{figures['ratio']:.3f}",
                 f"{figures['command']:.2f}", figures["exit"])  # fmt: skip
        print("  ".join(f"{cell:>13}" for cell in cells))
        failed += figures["exit"] != 0
    print(
        "least s: (ceil(requests / limit) - 1) x window. first-last s: from the first post "
        "created to the last, by the sandbox's createdAt. command s: the whole process, "
        "Python start-up included."
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
