"""Post fingerprints and the API URL normalisation they rest on."""

from __future__ import annotations

import hashlib

import pytest

from calendar_loader.dispatch.fingerprint import (
    canonical_json,
    normalise_api_url,
    post_fingerprint,
)

API = "https://app.ocoya.com/api/_public/v1"
BODY = {"caption": "Café ☕", "mediaUrls": ["https://x.example/a.png", "https://x.example/b.png"]}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param(API, API, id="already-normal"),
        pytest.param("HTTPS://App.Ocoya.COM/api/_public/v1/", API, id="case-and-slash"),
        pytest.param("https://app.ocoya.com:443/api/_public/v1", API, id="default-port"),
        pytest.param(
            "http://127.0.0.1:8765/api/_public/v1?x=1",
            "http://127.0.0.1:8765/api/_public/v1",
            id="port-kept-query-dropped",
        ),
        pytest.param("http://[::1]:80/api/", "http://[::1]/api", id="ipv6"),
    ],
)
def test_api_url_normalised(url: str, expected: str) -> None:
    assert normalise_api_url(url) == expected


def test_canonical_json_sorts_keys_keeps_unicode() -> None:
    assert canonical_json({"b": 1, "a": "é"}) == '{"a":"é","b":1}'


def test_fingerprint_is_sha256_of_canonical_json() -> None:
    text = (
        '{"api_url":"https://app.ocoya.com/api/_public/v1","body":{"caption":"Café ☕",'
        '"mediaUrls":["https://x.example/a.png","https://x.example/b.png"]},"workspace":"ws"}'
    )

    assert post_fingerprint(API, "ws", BODY) == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_fingerprint_ignores_key_order() -> None:
    reordered = {"mediaUrls": BODY["mediaUrls"], "caption": BODY["caption"]}

    assert post_fingerprint(API + "/", "ws", reordered) == post_fingerprint(API, "ws", BODY)


def test_fingerprint_depends_on_media_order() -> None:
    swapped = {"caption": BODY["caption"], "mediaUrls": list(reversed(BODY["mediaUrls"]))}

    assert post_fingerprint(API, "ws", swapped) != post_fingerprint(API, "ws", BODY)
