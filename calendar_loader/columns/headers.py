"""Header names that calendar-loader understands without a mapping file.

Headers match after `header_key()`: case-folded, with everything but letters and digits
dropped, so `Post Text`, `post_text` and `postText` are the same header. Besides the
fields of `calendar_loader.table`, a few roles feed no field directly but shape the
record: a link appended to the caption, a status or approval that skips the row, a
draft flag, and a map of networks already posted to.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from calendar_loader import table

# Roles that are not fields of a CalendarTable.
LINK = "link"
STATUS = "status"
APPROVAL = "approval"
DRAFT = "draft"
POSTED = "posted"
# Profile columns come in two kinds: `PROFILES` cells hold ids or names (a name is
# recognised as a network or a profile name of the mapping file), `PROFILE_NAMES` cells
# hold only names, such as a "platform" column.
PROFILE_NAMES = "platforms"

# Header aliases, written as users write them; `header_key()` folds them.
ALIASES: dict[str, tuple[str, ...]] = {
    table.CAPTION: (
        "caption",
        "text",
        "message",
        "content",
        "copy",
        "post",
        "post_text",
        "body",
        "message_text",
        "post_content",
        "post_copy",
        "caption_text",
        "texte",
        "texto",
        "testo",
    ),
    table.MEDIA: (
        "media",
        "media_urls",
        "mediaUrls",
        "media_url",
        "image",
        "images",
        "image_url",
        "image_urls",
        "imageUrls",
        "video",
        "videos",
        "video_url",
        "video_urls",
        "videoUrls",
        "picture",
        "picture_url",
        "photo",
        "photo_url",
        "public_image_url",
        "media_path",
        "media_paths",
        "image_path",
        "image_file",
        "image_filename",
        "image_ref",
        "bild",
        "foto",
        "imagen",
        "immagine",
    ),
    table.PROFILES: (
        "profiles",
        "profile",
        "profile_id",
        "profile_ids",
        "social_profile_ids",
        "socialProfileIds",
        "accounts",
        "account_ids",
        "channels",
    ),
    PROFILE_NAMES: (
        "platform",
        "platforms",
        "network",
        "networks",
        "social_network",
        "social_networks",
        "plateforme",
        "plateformes",
        "plataforma",
        "plataformas",
        "piattaforma",
        "piattaforme",
        "kanal",
        "kanaele",
        "kanäle",
    ),
    table.SCHEDULED_AT: (
        "scheduled_at",
        "scheduledAt",
        "publish_at",
        "datetime",
        "date_time",
        "scheduled_time",
        "publish_time",
        "scheduled_datetime",
        "publish_datetime",
    ),
    table.DATE: (
        "date",
        "publish_date",
        "scheduled_date",
        "post_date",
        "datum",
        "fecha",
    ),
    table.TIME: (
        "time",
        "time_of_day",
        "post_time",
        "time_24hr",
        "uhrzeit",
        "heure",
        "hora",
        "orario",
    ),
    table.TIMEZONE: ("timezone", "tz", "time_zone", "zeitzone", "fuseau_horaire", "zona_horaria"),
    table.POST_TYPE: (
        "post_type",
        "format",
        "type",
        "typ",
        "content_type",
        "post_format",
        "instagram_post_type",
        "facebook_post_type",
    ),
    LINK: ("link", "links", "link_url", "utm_link", "lien", "enlace"),
    STATUS: ("status", "statut", "estado", "stato", "state", "post_status", "publish_status"),
    APPROVAL: ("approval", "approval_status", "approved", "freigabe", "approbation"),
    DRAFT: ("draft", "is_draft", "entwurf", "brouillon", "borrador"),
    POSTED: ("posted",),
}

# Template placeholders under these headers get a `#` on each word that lacks one.
HASHTAG_HEADERS = ("hashtags", "hashtag", "tags", "hashtag_list")


def header_key(header: object) -> str:
    """Fold a header for matching: NFC, case-folded, letters and digits only."""
    return _fold_key(str(header))


@lru_cache(maxsize=8192)
def _fold_key(header: str) -> str:
    text = unicodedata.normalize("NFC", header).casefold()
    return "".join(character for character in text if character.isalnum())


_ROLE_BY_KEY: dict[str, str] = {
    header_key(alias): role for role, aliases in ALIASES.items() for alias in aliases
}
_HASHTAG_KEYS = frozenset(header_key(name) for name in HASHTAG_HEADERS)


def role_of(header: str) -> str | None:
    """Return the field or role a header feeds by its name alone, or None."""
    return _ROLE_BY_KEY.get(header_key(header))


def is_hashtag_header(header: str) -> bool:
    return header_key(header) in _HASHTAG_KEYS


def understood_names(role: str, limit: int = 8) -> str:
    """List a role's first aliases for an error message, such as `caption, text, message`."""
    names = ALIASES[role]
    more = ", …" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more
