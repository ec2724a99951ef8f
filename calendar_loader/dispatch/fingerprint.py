"""The identity of a post: which API, which workspace, and exactly which request body.

Two calendar rows with the same fingerprint would create the same post, so the ledger
keeps one live record per fingerprint and a rerun never sends a fingerprint twice.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import urlsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise_api_url(url: str) -> str:
    """Return `url` with a lower-case scheme and host, no default port and no trailing `/`.

    Query and fragment are dropped, because the API's base URL has neither. So
    `HTTPS://App.Ocoya.com:443/api/_public/v1/` and `https://app.ocoya.com/api/_public/v1`
    give the same fingerprints.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    netloc = host if port is None or port == _DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    return f"{scheme}://{netloc}{parts.path.rstrip('/')}"


def canonical_json(value: Any) -> str:
    """Serialise `value` with sorted keys and no spaces, so equal data gives equal text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def post_fingerprint(api_url: str, workspace: str, body: dict[str, Any]) -> str:
    """Return the sha256 hex digest of the canonical JSON of API URL, workspace and body.

    Key order in `body` does not matter, but list order does: the same media in another
    order is another post.
    """
    identity = {"api_url": normalise_api_url(api_url), "workspace": workspace, "body": body}
    return hashlib.sha256(canonical_json(identity).encode("utf-8")).hexdigest()
