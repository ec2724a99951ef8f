"""Social network names, and the words that calendars use for yes, no, draft and all.

A network is named by one canonical key (`x` for Twitter, X and x-twitter), so that a
mapping file's `twitter:` and a cell's `X` find the same profile.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from calendar_loader.columns.headers import header_key

# Networks that calendar headers name. A column with one of these headers contains either
# a true/false flag or that network's own caption.
HEADER_NETWORKS: dict[str, tuple[str, ...]] = {
    "facebook": ("facebook", "fb"),
    "instagram": ("instagram", "ig", "insta"),
    "x": ("x", "twitter", "x-twitter", "twitter/x", "x (twitter)"),
    "linkedin": ("linkedin",),
    "tiktok": ("tiktok",),
    "youtube": ("youtube", "yt"),
    "pinterest": ("pinterest",),
    "threads": ("threads",),
    "bluesky": ("bluesky", "bsky"),
    "gbp": ("gbp", "google business", "google business profile", "google my business", "gmb"),
    "mastodon": ("mastodon",),
}

# Further networks that cells name. They are too close to ordinary words ("medium",
# "line") to be taken as a column's network from its header.
CELL_ONLY_NETWORKS: dict[str, tuple[str, ...]] = {
    "reddit": ("reddit",),
    "xiaohongshu": ("xiaohongshu", "rednote", "小红书"),
    "weibo": ("weibo",),
    "wechat": ("wechat",),
    "snapchat": ("snapchat",),
    "telegram": ("telegram",),
    "tumblr": ("tumblr",),
    "discord": ("discord",),
    "whatsapp": ("whatsapp",),
    "medium": ("medium",),
}

_HEADER_NETWORK_BY_KEY = {
    header_key(alias): name for name, aliases in HEADER_NETWORKS.items() for alias in aliases
}
_NETWORK_BY_KEY = _HEADER_NETWORK_BY_KEY | {
    header_key(alias): name for name, aliases in CELL_ONLY_NETWORKS.items() for alias in aliases
}


@lru_cache(maxsize=4096)
def fold_word(value: str) -> str:
    """Fold a cell word for comparison: case-folded, accents dropped, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    bare = "".join(character for character in decomposed if not unicodedata.combining(character))
    return " ".join(bare.split())


# Words for "every profile" in a platforms cell, in the languages seen in calendars.
ALL_WORDS = frozenset(
    header_key(word)
    for word in ("all", "alle", "alles", "tous", "toutes", "todos", "todas", "tutti", "tutte")
)
TRUE_WORDS = frozenset(
    fold_word(word)
    for word in (
        "true",
        "yes",
        "y",
        "1",
        "x",
        "✓",
        "✔",
        "oui",
        "vrai",
        "ja",
        "wahr",
        "si",
        "sí",
        "sim",
    )
)
FALSE_WORDS = frozenset(
    fold_word(word)
    for word in ("false", "no", "n", "0", "non", "faux", "nein", "falsch", "não", "nao")
)
DRAFT_WORDS = frozenset(
    fold_word(word)
    for word in (
        "draft",
        "entwurf",
        "brouillon",
        "borrador",
        "bozza",
        "rascunho",
        "草稿",
    )
)


def network_of_header(header: str) -> str | None:
    """Return the network a column header names, such as `x` for `Twitter/X`."""
    return _HEADER_NETWORK_BY_KEY.get(header_key(header))


def network_of(name: str) -> str | None:
    """Return the canonical network of a name written in a cell, or None."""
    return _NETWORK_BY_KEY.get(header_key(name))


def profile_key(name: str) -> str:
    """Fold a profile name for lookup: a network's canonical key, else `header_key()`."""
    key = header_key(name)
    return _NETWORK_BY_KEY.get(key, key)


def flag_value(value: str) -> bool | None:
    """Read a true/false cell; None when the word is neither."""
    word = fold_word(value)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None
