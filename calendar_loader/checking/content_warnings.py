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

# Case matters for "TODO" and "TBD": "todo" is an everyday word in Spanish. The other
# phrases are matched in the letter cases listed only, so that every match contains one
# of `_PLACEHOLDER_NEEDLES`.
_PLACEHOLDER = re.compile(
    r"REPLACE_\w*|\bTODO\b|\bTBD\b"
    r"|[Ll]orem ipsum|LOREM IPSUM"
    r"|(?:your|YOUR)[-_](?:image|IMAGE)[-_](?:url|URL)"
)
# One to three words in brackets: [N], [LINK], [Author], [Your Name], [Prénom]. Only
# names whose every word starts with a capital are placeholders (see `_is_placeholder_name`),
# so footnotes ([1]), editorial marks ([sic], [...]) and lower-case asides are not. A
# link's text, as in [Read more](https://…) or [docs][1], is followed by a bracket.
_BRACKETED = re.compile(r"\[([^\W\d_][\w'’-]*(?: [^\W\d_][\w'’-]*){0,2})\](?![(\[])")
# Labels that real posts put in brackets, in any letter case: advertising disclosures,
# which some countries require, and announcement tags such as [NEW] or [Thread].
_BRACKET_LABELS = frozenset(
    (
        "ad",
        "ads",
        "advert",
        "advertisement",
        "sponsored",
        "anzeige",
        "werbung",
        "publicité",
        "pub",
        "publicidad",
        "pubblicità",
        "new",
        "neu",
        "nouveau",
        "nuevo",
        "update",
        "thread",
        "live",
        "repost",
        "breaking",
        "giveaway",
        "gewinnspiel",
        "video",
        "photo",
    )
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
# Words for the asset that a production note describes, in English and French.
_ASSET = (
    r"(?:visuals?|visuels?|vid[eé]os?|reels?|carr?ousels?|slides?|stor(?:y|ies)|photos?|images?)"
)
# Words that only a brief joins to the asset with "+", as in "Visuel + caption courte".
_BRIEF_PART = (
    r"(?:captions?|légendes?|legendes?|stickers?|logos?|texte?s?|overlays?|music|musique"
    r"|voice[- ]?over|voix off|cta|subtitles?|sous-titres?)"
)
_SECONDS = r"(?:s|sec|secs|seconds?|secondes?)"
# A caption that starts like a brief for the asset rather than a text for the reader.
# An asset word is a note only with a sign of a brief right after it: a colon
# ("Visuel :"), a count or length ("Story (3 frames)", "Vidéo 30s"), or a "+" that adds
# a caption, sticker or logo. "Video of the week: …" and "Story time: …" put words
# before the colon, and "Photo: Jane Doe" credits a photographer, so such real captions
# are not flagged. Captions that start with a count of slides or frames, with "Slide 1",
# or with a numbered list "1) … 2) …" list the frames of a carousel or story.
_PRODUCTION_NOTE = re.compile(
    r"^\s*(?:"
    r"(?:visuals?|visuels?|vid[eé]os?|reels?|carr?ousels?|slides?)\s*:"
    rf"|{_ASSET}\s*\(\s*\d+\s*(?:frames?|slides?|{_SECONDS})\s*\)"
    rf"|{_ASSET}\s+\d+\s*{_SECONDS}\b"
    rf"|{_ASSET}\b[^\n]*?\s\+\s*{_BRIEF_PART}\b"
    r"|\d+\s+(?:slides?|frames?|visuels?|visuals?)\b"
    r"|(?:slide|frame)\s*1\b"
    r"|1\)\s.*?\s2\)\s)",
    re.IGNORECASE | re.DOTALL,
)
# First characters of the notes above, in either case, and spaces, to skip the regex for
# most captions.
_PRODUCTION_NOTE_STARTS = frozenset("vVsScCrRpPiIfF0123456789 \t\n\r\u00a0")
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
        if active[position] and find_placeholders(captions[position])
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


def find_placeholders(text: str) -> list[str]:
    """Return the placeholders in `text`, each once, in the order they first appear."""
    found = [(match.start(), match.group(0)) for match in _PLACEHOLDER.finditer(text)]
    if "[" in text:
        found += [
            (match.start(), match.group(0))
            for match in _BRACKETED.finditer(text)
            if _is_placeholder_name(match.group(1))
        ]
    return list(dict.fromkeys(placeholder for _, placeholder in sorted(found)))


def _is_placeholder_name(name: str) -> bool:
    """Tell whether bracketed words are a name to fill in: each word capitalised, no label."""
    return all(word[0].isupper() for word in name.split(" ")) and (
        name.casefold() not in _BRACKET_LABELS
    )


def _is_placeholder_url(url: str) -> bool:
    return _PLACEHOLDER_HOST.match(url) is not None or bool(find_placeholders(url))


def _placeholder_message(where: str, text: str) -> str:
    found = find_placeholders(text)
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
