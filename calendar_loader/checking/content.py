"""Clean and check what a post carries: caption, media URLs and social profile ids.

Each field is one tight pass over its column. Regular expressions are avoided on the
common path, because on a million rows each regex pass costs seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from unicodedata import normalize

import numpy as np
import pandas as pd

from calendar_loader.checking.models import utf16_length
from calendar_loader.checking.problem_log import ProblemLog
from calendar_loader.ocoya import MAX_CAPTION_UTF16, MEDIA_EXTENSIONS
from calendar_loader.table import CAPTION, MEDIA, PROFILES

ACCEPTED_MEDIA = ", ".join(MEDIA_EXTENSIONS[:-1]) + " and " + MEDIA_EXTENSIONS[-1]
_URL_FINE, _URL_NOT_WEB, _URL_UNTYPED = 0, 1, 2


@dataclass
class Content:
    """The cleaned caption, media URLs and profile ids of each row of a table.

    `profile_keys` holds, per row, the profile ids joined into one string, for comparing
    rows without comparing lists. Rows may share one profile list object, so callers
    copy a list before changing it.
    """

    captions: list[str | None]
    media: list[list[str]]
    profiles: list[list[str]]
    profile_keys: list[str]


def check_content(
    frame: pd.DataFrame, columns: dict[str, str], active: np.ndarray, log: ProblemLog
) -> Content:
    """Clean the content fields of every row and log the problems of the `active` rows.

    Captions are NFC-normalised and lose trailing blanks at the very end; line breaks and
    spaces inside are kept exactly. Media URLs and profile ids lose surrounding spaces,
    blank entries go, and repeated profile ids are kept once, in their first place.
    """
    # The common cases (a text caption, one media URL in a list) are handled inline,
    # because a function call per row is a large part of the cost on big calendars.
    captions = [
        (normalize("NFC", value).rstrip() or None) if type(value) is str else _clean_caption(value)
        for value in frame[CAPTION].tolist()
    ]
    media = [
        [url]
        if type(cell) is list
        and len(cell) == 1
        and type(cell[0]) is str
        and (url := cell[0].strip())
        else _clean_urls(cell)
        for cell in frame[MEDIA].tolist()
    ]
    profiles, profile_keys = _clean_profile_lists(frame[PROFILES].tolist())

    _check_caption_length(captions, columns.get(CAPTION), active, log)

    no_content = np.array(
        [caption is None and not urls for caption, urls in zip(captions, media, strict=True)],
        dtype=bool,
    )
    log.add(
        np.flatnonzero(no_content & active),
        column=columns.get(CAPTION) or columns.get(MEDIA),
        code="missing-content",
        message=(
            "The row has neither a caption nor a media URL. Add a caption, a media URL or both."
        ),
    )

    _check_media_urls(media, columns.get(MEDIA), active, log)
    return Content(captions=captions, media=media, profiles=profiles, profile_keys=profile_keys)


def flatten_media(media: list[list[str]]) -> tuple[list[str], np.ndarray]:
    """Return every media URL in one list and, for each, the position of its row."""
    counts = np.array([len(urls) for urls in media], dtype=np.int64)
    urls = [url for row_urls in media for url in row_urls]
    return urls, np.repeat(np.arange(len(media)), counts)


def _clean_caption(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = value if isinstance(value, str) else str(value)
    text = normalize("NFC", text).rstrip()
    return text or None


def _clean_urls(cell: object) -> list[str]:
    # Most rows hold a single URL as text, which needs no inner loop.
    if type(cell) is list and len(cell) == 1 and type(cell[0]) is str:
        url = cell[0].strip()
        return [url] if url else []
    items = cell if isinstance(cell, list) else _as_list(cell)
    return [url for raw in items if (url := str(raw).strip())]


def _clean_profile_lists(cells: list[object]) -> tuple[list[list[str]], list[str]]:
    """Clean each row's profile ids; return the lists and each list joined into one key."""
    # Calendars reuse a few sets of profiles on every row, so each set is cleaned once.
    cleaned: dict[tuple[object, ...], tuple[list[str], str]] = {}
    profiles = []
    keys = []
    for cell in cells:
        raw = tuple(cell) if type(cell) is list else tuple(_as_list(cell))
        found = cleaned.get(raw)
        if found is None:
            ids = list(dict.fromkeys(text for item in raw if (text := str(item).strip())))
            found = cleaned[raw] = (ids, join_key(ids))
        profiles.append(found[0])
        keys.append(found[1])
    return profiles, keys


