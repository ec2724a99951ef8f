"""Turn the time zone a calendar names ("Europe/Paris", "Asia/Shanghai (BJT/GMT+8)") into a zone.

Only IANA names of the form Area/Location are accepted, plus UTC. Abbreviations such as
CET or EST and bare offsets such as GMT+8 are rejected, because they do not say which
daylight-saving rules apply, and IANA reverses the sign of offsets (Etc/GMT+8 is UTC−8).
"""

from __future__ import annotations

import re
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

UTC_NAME = "UTC"
_UTC_ALIASES = {"utc", "z", "gmt", "zulu", "etc/utc", "etc/gmt", "etc/zulu", "etc/universal"}
_AREA_LOCATION = re.compile(r"[A-Za-z_]+(?:/[A-Za-z0-9_+\-]+)+")
_OFFSET = re.compile(
    r"\b(?:UTC|GMT)\s*(?P<sign>[+\-−])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?\b",
    re.IGNORECASE,
)
_ZERO_OFFSET = re.compile(r"^(?:UTC|GMT)\s*[+\-−±]?\s*0{1,2}(?::?00)?$", re.IGNORECASE)

# One well-known zone per whole-hour offset, to suggest in place of a bare offset.
_EXAMPLE_ZONES = {
    -10: "Pacific/Honolulu",
    -8: "America/Los_Angeles",
    -7: "America/Denver",
    -6: "America/Chicago",
    -5: "America/New_York",
    -3: "America/Sao_Paulo",
    0: "Europe/London",
    1: "Europe/Paris",
    2: "Europe/Athens",
    3: "Europe/Moscow",
    4: "Asia/Dubai",
    7: "Asia/Bangkok",
    8: "Asia/Shanghai",
    9: "Asia/Tokyo",
    10: "Australia/Sydney",
    12: "Pacific/Auckland",
}


class ZoneError(ValueError):
    """A time zone text that names no usable zone. The message explains what to write."""


@cache
def _zone_names() -> dict[str, str]:
    """Map every Area/Location IANA name, lower-cased, to its spelling in tzdata."""
    return {name.lower(): name for name in available_timezones() if "/" in name}


@cache
def zone_named(name: str) -> ZoneInfo:
    """Return the ZoneInfo for a canonical name returned by `resolve_zone_name`."""
    return ZoneInfo(name)


@cache
def resolve_zone_name(text: str) -> str:
    """Return the IANA name that `text` stands for, such as "Asia/Shanghai".

    `text` is either UTC (also written Z or GMT), an Area/Location name in any letter
    case, or free text that contains exactly one such name. Raises ZoneError otherwise,
    with a message that explains what to write instead.
    """
    stripped = text.strip()
    if stripped.lower() in _UTC_ALIASES or _ZERO_OFFSET.match(stripped):
        return UTC_NAME
    names = _zone_names()
    if stripped.lower() in names:
        return names[stripped.lower()]

    found = list(
        dict.fromkeys(
            names[token.lower()]
            for token in _AREA_LOCATION.findall(stripped)
            if token.lower() in names
        )
    )
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise ZoneError(
            f"The time zone names {len(found)} zones ({', '.join(found)}). Keep only one."
        )

    offset = _OFFSET.search(stripped)
    if offset is not None:
        raise ZoneError(_offset_message(offset))
    raise ZoneError(
        "The time zone is not an IANA time zone name. Write a name of the form "
        "Area/Location, such as Europe/Paris or America/New_York, or UTC. Abbreviations "
        "such as CET or EST are not accepted because they do not say when daylight "
        "saving time applies."
    )


def _offset_message(offset: re.Match[str]) -> str:
    east = offset.group("sign") not in "-−"
    hours = int(offset.group("hours"))
    written = offset.group(0)
    same_sign = "+" if east else "-"
    meaning = "−" if east else "+"
    intended = "+" if east else "−"
    minutes = int(offset.group("minutes") or 0)
    example = None
    if minutes == 0:
        example = _EXAMPLE_ZONES.get(hours if east else -hours)
    if example is None:
        suggestion = "such as Europe/Paris or Asia/Kolkata"
    else:
        suggestion = f"such as {example} for UTC{intended}{hours}"
    return (
        f"{written} is a bare UTC offset, not a time zone name. It does not follow daylight "
        f"saving time, and IANA names reverse the sign: Etc/GMT{same_sign}{hours} means "
        f"UTC{meaning}{hours}. Write the name of the place's zone instead, {suggestion}."
    )
