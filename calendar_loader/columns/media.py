"""Media items to URLs: Ocoya fetches media from public URLs and cannot take a file.

A bare file name such as `IMG 1558.JPG` or `week 3/cover.png` becomes a URL under the
mapping file's `media_base_url`, with its spaces and other unsafe characters
percent-encoded. Without a base URL, and for any path on this computer
(`/home/…`, `C:\\…`, `~/…`, `file:`), the item is a local file and the row gets an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


@dataclass(frozen=True)
class LocalMedia:
    item: str
    absolute: bool


def is_local_path(item: str) -> bool:
    """Tell an absolute path on this computer: `/x`, `~/x`, `C:\\x`, `\\\\server\\x`, `file:`."""
    return (
        item.startswith(("/", "~", "\\"))
        or _WINDOWS_DRIVE.match(item) is not None
        or item.casefold().startswith("file:")
    )


def resolve_media(items: list[str], base_url: str | None) -> tuple[list[str], list[LocalMedia]]:
    """Return the media URLs of a row and the items that are local files.

    An item with a URL scheme, or starting with `www.`, is kept as written for the
    checks to validate. Local files are left out of the URLs.
    """
    urls: list[str] = []
    local: list[LocalMedia] = []
    for item in items:
        if is_local_path(item):
            local.append(LocalMedia(item, absolute=True))
        elif _SCHEME.match(item) or item.casefold().startswith("www."):
            urls.append(item)
        elif base_url:
            urls.append(join_base_url(base_url, item))
        else:
            local.append(LocalMedia(item, absolute=False))
    return urls, local


def join_base_url(base_url: str, name: str) -> str:
    """Join a base URL and a relative file name: `https://cdn/x/` + `a b.jpg` -> `…/a%20b.jpg`."""
    relative = name.replace("\\", "/").removeprefix("./").lstrip("/")
    return base_url.strip().rstrip("/") + "/" + quote(relative, safe="/")
