"""Write the sample calendars of Lumen & Loaf, a fictional bakery in Berlin and New York.

Run `python samples/make_samples.py` after changing a post here; it rewrites
calendar.csv, calendar.xlsx, calendar.yaml and invalid.csv beside this file. The posts
are dated 2031 so that the samples stay in the future for years. Profile ids are those
of the local Ocoya stand-in's demo workspace.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time
from pathlib import Path

import yaml
from openpyxl import Workbook

from calendar_loader.sandbox import DEMO_PROFILES

HERE = Path(__file__).resolve().parent
CDN = "https://cdn.lumenandloaf.com/2031"


def _profile(provider: str) -> str:
    for profile in DEMO_PROFILES:
        if profile["provider"] == provider:
            return str(profile["id"])
    raise KeyError(provider)


IG, FB, LI, X = (_profile(name) for name in ("instagram", "facebook", "linkedin", "twitter"))
BERLIN = "Europe/Berlin"
NEW_YORK = "America/New_York"

# caption, media, profiles, date, time, zone
APRIL = [
    (
        "🥐 Spring menu is here!\n\nRhubarb & cardamom buns land in both shops this Friday.",
        [f"{CDN}/04/rhubarb-buns.jpg"],
        [IG, FB],
        date(2031, 4, 1),
        time(8, 0),
        BERLIN,
    ),
    (
        "Good morning, Brooklyn ☀️ Our sourdough starter turns 7 today. "
        "Free slice with every coffee.",
        [f"{CDN}/04/starter-birthday.png"],
        [IG, X],
        date(2031, 4, 2),
        time(7, 30),
        NEW_YORK,
    ),
    (
        "We are hiring two early-shift bakers in Berlin-Kreuzberg.\n"
        "Full time, from 4 am, with a real pension and Sundays off.\n\n"
        "Apply: lumenandloaf.com/jobs",
        [],
        [LI],
        date(2031, 4, 3),
        time(10, 0),
        BERLIN,
    ),
    (
        "Behind the oven door: 4 am, 240 °C, 312 loaves. 🔥",
        [f"{CDN}/04/oven-door.mp4"],
        [IG, FB, X],
        date(2031, 4, 5),
        time(6, 45),
        BERLIN,
    ),
    (
        "Easter weekend hours 🐣\nFri–Sun 7:00–14:00, Monday closed.",
        [f"{CDN}/04/easter-hours.png"],
        [IG, FB],
        date(2031, 4, 10),
        time(18, 0),
        BERLIN,
    ),
    (
        "Hot cross buns, the New York way: orange zest, sour cherries, no raisins. 🍒",
        [f"{CDN}/04/hot-cross-buns.jpg", f"{CDN}/04/hot-cross-buns-tray.jpg"],
        [IG, FB, X],
        date(2031, 4, 11),
        time(8, 15),
        NEW_YORK,
    ),
    (
        "What makes a crumb open? A thread on hydration, folds and patience. 🧵",
        [],
        [X],
        date(2031, 4, 14),
        time(12, 0),
        NEW_YORK,
    ),
    (
        "Meet Aylin, who shapes every pretzel in Berlin by hand — 1,200 a morning. 🥨",
        [f"{CDN}/04/aylin-pretzels.jpg"],
        [IG, LI],
        date(2031, 4, 16),
        time(9, 0),
        BERLIN,
    ),
    (
        "Rainy Saturday plan: cinnamon knots and a pot of tea. ☔️",
        [f"{CDN}/04/cinnamon-knots.jpg"],
        [IG],
        date(2031, 4, 19),
        time(9, 30),
        NEW_YORK,
    ),
    (
        "Our rye is now 100% from Brandenburg farms within 80 km of the shop. 🌾",
        [f"{CDN}/04/rye-field.jpg"],
        [IG, FB, LI],
        date(2031, 4, 22),
        time(11, 0),
        BERLIN,
    ),
    (
        "Workshop: bake your first sourdough, Saturday 26 April, 10:00–13:00.\n"
        "Eight places, flour and apron included.",
        [f"{CDN}/04/workshop.png"],
        [FB],
        date(2031, 4, 24),
        time(17, 0),
        BERLIN,
    ),
    (
        "Thank you, Williamsburg — 10,000 croissants since we opened! 🥐🎉",
        [f"{CDN}/04/croissant-10k.gif"],
        [IG, X],
        date(2031, 4, 28),
        time(16, 0),
        NEW_YORK,
    ),
    # Two drafts: no profiles yet, and no date yet.
    (
        "Staff day: both shops closed, the ovens get a rest too. 🌷",
        [f"{CDN}/05/may-day.jpg"],
        [],
        date(2031, 4, 30),
        time(18, 0),
        BERLIN,
    ),
    (
        "Idea: a 'guess the loaf weight' competition for the summer fair.",
        [],
        [IG, FB],
        None,
        None,
        None,
    ),
]


SEASONAL = ("Easter", "Hot cross", "April", "Spring")


def _shift_month(posts: list[tuple], month: int, tag: str) -> list[tuple]:
    """Return the same kind of month for another month, with captions made distinct.

    Posts tied to April (Easter, spring, the workshop date) are left out.
    """
    shifted = []
    for caption, media, profiles, day, moment, zone in posts:
        if any(word in caption for word in SEASONAL):
            continue
        new_day = day.replace(month=month) if day else None
        new_media = [url.replace("/04/", f"/{month:02d}/") for url in media]
        shifted.append((f"{caption}\n\n#{tag}", new_media, profiles, new_day, moment, zone))
    return shifted


MAY = _shift_month(APRIL, 5, "LumenAndLoafMay")
JUNE = _shift_month(APRIL, 6, "LumenAndLoafJune")


def write_csv(posts: list[tuple], path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["caption", "media", "profiles", "date", "time", "timezone"])
    for caption, media, profiles, day, moment, zone in posts:
        writer.writerow(
            [
                caption,
                "\n".join(media),
                ", ".join(profiles),
                day.isoformat() if day else "",
                moment.strftime("%H:%M") if moment else "",
                zone or "",
            ]
        )
    path.write_text(buffer.getvalue(), encoding="utf-8")


def write_xlsx(posts: list[tuple], path: Path) -> None:
    """Write real Excel cells: dates and times as Excel dates, the rest as text."""
    book = Workbook()
    sheet = book.active
    sheet.title = "May 2031"
    sheet.append(["Post text", "Image URL", "Channels", "Publish date", "Time", "Time zone"])
    for caption, media, profiles, day, moment, zone in posts:
        sheet.append([caption, "\n".join(media), "; ".join(profiles), day, moment, zone])
    for cell in sheet["D"][1:]:
        cell.number_format = "yyyy-mm-dd"
    for cell in sheet["E"][1:]:
        cell.number_format = "hh:mm"
    book.properties.created = datetime(2031, 1, 1)
    book.save(path)


def write_yaml(posts: list[tuple], path: Path) -> None:
    records = []
    for caption, media, profiles, day, moment, zone in posts:
        record: dict[str, object] = {"caption": caption}
        if media:
            record["media"] = media
        if profiles:
            record["profiles"] = profiles
        if day:
            record["scheduled_at"] = f"{day.isoformat()} {moment:%H:%M}"
        if zone and zone != BERLIN:
            record["timezone"] = zone
        records.append(record)
    document = {"defaults": {"timezone": BERLIN}, "posts": records}
    header = "# Lumen & Loaf, June 2031. Every post uses Berlin time unless it names a zone.\n"
    body = yaml.dump(document, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(header + body, encoding="utf-8")


class _BlockDumper(yaml.SafeDumper):
    """Write captions with several lines as `|` blocks, the way a person would."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_BlockDumper.add_representer(str, _represent_text)


