"""Validation of the bodies of POST /post and PATCH /post/{id}, as the sandbox enforces it.

Every message names the field it is about, because it goes back to the client in a 422.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from calendar_loader import ocoya

# The keys that Ocoya's create-post schema names. Its schema does not set
# additionalProperties to false, so Ocoya may ignore an unknown key. The sandbox rejects
# one with 422 instead, so that a misspelt key in our own request bodies shows up in tests.
CREATE_KEYS = ("caption", "mediaUrls", "socialProfileIds", "scheduledAt")
RESCHEDULE_KEYS = ("scheduledAt",)

# ASCII digits only, and no trailing newline: `\d` and `$` would let both through.
_SCHEDULED_AT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
_EXTENSIONS_TEXT = ", ".join(ocoya.MEDIA_EXTENSIONS[:-1]) + " or " + ocoya.MEDIA_EXTENSIONS[-1]


class RuleViolation(ValueError):
    """A request body breaks a rule of the API. The message names the field."""


@dataclass(frozen=True)
class NewPost:
    """A create-post body that passed every rule.

    `profiles` are the chosen social profiles of the workspace, in request order and
    without repeats.
    """

    caption: str | None
    media_urls: tuple[str, ...]
    profiles: tuple[dict[str, str], ...]
    scheduled_at: datetime | None


def utf16_length(text: str) -> int:
    """Return the length of `text` in UTF-16 code units, as JavaScript counts it.

    A character outside the Basic Multilingual Plane, such as most emoji, counts 2.
    A lone surrogate, which JSON can carry as an escape, counts 1.
    """
    return len(text.encode("utf-16-le", errors="surrogatepass")) // 2


def check_new_post(
    body: object,
    *,
    workspace_id: str,
    profiles: Sequence[Mapping[str, str]],
    now: datetime | None,
) -> NewPost:
    """Validate a POST /post body against the rules of the API.

    `profiles` are the social profiles of the workspace. With `now`, a `scheduledAt`
    before it is rejected. Raises RuleViolation at the first broken rule, checking the
    keys first and then each field in the order caption, mediaUrls, socialProfileIds,
    scheduledAt.
    """
    fields = _require_object(body, CREATE_KEYS)
    if "caption" not in fields and "mediaUrls" not in fields:
        raise RuleViolation("Missing caption and mediaUrls: a post needs at least one of them.")

    caption = _check_caption(fields["caption"]) if "caption" in fields else None
    media_urls = _check_media_urls(fields["mediaUrls"]) if "mediaUrls" in fields else ()
    chosen: tuple[dict[str, str], ...] = ()
    if "socialProfileIds" in fields:
        chosen = _check_profile_ids(fields["socialProfileIds"], workspace_id, profiles)
    scheduled_at = None
    if "scheduledAt" in fields:
        scheduled_at = check_scheduled_at(fields["scheduledAt"], now=now)
    return NewPost(caption, media_urls, chosen, scheduled_at)


def check_reschedule(body: object, *, now: datetime | None) -> datetime:
    """Validate a PATCH /post/{id} body, which must be `{"scheduledAt": ...}`.

    Raises RuleViolation as `check_new_post` does.
    """
    fields = _require_object(body, RESCHEDULE_KEYS)
    if "scheduledAt" not in fields:
        raise RuleViolation("Missing scheduledAt: send the new time of the post.")
    return check_scheduled_at(fields["scheduledAt"], now=now)


def check_scheduled_at(value: object, *, now: datetime | None) -> datetime:
    """Parse a `scheduledAt` value of the form 2030-01-01T10:00:00Z into an aware UTC datetime.

    With `now`, a time before it is rejected. Raises RuleViolation.
    """
    if not isinstance(value, str):
        raise RuleViolation(
            f"scheduledAt must be a string such as 2030-01-01T10:00:00Z, not {_json_type(value)}."
        )
    if not _SCHEDULED_AT.fullmatch(value):
        raise RuleViolation(
            f"scheduledAt {value!r} must have exactly the form YYYY-MM-DDTHH:MM:SSZ, in UTC,"
            " such as 2030-01-01T10:00:00Z."
        )
    try:
        moment = datetime.strptime(value, ocoya.SCHEDULED_AT_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        raise RuleViolation(f"scheduledAt {value!r} is not a real date and time.") from None
    if now is not None and moment < now:
        raise RuleViolation(f"scheduledAt {value!r} is in the past: choose a later time.")
    return moment


def _require_object(body: object, allowed: tuple[str, ...]) -> dict[str, object]:
    if not isinstance(body, dict):
        raise RuleViolation(f"The request body must be a JSON object, not {_json_type(body)}.")
    for key in body:
        if key not in allowed:
            raise RuleViolation(
                f"Unknown field {key!r}: the body may contain only {_join(allowed)}."
            )
    return body


def _check_caption(value: object) -> str:
    if not isinstance(value, str):
        raise RuleViolation(f"caption must be a string, not {_json_type(value)}.")
    if not value:
        raise RuleViolation("caption must not be empty: leave the field out for a media-only post.")
    length = utf16_length(value)
    if length > ocoya.MAX_CAPTION_UTF16:
        raise RuleViolation(
            f"caption is {length:,} characters long, counted in UTF-16 code units"
            f" (an emoji counts 2): the maximum is {ocoya.MAX_CAPTION_UTF16:,}."
        )
    return value


def _check_media_urls(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise RuleViolation(f"mediaUrls must be a list of URLs, not {_json_type(value)}.")
    if not value:
        raise RuleViolation(
            "mediaUrls must not be empty: leave the field out for a text-only post."
        )
    for index, url in enumerate(value):
        if not isinstance(url, str):
            raise RuleViolation(f"mediaUrls[{index}] must be a string, not {_json_type(url)}.")
        if not _is_web_url(url):
            raise RuleViolation(f"mediaUrls[{index}] {url!r} is not an absolute http or https URL.")
        if not urlsplit(url).path.lower().endswith(ocoya.MEDIA_EXTENSIONS):
            raise RuleViolation(
                f"mediaUrls[{index}] {url!r} must point to a {_EXTENSIONS_TEXT} file."
            )
    return tuple(value)


def _is_web_url(url: str) -> bool:
    if any(character.isspace() or ord(character) < 32 for character in url):
        return False
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:  # for example an unclosed IPv6 bracket
        return False
    return parts.scheme.lower() in ("http", "https") and bool(hostname)


def _check_profile_ids(
    value: object, workspace_id: str, profiles: Sequence[Mapping[str, str]]
) -> tuple[dict[str, str], ...]:
    if not isinstance(value, list):
        raise RuleViolation(
            f"socialProfileIds must be a list of profile ids, not {_json_type(value)}."
        )
    by_id = {profile["id"]: profile for profile in profiles}
    chosen: dict[str, dict[str, str]] = {}
    for index, profile_id in enumerate(value):
        if not isinstance(profile_id, str):
            raise RuleViolation(
                f"socialProfileIds[{index}] must be a string, not {_json_type(profile_id)}."
            )
        if profile_id not in by_id:
            raise RuleViolation(
                f"socialProfileIds[{index}] {profile_id!r} is not a social profile of"
                f" workspace {workspace_id!r}: GET /social-profiles lists the valid ids."
            )
        chosen.setdefault(profile_id, dict(by_id[profile_id]))
    return tuple(chosen.values())


def _join(words: tuple[str, ...]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _json_type(value: object) -> str:
    """Name the JSON type of a decoded value, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"
