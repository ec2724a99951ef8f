"""What calendar-loader assumes about the Ocoya public API, kept in one place.

Facts come from Ocoya's public API documentation (docs.ocoya.com, read December 2026).
Where the documentation is silent, the choice made here is marked as an assumption.
"""

from __future__ import annotations

import re

DEFAULT_API_URL = "https://app.ocoya.com/api/_public/v1"
API_KEY_HEADER = "X-API-Key"

# The create-post body. "Up to 10,000 characters": Ocoya runs on JavaScript, whose string
# length counts UTF-16 code units, so an emoji outside the BMP counts 2 (assumption).
MAX_CAPTION_UTF16 = 10_000
# Documented formats are .png, .jpeg, .gif and .mp4; .jpg is taken to be the same as
# .jpeg (assumption: the documentation does not list it).
MEDIA_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".mp4")
# `scheduledAt` must be UTC in exactly this shape.
SCHEDULED_AT_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
# [0-9], not \d, which also matches non-ASCII digits; use it with fullmatch().
SCHEDULED_AT_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")

# Rate limit: 60 requests per minute per API key, all endpoints together.
RATE_LIMIT_REQUESTS = 60
RATE_LIMIT_WINDOW_SECONDS = 60.0
RATE_LIMIT_MESSAGE = "You've exceeded the request limit."
MISSING_KEY_MESSAGE = "Missing API token."

# GET /post pages hold at most this many post groups.
MAX_PAGE_SIZE = 50

# The local stand-in accepts this key and workspace, so that the demo and tests need
# no Ocoya account. They are not secrets: they work nowhere else.
DEMO_API_KEY = "demo-key-calendar-loader"
DEMO_WORKSPACE_ID = "demo-workspace"