# One row for each kind of problem the checks report; the note column says which.
INVALID_ROWS = [
    ("", "", IG, "2031-04-01", "09:00", BERLIN, "no caption and no media"),
    ("x" * 10_001, "", IG, "2031-04-01", "09:00", BERLIN, "caption over 10,000 characters"),
    ("Bad link", "ftp://cdn.lumenandloaf.com/a.jpg", IG, "2031-04-02", "09:00", BERLIN, "not http"),
    ("PDF menu", f"{CDN}/menu.pdf", IG, "2031-04-02", "10:00", BERLIN, "unsupported media type"),
    ("No zone", "", IG, "2031-04-03", "09:00", "", "no time zone anywhere"),
    ("Odd zone", "", IG, "2031-04-03", "09:00", "Mars/Olympus", "unknown time zone"),
    ("Spring gap", "", IG, "2031-03-30", "02:30", BERLIN, "time skipped by DST"),
    ("Autumn twice", "", IG, "2031-10-26", "02:30", BERLIN, "time repeated by DST"),
    ("Too late", "", IG, "2020-01-01", "09:00", BERLIN, "in the past"),
    ("No time", "", IG, "2031-04-04", "", BERLIN, "date without a time"),
    ("Bad date", "", IG, "31.02.2031", "09:00", BERLIN, "no such date"),
    ("Relative", "", IG, "next Friday", "09:00", BERLIN, "relative date"),
    ("Twice", "", IG, "2031-04-05", "09:00", BERLIN, "first of two identical rows"),
    ("Twice", "", IG, "2031-04-05", "09:00", BERLIN, "duplicate of the row above"),
]


def write_invalid(path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["caption", "media", "profiles", "date", "time", "timezone", "note"])
    writer.writerows(INVALID_ROWS)
    # A row with one field too few, which must be reported, never shifted.
    buffer.write("Short row,,2031-04-06,09:00,Europe/Berlin,a field is missing\n")
    path.write_text(buffer.getvalue(), encoding="utf-8")


def main() -> None:
    write_csv(APRIL, HERE / "calendar.csv")
    write_xlsx(MAY, HERE / "calendar.xlsx")
    write_yaml(JUNE, HERE / "calendar.yaml")
    write_invalid(HERE / "invalid.csv")


if __name__ == "__main__":
    main()
