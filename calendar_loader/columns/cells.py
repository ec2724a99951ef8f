"""Reading one cell as text, as a list of items, or as hashtags.

Cells come as the loader typed them: `str`, None, dates from Excel or YAML, and lists or
mappings from YAML and JSON.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime, time
from functools import lru_cache

# Items in one cell are separated by newlines, semicolons, `|` or commas.
_ITEM_SEPARATORS = re.compile(r"[\r\n;|]+")
_SCHEME = r"[A-Za-z][A-Za-z0-9+.\-]*://"
# Inside a cell of URLs, a comma separates two items only where the next one starts
# with a scheme, because URLs such as image-resizing links contain commas of their own.
_COMMA_BEFORE_URL = re.compile(rf",\s*(?={_SCHEME})")
_HASHTAG_SEPARATORS = re.compile(r"[\s,;]+")


def is_empty(value: object) -> bool:
    """Tell whether a cell is empty: None, NaN, blank text, or an empty list or mapping."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | dict):
        return len(value) == 0
    return False


def typed(value: object) -> object:
    """Keep a cell as typed, with every kind of empty cell as None."""
    return None if is_empty(value) else value


def cell_text(value: object) -> str | None:
    """Return a cell as text, as typed, or None when it is empty.

    Dates become ISO text, booleans `true`/`false`, lists their items joined with a
    comma and a space, mappings their JSON.
    """
    if is_empty(value):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        texts = [cell_text(item) for item in value]
        return ", ".join(text for text in texts if text is not None) or None
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def split_items(value: object) -> list[str]:
    """Split a cell of several media URLs or profile ids into its items, trimmed.

    Text splits on newlines, commas, semicolons and `|`, and empty pieces are dropped.
    A YAML or JSON list is used as the list. A list item that is a mapping with an `id`
    gives that id, as in `accounts: [{id: "1789", username: shop}]`.
    """
    if is_empty(value):
        return []
    if isinstance(value, list | tuple):
        return [item for element in value if (item := _list_item(element))]
    if isinstance(value, dict):
        item = _list_item(value)
        return [item] if item else []
    return list(_split_text(cell_text(value) or ""))


# Calendars repeat the same cells ("instagram, facebook") on many rows, so one split per
# distinct text is enough.
@lru_cache(maxsize=4096)
def _split_text(text: str) -> tuple[str, ...]:
    items: list[str] = []
    for piece in _ITEM_SEPARATORS.split(text):
        parts = _COMMA_BEFORE_URL.split(piece) if re.search(_SCHEME, piece) else piece.split(",")
        # Stray commas at the ends of a URL piece are separators with nothing after them.
        trimmed = (part.strip().strip(",").strip() for part in parts)
        items.extend(part for part in trimmed if part)
    return tuple(items)


def _list_item(element: object) -> str | None:
    if isinstance(element, dict):
        element = element.get("id")
    text = cell_text(element)
    return text.strip() if text and text.strip() else None


def hashtag_text(value: object) -> str | None:
    """Write a cell of tags as hashtags: `[a, b]` or `a, b` becomes `#a #b`.

    Text whose words all start with `#` already is kept as typed, only trimmed.
    """
    if is_empty(value):
        return None
    if isinstance(value, list | tuple):
        words = [text.strip() for item in value if (text := cell_text(item)) and text.strip()]
    else:
        return _hashtag_words((cell_text(value) or "").strip())
    return _tags(words)


@lru_cache(maxsize=4096)
def _hashtag_words(text: str) -> str | None:
    words = [word for word in _HASHTAG_SEPARATORS.split(text) if word]
    if all(word.startswith("#") for word in words):
        return text or None
    return _tags(words)


def _tags(words: list[str]) -> str | None:
    tags = [word if word.startswith("#") else f"#{word}" for word in words]
    return " ".join(tags) or None