def join_key(items: list[str]) -> str:
    """Join a list of ids or URLs into one string that only an equal list joins to."""
    return "\x1f".join(items)


def _as_list(cell: object) -> list[object]:
    if isinstance(cell, list | tuple):
        return list(cell)
    if cell is None or (isinstance(cell, float) and cell != cell):
        return []
    return [cell]


def _check_caption_length(
    captions: list[str | None], column: str | None, active: np.ndarray, log: ProblemLog
) -> None:
    # A caption of at most half the limit in code points cannot pass the limit in UTF-16
    # code units, so only longer captions are counted one by one.
    half = MAX_CAPTION_UTF16 // 2
    positions = [
        position
        for position, caption in enumerate(captions)
        if caption is not None
        and len(caption) > half
        and active[position]
        and utf16_length(caption) > MAX_CAPTION_UTF16
    ]
    lengths = [utf16_length(captions[position]) for position in positions]
    log.add(
        positions,
        column=column,
        code="caption-too-long",
        message=[
            f"The caption is {length:,} characters long (counted as UTF-16 code units, so an "
            f"emoji counts 2), but Ocoya accepts at most {MAX_CAPTION_UTF16:,}. Shorten it by "
            f"{length - MAX_CAPTION_UTF16:,}."
            for length in lengths
        ],
        values=[captions[position] for position in positions],
    )


def _check_media_urls(
    media: list[list[str]], column: str | None, active: np.ndarray, log: ProblemLog
) -> None:
    urls, owners = flatten_media(media)
    if not urls:
        return
    # Most URLs pass the first test, made of string methods that run in C. Only the
    # others are classified by `_url_fault`.
    faults = np.array(
        [
            _URL_FINE
            if url.startswith("https://")
            and "?" not in url
            and "#" not in url
            and " " not in url
            and url.endswith(MEDIA_EXTENSIONS)
            and url.find("/", 9) > 8
            and url.isprintable()
            else _url_fault(url)
            for url in urls
        ],
        dtype=np.int8,
    )
    counted = active[owners]

    not_web = np.flatnonzero((faults == _URL_NOT_WEB) & counted)
    log.add(
        owners[not_web],
        column=column,
        code="invalid-media-url",
        message=(
            "The media URL is not a web address that Ocoya can fetch. Give a public URL that "
            "starts with http:// or https://. A file on a computer must be uploaded first."
        ),
        values=[urls[index] for index in not_web],
    )

    untyped = np.flatnonzero((faults == _URL_UNTYPED) & counted)
    log.add(
        owners[untyped],
        column=column,
        code="unsupported-media-type",
        message=(
            f"Ocoya accepts only {ACCEPTED_MEDIA} files. Link to the file itself, with a "
            "path that ends in one of these."
        ),
        values=[urls[index] for index in untyped],
    )


def _url_fault(url: str) -> int:
    """Classify `url`: fine, not an absolute http(s) URL, or a path without a media type.

    The URL must have no whitespace or control characters (`isprintable` is False for
    both, except the plain space). Its path, before any query or fragment, must end in
    one of the media extensions, in any letter case.
    """
    scheme = url[:8].lower()
    if scheme.startswith("https://"):
        rest = url[8:]
    elif scheme.startswith("http://"):
        rest = url[7:]
    else:
        return _URL_NOT_WEB
    if not rest or rest[0] in "/?#" or " " in url or not url.isprintable():
        return _URL_NOT_WEB
    address = rest.partition("#")[0].partition("?")[0]
    slash = address.find("/")
    if slash < 0 or not address[slash:].lower().endswith(MEDIA_EXTENSIONS):
        return _URL_UNTYPED
    return _URL_FINE
