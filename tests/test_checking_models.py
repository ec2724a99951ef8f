"""PostRequest: the create-post body the checks must produce."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from calendar_loader.checking.models import PostRequest, utf16_length

VALID_BODIES = [
    pytest.param({"caption": "Hello"}, id="caption-only"),
    pytest.param({"mediaUrls": ["https://cdn.test/a.png"]}, id="media-only"),
    pytest.param(
        {
            "caption": "Hello",
            "mediaUrls": ["HTTPS://cdn.test/a/B.JPEG?size=large#top", "http://cdn.test/v.mp4"],
            "socialProfileIds": ["cmx9f9gej0000jp7qwmaqstv2"],
            "scheduledAt": "2030-06-01T07:00:00Z",
        },
        id="every-field",
    ),
    pytest.param({"caption": "x" * 10_000}, id="caption-at-limit"),
    pytest.param({"caption": "🙂" * 5_000}, id="emoji-at-limit"),
    pytest.param({"mediaUrls": ["https://cdn.test/a.gif", "https://cdn.test/b.jpg"]}, id="gif-jpg"),
]

INVALID_BODIES = [
    pytest.param({}, "a post needs a caption, mediaUrls or both", id="empty"),
    pytest.param({"socialProfileIds": ["p"]}, "a post needs a caption", id="profiles-only"),
    pytest.param({"caption": ""}, "caption must be 1 to 10000", id="empty-caption"),
    pytest.param({"caption": "x" * 10_001}, "not 10001", id="caption-too-long"),
    pytest.param({"caption": "🙂" * 5_001}, "not 10002", id="emoji-over-limit"),
    pytest.param({"caption": None}, "omit caption rather than sending null", id="null-caption"),
    pytest.param({"caption": "a", "mediaUrls": []}, "at least 1 item", id="empty-media"),
    pytest.param({"mediaUrls": ["ftp://cdn.test/a.png"]}, "absolute http", id="ftp"),
    pytest.param({"mediaUrls": ["/home/anna/a.png"]}, "absolute http", id="local-path"),
    pytest.param({"mediaUrls": ["https://cdn.test/a.webp"]}, "must end in one of", id="webp"),
    pytest.param({"mediaUrls": ["https://cdn.test/a png.png"]}, "spaces", id="space"),
    pytest.param({"mediaUrls": ["https://cdn.test/img?f=.png"]}, "end in", id="ext-in-query"),
    pytest.param({"caption": "a", "socialProfileIds": [" "]}, "blank", id="blank-profile"),
    pytest.param({"caption": "a", "socialProfileIds": []}, "at least 1 item", id="no-profiles"),
    pytest.param({"caption": "a", "scheduledAt": "2030-06-01T07:00:00.000Z"}, "shape", id="millis"),
    pytest.param({"caption": "a", "scheduledAt": "2030-06-01 07:00:00Z"}, "shape", id="space-t"),
    pytest.param(
        {"caption": "a", "scheduledAt": "2030-06-01T07:00:00+00:00"}, "shape", id="offset"
    ),
    pytest.param({"caption": "a", "link": "https://x.test"}, "Extra inputs", id="extra-key"),
    pytest.param({"caption": 5}, "Input should be a valid string", id="number-caption"),
]


@pytest.mark.parametrize("body", VALID_BODIES)
def test_post_request_accepts(body: dict[str, object]) -> None:
    request = PostRequest.model_validate(body)
    assert request.model_dump(exclude_unset=True) == body


@pytest.mark.parametrize(("body", "fragment"), INVALID_BODIES)
def test_post_request_rejects(body: dict[str, object], fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        PostRequest.model_validate(body)
    assert fragment in str(caught.value)


@pytest.mark.parametrize(
    ("text", "units"),
    [
        pytest.param("abc", 3, id="ascii"),
        pytest.param("é", 1, id="latin"),
        pytest.param("🙂", 2, id="emoji"),
        pytest.param("👩‍💻", 5, id="zwj-sequence"),
    ],
)
def test_utf16_length(text: str, units: int) -> None:
    assert utf16_length(text) == units
