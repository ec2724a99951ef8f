"""Other scheduling tools' bulk-upload templates, recognised by their headers.

Each preset maps what an Ocoya post can carry (caption, media, profiles, time). The
template's other columns, such as first comments, alt texts and boards, are left out
and reported once per file. Column lists follow each tool's public help pages; where a
tool's list is only partly documented, the preset maps the columns that are known.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from calendar_loader.columns.headers import header_key, role_of
from calendar_loader.columns.networks import network_of_header
from calendar_loader.columns.plan import ColumnPlan, HeaderIndex
from calendar_loader.table import MEDIA, RawSheet

HOOTSUITE = "hootsuite"
# A cell that starts with a date and a time, in the orders Hootsuite accepts.
_DATE_TIME = re.compile(
    r"^\s*(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4})[ T]\d{1,2}:\d{2}"
)


@dataclass(frozen=True)
class PresetInfo:
    """A preset as `calendar-loader presets` lists it."""

    name: str
    tool: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Preset:
    info: PresetInfo
    recognise: Callable[[HeaderIndex], bool]
    build: Callable[[HeaderIndex], ColumnPlan]

    @property
    def name(self) -> str:
        return self.info.name


def _has(index: HeaderIndex, *names: str) -> bool:
    keys = index.keys()
    return all(header_key(name) in keys for name in names)


def _found(index: HeaderIndex, *names: str) -> list[str]:
    return [header for name in names if (header := index.find(name)) is not None]


def _first(index: HeaderIndex, *names: str) -> str | None:
    found = _found(index, *names)
    return found[0] if found else None


def _media_by_alias(index: HeaderIndex) -> list[str]:
    return [header for header in index.headers if role_of(header) == MEDIA]


def _hootsuite(index: HeaderIndex) -> ColumnPlan:
    return ColumnPlan(scheduled_at="1", caption="2", link=index.find("3"))


def _metricool(index: HeaderIndex) -> ColumnPlan:
    pictures = sorted(
        (int(match.group(1)), header)
        for header in index.headers
        if (match := re.fullmatch(r"pictureurl(\d+)", header_key(header)))
    )
    return ColumnPlan(
        caption=index.find("Text"),
        date=index.find("Date"),
        time=index.find("Time"),
        draft=index.find("Draft"),
        profile_flags={
            header: network
            for header in index.headers
            if (network := network_of_header(header)) is not None
        },
        media=[header for _, header in pictures],
        post_type=_found(index, "Instagram Post Type", "Facebook Post Type"),
    )


def _is_metricool(index: HeaderIndex) -> bool:
    networks = [header for header in index.headers if network_of_header(header)]
    return _has(index, "Text", "Date", "Time", "Draft", "Picture Url 1") and len(networks) >= 2


def _pinterest(index: HeaderIndex) -> ColumnPlan:
    return ColumnPlan(
        caption=index.find("Description"),
        media=_found(index, "Media URL"),
        scheduled_at=index.find("Publish date"),
        link=index.find("Link"),
        network="pinterest",
    )


def _sprout(index: HeaderIndex) -> ColumnPlan:
    return ColumnPlan(
        date=index.find("date"),
        time=index.find("time_24hr"),
        caption=index.find("message_text"),
        media=_media_by_alias(index),
        link=_first(index, "link", "link_url"),
    )


def _publer(index: HeaderIndex) -> ColumnPlan:
    return ColumnPlan(
        scheduled_at=index.find("Date"),
        caption=_first(index, "Text", "Message"),
        link=index.find("Link"),
        media=_found(index, "Media URLs", "Media URL"),
    )


def _is_publer(index: HeaderIndex) -> bool:
    starts_with_date = bool(index.headers) and header_key(index.headers[0]) == "date"
    has_text = _has(index, "Text") or _has(index, "Message")
    has_extra = _has(index, "Media URLs") or _has(index, "Media URL") or _has(index, "Link")
    return starts_with_date and has_text and has_extra and _has(index, "Labels")


def _socialbee(index: HeaderIndex) -> ColumnPlan:
    return ColumnPlan(
        caption=index.find("text"),
        link=index.find("link"),
        media=_found(index, "imageUrls", "gifUrls", "videoUrls"),
        scheduled_at=index.find("postAtSpecificTime"),
    )


def _highlevel(index: HeaderIndex) -> ColumnPlan:
    return ColumnPlan(
        caption=index.find("content"),
        link=index.find("link"),
        media=_found(index, "imageUrls", "gifUrl", "videoUrls"),
        scheduled_at=index.find("postAtSpecificTime"),
        post_type=_found(index, "type", "post_type"),
    )


def _is_highlevel(index: HeaderIndex) -> bool:
    has_media = any(_has(index, name) for name in ("imageUrls", "gifUrl", "videoUrls", "link"))
    return _has(index, "content", "postAtSpecificTime") and has_media


def _vista(index: HeaderIndex) -> ColumnPlan:
    return ColumnPlan(
        caption=index.find("message"),
        post_type=_found(index, "type"),
        link=index.find("link"),
        scheduled_at=index.find("time"),
        media=_media_by_alias(index),
    )


def _is_vista(index: HeaderIndex) -> bool:
    first_four = [header_key(header) for header in index.headers[:4]]
    return first_four == ["message", "type", "link", "time"]


def _ayrshare(index: HeaderIndex) -> ColumnPlan:
    return ColumnPlan(
        caption=index.find("post"),
        platforms=_found(index, "platforms"),
        media=_found(index, "mediaUrls"),
        scheduled_at=index.find("scheduleDate"),
    )


def _postfast(index: HeaderIndex) -> ColumnPlan:
    # PostFast's account ids are PostFast's own, so they are names to look up under
    # the mapping file's profiles:, not Ocoya profile ids.
    return ColumnPlan(
        scheduled_at=index.find("scheduled_at"),
        platforms=_found(index, "account_id"),
        caption=index.find("content"),
        media=_found(index, "media_urls"),
    )


_METRICOOL_COLUMNS = (
    "Text",
    "Date",
    "Time",
    "Draft",
    "Facebook",
    "Twitter/X",
    "LinkedIn",
    "GBP",
    "Instagram",
    "Pinterest",
    "TikTok",
    "Youtube",
    "Threads",
    "Bluesky",
    "Picture Url 1",
    "…",
    "Picture Url 10",
    "Alt text picture 1",
    "…",
    "Alt text picture 10",
    "First Comment Text",
    "Instagram Post Type",
    "Facebook Post Type",
)

# In the order they are tried: the most specific headers first.
PRESETS: tuple[Preset, ...] = (
    Preset(
        PresetInfo(HOOTSUITE, "Hootsuite Bulk Composer", ("date-time", "message", "link")),
        recognise=lambda index: False,  # recognised from the cells, by `looks_like_hootsuite`
        build=_hootsuite,
    ),
    Preset(
        PresetInfo("vista-social", "Vista Social", ("message", "type", "link", "time")),
        recognise=_is_vista,
        build=_vista,
    ),
    Preset(
        PresetInfo(
            "postfast",
            "PostFast",
            ("scheduled_at", "account_id", "content", "media_urls", "first_comment"),
        ),
        recognise=lambda index: _has(index, "scheduled_at", "account_id", "content"),
        build=_postfast,
    ),
    Preset(
        PresetInfo("ayrshare", "Ayrshare", ("post", "platforms", "mediaUrls", "scheduleDate")),
        recognise=lambda index: _has(index, "post", "platforms", "scheduleDate"),
        build=_ayrshare,
    ),
    Preset(PresetInfo("metricool", "Metricool", _METRICOOL_COLUMNS), _is_metricool, _metricool),
    Preset(
        PresetInfo(
            "pinterest",
            "Pinterest bulk create",
            ("Title", "Media URL", "Pinterest board", "Description", "Link", "Publish date"),
        ),
        recognise=lambda index: _has(index, "Title", "Media URL", "Pinterest board"),
        build=_pinterest,
    ),
    Preset(
        PresetInfo("sprout-social", "Sprout Social", ("date", "time_24hr", "message_text")),
        recognise=lambda index: _has(index, "date", "time_24hr", "message_text"),
        build=_sprout,
    ),
    Preset(
        PresetInfo(
            "socialbee",
            "SocialBee",
            ("text", "link", "imageUrls", "gifUrls", "videoUrls", "postAtSpecificTime"),
        ),
        recognise=lambda index: _has(index, "text", "postAtSpecificTime", "imageUrls"),
        build=_socialbee,
    ),
    Preset(
        PresetInfo(
            "highlevel",
            "HighLevel Social Planner",
            ("postAtSpecificTime", "content", "link", "imageUrls", "gifUrl", "videoUrls"),
        ),
        recognise=_is_highlevel,
        build=_highlevel,
    ),
    Preset(
        PresetInfo("publer", "Publer", ("Date", "Text", "Link", "Media URLs", "Labels")),
        recognise=_is_publer,
        build=_publer,
    ),
)
_BY_NAME = {preset.name: preset for preset in PRESETS}


def preset_names() -> list[str]:
    return list(_BY_NAME)


def list_presets() -> list[PresetInfo]:
    """Return every preset's name, tool and documented columns, in recognition order."""
    return [preset.info for preset in PRESETS]


def get_preset(name: str) -> Preset | None:
    return _BY_NAME.get(name.casefold())


def recognise_preset(index: HeaderIndex) -> Preset | None:
    """Return the preset whose template these headers are, or None for any other calendar."""
    for preset in PRESETS:
        if preset.recognise(index):
            return preset
    return None


def looks_like_hootsuite(raw: RawSheet) -> bool:
    """Tell a Hootsuite bulk file: no header, two or three columns, a date-time first.

    The loader reads a file's first line as its header, so a file whose "header" starts
    with a date-time is a headerless one.
    """
    if raw.headerless:
        columns = [column for column in raw.frame.columns if column != "_row"]
        first_cells = raw.frame[columns[0]].dropna().head(1).tolist() if columns else []
        first = str(first_cells[0]) if first_cells else ""
    else:
        columns = raw.header or [column for column in raw.frame.columns if column != "_row"]
        first = str(columns[0]) if columns else ""
    return 2 <= len(columns) <= 3 and _DATE_TIME.match(first) is not None
