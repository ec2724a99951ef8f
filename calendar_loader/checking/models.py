"""Pydantic models of the body of Ocoya's `POST /post`, the contract the checks must meet.

The checks themselves run column by column and never validate rows through these models,
because one model per row costs far more time and memory on large calendars. Tests
validate every body the checks build against `PostRequest`.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from calendar_loader.ocoya import MAX_CAPTION_UTF16, MEDIA_EXTENSIONS, SCHEDULED_AT_PATTERN


def utf16_length(text: str) -> int:
    """Count `text` in UTF-16 code units, the way a JavaScript string's length does."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _check_caption(caption: str) -> str:
    length = utf16_length(caption)
    if not 1 <= length <= MAX_CAPTION_UTF16:
        raise ValueError(
            f"caption must be 1 to {MAX_CAPTION_UTF16} UTF-16 code units, not {length}"
        )
    return caption


def _check_media_url(url: str) -> str:
    if url != url.strip() or re.search(r"\s", url):
        raise ValueError("media URL must not contain spaces")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError("media URL must be an absolute http or https URL")
    if not parts.path.lower().endswith(MEDIA_EXTENSIONS):
        raise ValueError(f"media URL path must end in one of {', '.join(MEDIA_EXTENSIONS)}")
    return url


def _check_profile_id(profile_id: str) -> str:
    if not profile_id.strip():
        raise ValueError("social profile id must not be blank")
    return profile_id


def _check_scheduled_at(value: str) -> str:
    if not SCHEDULED_AT_PATTERN.fullmatch(value):
        raise ValueError("scheduledAt must have the shape YYYY-MM-DDTHH:MM:SSZ")
    return value


Caption = Annotated[str, AfterValidator(_check_caption)]
MediaUrl = Annotated[str, AfterValidator(_check_media_url)]
ProfileId = Annotated[str, AfterValidator(_check_profile_id)]
ScheduledAt = Annotated[str, AfterValidator(_check_scheduled_at)]


class PostRequest(BaseModel):
    """The JSON body of `POST /post?workspaceId=ID`.

    Field names are the API's own. Empty values are not allowed because a body omits a
    key rather than sending it empty. At least one of `caption` and `mediaUrls` must be
    present, as in the API's `oneOf` of three shapes.
    """

    model_config = ConfigDict(extra="forbid", strict=True)

    caption: Caption | None = None
    mediaUrls: list[MediaUrl] | None = Field(default=None, min_length=1)
    socialProfileIds: list[ProfileId] | None = Field(default=None, min_length=1)
    scheduledAt: ScheduledAt | None = None

    @model_validator(mode="after")
    def _require_content(self) -> PostRequest:
        for name in sorted(self.model_fields_set):
            if getattr(self, name) is None:
                raise ValueError(f"omit {name} rather than sending null")
        if self.caption is None and self.mediaUrls is None:
            raise ValueError("a post needs a caption, mediaUrls or both")
        return self
