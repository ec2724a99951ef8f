"""Warnings about rows that would post, but probably not what the author meant.

Placeholders left in a caption or URL, production notes in place of a caption, and post
types that Ocoya's create-post endpoint cannot make. With strict settings they count as
errors (see `check_tables`).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from calendar_loader.checking.content import Content, flatten_media
from calendar_loader.checking.problem_log import ProblemLog
from calendar_loader.problems import Severity
from calendar_loader.table import CAPTION, MEDIA, POST_TYPE

# Case matters for "[N]", "TODO" and "TBD": "todo" is an everyday word in Spanish. The
# other phrases are matched in the letter cases listed only, so that every match
# contains one of `_PLACEHOLDER_NEEDLES`.
_PLACEHOLDER = re.compile(
    r"\[[A-Z][A-Z0-9_]*\]|REPLACE_\w*|\bTODO\b|\bTBD\b"
    r"|[Ll]orem ipsum|LOREM IPSUM"
    r"|(?:your|YOUR)[-_](?:image|IMAGE)[-_](?:url|URL)"
)
_PLACEHOLDER_NEEDLES = (
    "[",
    "REPLACE_",
    "TODO",
    "TBD",
    "orem ipsum",
    "OREM IPSUM",
    "your-image",
    "your_image",
    "YOUR-IMAGE",
    "YOUR_IMAGE",
)
_HOST_NEEDLES = ("xample.", "XAMPLE.")
# Texts are joined into chunks of this many for substring scans (see `rows_containing`).
_SCAN_CHUNK = 50_000
# Hosts reserved for documentation (RFC 2606), used in templates in place of real files.
_PLACEHOLDER_HOST = re.compile(
    r"^[a-z]+://(?:[^/?#@]*@)?(?P<host>(?:[^/?#:]*\.)?example\.(?:com|org|net))(?::\d+)?(?:[/?#]|$)",
    re.IGNORECASE,
)
_PRODUCTION_NOTE = re.compile(
    r"^\s*(?:(?:visuals?|visuels?)\s*:"
    r"|stor(?:y|ies)\s*\(\s*\d+\s*(?:frames?|slides?)\s*\)"
    r"|vidéo\b|video\s*:"
    r"|1\)\s.*?\s2\)\s)",
    re.IGNORECASE | re.DOTALL,
)
# First characters of the notes above (spaces first too), to skip the regex for almost
# every caption.
_PRODUCTION_NOTE_STARTS = frozenset("vVsS1 \t\n\r\u00a0")
_FEED_ONLY = re.compile(
    r"\b(?:stor(?:y|ies|ys)|reels?|polls?|sondages?|umfragen?|encuestas?|historias?)\b",
    re.IGNORECASE,
)


def check_content_warnings(
    frame: pd.DataFrame,
    columns: dict[str, str],
    content: Content,
    active: np.ndarray,
    log: ProblemLog,
) -> None:
    """Log placeholder, production-note and unsupported-post-type warnings for active rows."""
    captions = content.captions
    caption_column = columns.get(CAPTION)

    positions = [
        position
        for position in rows_containing(captions, _PLACEHOLDER_NEEDLES)
        if active[position] and _PLACEHOLDER.search(captions[position])
    ]
    log.add(
        positions,
        column=caption_column,
        code="placeholder",
        message=[_placeholder_message("caption", captions[p]) for p in positions],
        values=[captions[p] for p in positions],
        severity=Severity.WARNING,
    )

    urls, owners = flatten_media(content.media)
    flagged = [
        index
        for index in rows_containing(urls, _PLACEHOLDER_NEEDLES + _HOST_NEEDLES)
        if active[owners[index]] and _is_placeholder_url(urls[index])
    ]
    log.add(
        owners[flagged],
        column=columns.get(MEDIA),
        code="placeholder",
        message=[_placeholder_url_message(urls[index]) for index in flagged],
        values=[urls[index] for index in flagged],
        severity=Severity.WARNING,
    )

    notes = [
        position
        for position, caption in enumerate(captions)
        if caption is not None
        and caption[:1] in _PRODUCTION_NOTE_STARTS
        and active[position]
        and _PRODUCTION_NOTE.match(caption)
    ]
    log.add(
        notes,
        column=caption_column,
        code="production-note",
        message=(
            "The caption looks like a production note (a visual brief or a list of frames), "
            "not the text to publish. Write the post's text here and keep notes in another column."
        ),
        values=[captions[p] for p in notes],
        severity=Severity.WARNING,
    )

    # Post types repeat, so each distinct one is tested once.
    codes, distinct = pd.factorize(frame[POST_TYPE], use_na_sentinel=True)
    feed_only = np.array(
        [isinstance(value, str) and bool(_FEED_ONLY.search(value)) for value in distinct] + [False]
    )
    unsupported = np.flatnonzero(feed_only[codes] & active)
    log.add(
        unsupported,
        column=columns.get(POST_TYPE),
        code="unsupported-post-type",
        message=(
            "Ocoya's API makes feed posts only, so a story, reel or poll would be published as "
            "an ordinary feed post. Change the row to a feed post, or schedule it in another tool."
        ),
        values=frame[POST_TYPE].iloc[unsupported].tolist(),
        severity=Severity.WARNING,
    )


def rows_containing(texts: list[str] | list[str | None], needles: tuple[str, ...]) -> list[int]:
    """Return, in order, the positions of the texts that contain any of `needles`.

    The texts are joined into large strings and searched with `str.find`, which runs in
    C, so a million captions take a fraction of the time of a million `in` tests. A
    needle never spans two texts, because the separator NUL is in no needle. A text that
    contains NUL itself can only give an extra candidate.
    """
    found: set[int] = set()
    for start in range(0, len(texts), _SCAN_CHUNK):
        part = ["" if text is None else text for text in texts[start : start + _SCAN_CHUNK]]
        joined = "\0".join(part)
        # ends[i] is the offset just past text i and its separator.
        ends = np.cumsum([len(text) + 1 for text in part])
        for needle in needles:
            offset = joined.find(needle)
            while offset != -1:
                index = int(np.searchsorted(ends, offset, side="right"))
                found.add(start + index)
                offset = joined.find(needle, int(ends[index]))
    return sorted(found)


def _is_placeholder_url(url: str) -> bool:
    return _PLACEHOLDER_HOST.match(url) is not None or _PLACEHOLDER.search(url) is not None


def _placeholder_message(where: str, text: str) -> str:
    found = list(dict.fromkeys(match.group(0) for match in _PLACEHOLDER.finditer(text)))
    quoted = " and ".join(repr(item) for item in found[:3])
    noun = "placeholder" if len(found) == 1 else "placeholders"
    return (
        f"The {where} still contains the {noun} {quoted}. Replace it with the real content "
        "before scheduling."
    )


def _placeholder_url_message(url: str) -> str:
    host = _PLACEHOLDER_HOST.match(url)
    if host is None:
        return _placeholder_message("media URL", url)
    return (
        f"The media URL points to {host.group('host')}, a host reserved for examples. "
        "Replace it with the URL of the real file before scheduling."
    )
