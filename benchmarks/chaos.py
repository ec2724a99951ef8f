"""Prove that a push posts every row exactly once through faults and SIGKILLs.

The script starts the local Ocoya stand-in in its own process, injecting every fault it
knows (503 before storing, 500 after storing, a hang or a dropped connection after
storing, 429 bursts, slow answers, every form of X-RateLimit-Reset) at about 20% of
requests in total. It then runs `calendar-loader push` on a calendar of valid rows,
kills it with SIGKILL at random moments, and reruns it until it exits 0. Finally it
compares the stand-in's stored posts with the calendar and with the ledger.

    python benchmarks/chaos.py                  # 500 rows, 10 kills (make chaos)
    python benchmarks/chaos.py --rows 40 --kills 3 --json

Everything runs on 127.0.0.1 in a temporary folder. The script's own requests ignore
proxy variables (trust_env=False), so that they reach the stand-in directly.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from calendar_loader.ocoya import DEMO_API_KEY, DEMO_WORKSPACE_ID
from calendar_loader.sandbox import DEMO_PROFILES

FAULT_RATES = {
    "--fail-before-store": 0.04,
    "--fail-after-store": 0.04,
    "--hang-after-store": 0.03,
    "--drop-after-store": 0.03,
    "--burst-429": 0.03,
    "--slow": 0.03,
}
MAX_RERUNS = 30


def write_calendar(path: Path, rows: int, start: datetime) -> list[dict[str, Any]]:
    """Write `rows` valid posts and return the request body each one must become."""
    profiles = [str(profile["id"]) for profile in DEMO_PROFILES]
    expected = []
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["caption", "media", "profiles", "scheduled_at"])
        for index in range(rows):
            moment = start + timedelta(minutes=15 * index)
            caption = f"Chaos post {index + 1} 🧪\nline two of post {index + 1}"
            media = [f"https://cdn.lumenandloaf.com/chaos/{index + 1}.jpg"] if index % 3 else []
            chosen = profiles[: 1 + index % len(profiles)]
            scheduled = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
            writer.writerow([caption, "\n".join(media), ",".join(chosen), scheduled])
            body: dict[str, Any] = {"caption": caption}
            if media:
                body["mediaUrls"] = media
            body["socialProfileIds"] = chosen
            body["scheduledAt"] = scheduled
            expected.append(body)
    return expected


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def sandbox_process(folder: Path, seed: int) -> Iterator[str]:
    port = free_port()
    command = [
        sys.executable, "-m", "calendar_loader", "sandbox",
        "--port", str(port),
        "--state", str(folder / "sandbox.json"),
        "--rate-limit", "600/1s",
        "--reset-form", "rotate",
        "--seed", str(seed),
        "--hang-seconds", "3",
    ]  # fmt: skip
    for option, rate in FAULT_RATES.items():
        command += [option, str(rate)]
    log = (folder / "sandbox.log").open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/api/_public/v1"
    try:
        _wait_until_up(url)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/me", headers={"X-API-Key": DEMO_API_KEY}, timeout=1, trust_env=False)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("the sandbox did not start within 20 s")


def push_command(calendar: Path, ledger: Path, url: str) -> list[str]:
    return [
        sys.executable, "-m", "calendar_loader", "push", str(calendar),
        "--api-url", url,
        "--workspace", DEMO_WORKSPACE_ID,
        "--ledger", str(ledger),
        "--rate-limit", "500/1s",
        "--timeout", "1s",
        "--log-format", "json",
    ]  # fmt: skip


def run_with_kills(
    command: list[str], folder: Path, kills: int, rng: random.Random
) -> tuple[int, int, list[int]]:
    """Run the push, SIGKILL it `kills` times at random moments, then rerun until exit 0.

    Returns the kills that landed on a running push, the reruns, and every exit code.
    """
    environment = {**os.environ, "OCOYA_API_KEY": DEMO_API_KEY}
    landed = 0
    codes: list[int] = []
    log = (folder / "push.log").open("a")
    for _ in range(kills):
        process = subprocess.Popen(command, env=environment, stdout=log, stderr=log)
        time.sleep(rng.uniform(0.8, 3.0))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            landed += 1
        codes.append(process.wait())
    reruns = 0
    while reruns < MAX_RERUNS:
        reruns += 1
        code = subprocess.run(command, env=environment, stdout=log, stderr=log).returncode
        codes.append(code)
        if code == 0:
            break
    log.close()
    return landed, reruns, codes


def stored_posts(url: str) -> list[dict[str, Any]]:
    posts: list[dict[str, Any]] = []
    page = 0
    with httpx.Client(headers={"X-API-Key": DEMO_API_KEY}, timeout=10, trust_env=False) as client:
        while True:
            response = client.get(
                f"{url}/post",
                params={"workspaceId": DEMO_WORKSPACE_ID, "page": page, "perPage": 50},
            )
            if response.status_code == 429:
                time.sleep(1)
                continue
            batch = response.json()
            posts.extend(batch)
            if len(batch) < 50:
                return posts
            page += 1


def sandbox_stats(url: str) -> dict[str, Any]:
    base = url.split("/api/")[0]
    response = httpx.get(
        f"{base}/_sandbox/stats", headers={"X-API-Key": DEMO_API_KEY}, trust_env=False
    )
    return dict(response.json())


def ledger_entries(ledger: Path) -> list[dict[str, Any]]:
    command = [sys.executable, "-m", "calendar_loader", "ledger", "--ledger", str(ledger)]
    output = subprocess.run([*command, "--format", "json"], capture_output=True, check=True)
    return list(json.loads(output.stdout))


def _visible_key(caption: str | None, profiles: list[str], media: int, when: str | None) -> str:
    moment = when[:19] if when else None
    return json.dumps([caption, sorted(profiles), media, moment], ensure_ascii=False)


def compare(
    expected: list[dict[str, Any]], posts: list[dict[str, Any]], ledger: list[dict[str, Any]]
) -> dict[str, int]:
    """Count rows posted once, twice or not at all, and ledger entries the API contradicts."""
    stored_by_key: Counter[str] = Counter()
    stored_by_id: dict[str, str] = {}
    for post in posts:
        caption = next((item["caption"] for item in post["posts"] if item.get("caption")), None)
        profiles = [link["socialProfile"]["id"] for link in post["socialProfiles"]]
        media = len(post["posts"][0]["creatives"]) if post["posts"] else 0
        key = _visible_key(caption, profiles, media, post["scheduledAt"])
        stored_by_key[key] += 1
        stored_by_id[post["id"]] = key

    counts = Counter()
    for body in expected:
        key = _visible_key(
            body.get("caption"),
            body.get("socialProfileIds", []),
            len(body.get("mediaUrls", [])),
            body.get("scheduledAt"),
        )
        found = stored_by_key[key]
        if found == 1:
            counts["posted once"] += 1
        elif found > 1:
            counts["posted twice or more"] += 1
        else:
            counts["lost"] += 1

    disagreements = 0
    for entry in ledger:
        body = entry["request"] or {}
        key = _visible_key(
            body.get("caption"),
            body.get("socialProfileIds", []),
            len(body.get("mediaUrls", [])),
            body.get("scheduledAt"),
        )
        if entry["status"] == "sent":
            disagreements += stored_by_id.get(entry["postGroupId"]) != key
        elif entry["status"] != "skipped":
            disagreements += 1
    counts["ledger disagreements"] = disagreements
    counts["stored posts"] = len(posts)
    return dict(counts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2031)
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    arguments = parser.parse_args()
    rng = random.Random(arguments.seed)

    with tempfile.TemporaryDirectory(prefix="calendar-loader-chaos-") as name:
        folder = Path(name)
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
        expected = write_calendar(folder / "calendar.csv", arguments.rows, start)
        with sandbox_process(folder, arguments.seed) as url:
            command = push_command(folder / "calendar.csv", folder / "ledger.sqlite", url)
            started = time.monotonic()
            kills, reruns, codes = run_with_kills(command, folder, arguments.kills, rng)
            elapsed = time.monotonic() - started
            figures = compare(expected, stored_posts(url), ledger_entries(folder / "ledger.sqlite"))
            faults = sandbox_stats(url).get("faults", {})

    result = {
        "rows": arguments.rows,
        "faults injected": faults,
        "kills survived": kills,
        "reruns after the kills": reruns,
        "exit codes": codes,
        "seconds": round(elapsed, 1),
        "rows posted once": figures.get("posted once", 0),
        "rows posted twice": figures.get("posted twice or more", 0),
        "rows lost": figures.get("lost", 0),
        "ledger entries that disagree with the sandbox": figures["ledger disagreements"],
        "posts stored in the sandbox": figures["stored posts"],
    }
    if arguments.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        _print_table(result)
    clean = result["rows posted twice"] == result["rows lost"] == 0
    clean = clean and result["ledger entries that disagree with the sandbox"] == 0
    return 0 if clean and codes and codes[-1] == 0 else 1


def _print_table(result: dict[str, Any]) -> None:
    print("calendar-loader chaos run")
    print(f"{'':-<60}")
    for name, value in result.items():
        if name == "faults injected":
            total = sum(value.values())
            print(f"{'faults injected (total)':<48}{total:>12}")
            for kind, count in sorted(value.items()):
                print(f"  {kind:<46}{count:>12}")
        elif name == "exit codes":
            print(f"{'exit codes, run by run':<48}{' '.join(map(str, value)):>12}")
        else:
            print(f"{name:<48}{value:>12}")


if __name__ == "__main__":
    sys.exit(main())
