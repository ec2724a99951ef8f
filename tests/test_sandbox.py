"""Tests of the local Ocoya stand-in, through real HTTP requests to a started Sandbox."""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import re
import signal
import ssl
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from calendar_loader import ocoya
from calendar_loader.errors import InputError
from calendar_loader.sandbox import (
    DEMO_PROFILES,
    Faults,
    Sandbox,
    SandboxConfig,
    default_state_path,
)
from calendar_loader.sandbox.ratelimit import FixedWindowLimiter, RateLimitHeaders

KEY = ocoya.DEMO_API_KEY
WORKSPACE = ocoya.DEMO_WORKSPACE_ID
INSTAGRAM, FACEBOOK, LINKEDIN, TWITTER = DEMO_PROFILES
RATE_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
SCHEDULED_BODY = {
    "caption": "Autumn blend is back ☕",
    "mediaUrls": ["https://cdn.example.com/autumn.png"],
    "socialProfileIds": [INSTAGRAM["id"]],
    "scheduledAt": "2030-01-01T10:00:00Z",
}

StartSandbox = Callable[..., Sandbox]

# The sandbox speaks plain HTTP, but every httpx client builds a TLS context, which takes
# about 0.1 s. Sharing one keeps the many short tests fast.
_TLS_CONTEXT = ssl.create_default_context()


@pytest.fixture
def start_sandbox() -> Iterator[StartSandbox]:
    """Start sandboxes on free ports, and stop every one of them after the test."""
    started: list[Sandbox] = []

    def start(config: SandboxConfig | None = None) -> Sandbox:
        sandbox = Sandbox(config).start()
        started.append(sandbox)
        return sandbox

    yield start
    for sandbox in started:
        sandbox.stop()


@pytest.fixture
def sandbox(start_sandbox: StartSandbox) -> Sandbox:
    return start_sandbox()


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with connect(sandbox) as client:
        yield client


def connect(sandbox: Sandbox, *, key: str | None = KEY, read_timeout: float = 5.0) -> httpx.Client:
    headers = {ocoya.API_KEY_HEADER: key} if key is not None else {}
    return httpx.Client(
        base_url=sandbox.url,
        headers=headers,
        timeout=httpx.Timeout(5.0, read=read_timeout),
        verify=_TLS_CONTEXT,
        trust_env=False,  # a proxy from the environment must not see the test traffic
    )


def create(client: httpx.Client, body: object, workspace: str = WORKSPACE) -> httpx.Response:
    return client.post("/post", params={"workspaceId": workspace}, json=body)


def list_posts(client: httpx.Client, **params: str | int) -> httpx.Response:
    return client.get("/post", params={"workspaceId": WORKSPACE, **params})


# --- authentication and routing -------------------------------------------------------


def test_missing_key_gets_401(sandbox: Sandbox) -> None:
    with connect(sandbox, key=None) as client:
        response = client.get("/me")
    assert response.status_code == 401
    assert response.json() == {"message": "Missing API token."}
    assert not any(name in response.headers for name in RATE_HEADERS)


def test_unknown_key_gets_401(sandbox: Sandbox) -> None:
    with connect(sandbox, key="not-a-key") as client:
        response = client.get("/me")
    assert response.status_code == 401
    assert response.json() == {"message": "Invalid API token."}
    assert not any(name in response.headers for name in RATE_HEADERS)


def test_configured_keys_replace_demo_key(start_sandbox: StartSandbox) -> None:
    sandbox = start_sandbox(SandboxConfig(api_keys=frozenset({"team-key"})))
    with connect(sandbox) as demo, connect(sandbox, key="team-key") as team:
        assert demo.get("/me").json() == {"message": "Invalid API token."}
        assert team.get("/me").status_code == 200


def test_me_workspaces_and_profiles(client: httpx.Client) -> None:
    me = client.get("/me")
    workspaces = client.get("/workspaces")
    profiles = client.get("/social-profiles", params={"workspaceId": WORKSPACE})

    assert me.status_code == 200
    assert me.json() == {
        "id": "cmx9f8zq00000jp7qdemouser",
        "name": "Sandbox user",
        "email": "sandbox@example.com",
    }
    assert workspaces.json() == [{"id": WORKSPACE, "name": "Demo workspace"}]
    assert profiles.json() == [
        {"id": "cmx9f9gej0000jp7qwmaqstv2", "provider": "instagram", "name": "@lumenandloaf"},
        {
            "id": "cmx9f9mii0001jp7qpq5nkacp",
            "provider": "facebook",
            "name": "Lumen & Loaf Bakery",
        },
        {
            "id": "cmx9f9smh0002jp7qzgjk6llw",
            "provider": "linkedin",
            "name": "Lumen & Loaf GmbH",
        },
        {"id": "cmx9f9yqg0003jp7q531gp1m4", "provider": "twitter", "name": "@lumenloaf"},
    ]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        pytest.param("GET", "/social-profiles", id="profiles"),
        pytest.param("GET", "/post", id="list"),
        pytest.param("POST", "/post", id="create"),
    ],
)
def test_workspace_id_missing_or_unknown(client: httpx.Client, method: str, path: str) -> None:
    missing = client.request(method, path, json=SCHEDULED_BODY)
    unknown = client.request(method, path, params={"workspaceId": "other"}, json=SCHEDULED_BODY)

    assert missing.status_code == 400
    assert missing.json() == {
        "message": "Missing workspaceId query parameter: GET /workspaces lists the workspace ids."
    }
    assert unknown.status_code == 403
    assert unknown.json() == {"message": "Workspace 'other' is not available to this API key."}


def test_unknown_path_gets_404(client: httpx.Client) -> None:
    inside = client.get("/posts")
    outside = client.get("http://" + client.base_url.netloc.decode() + "/api/other")
    assert inside.status_code == 404
    assert inside.json() == {"message": "Unknown path /api/_public/v1/posts."}
    assert outside.status_code == 404
    assert outside.json() == {"message": "Unknown path /api/other."}


def test_wrong_method_gets_405(client: httpx.Client) -> None:
    put = client.put("/post", json={})
    get_one = client.get("/post/cabc")
    assert put.status_code == 405
    assert put.json() == {"message": "Method PUT is not allowed on /post: use GET or POST."}
    assert put.headers["Allow"] == "GET, POST"
    assert get_one.status_code == 405
    assert get_one.json() == {
        "message": "Method GET is not allowed on /post/{id}: use PATCH or DELETE."
    }
    assert get_one.headers["Allow"] == "PATCH, DELETE"


def test_request_log_hides_key(client: httpx.Client, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="calendar_loader.sandbox")
    client.get("/me", params={"apiKey": KEY, "note": KEY})
    create(client, SCHEDULED_BODY)

    lines = [record.getMessage() for record in caplog.records if _is_request_line(record)]
    assert lines == [
        "GET /api/_public/v1/me?apiKey=REDACTED&note=REDACTED 200",
        f"POST /api/_public/v1/post?workspaceId={WORKSPACE} 201",
    ]
    assert KEY not in caplog.text


def _is_request_line(record: logging.LogRecord) -> bool:
    return record.name == "calendar_loader.sandbox" and record.getMessage().startswith(
        ("GET ", "POST ")
    )


# --- create-post rules ---------------------------------------------------------------

_LONG_CAPTION = "a" * 9_999 + "😀"  # 10,001 UTF-16 code units
_UNKNOWN_ID = "cnope0000000000000000000"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(
            ["caption"], "The request body must be a JSON object, not an array.", id="not-object"
        ),
        pytest.param(
            {"caption": "Hi", "title": "Hi"},
            "Unknown field 'title': the body may contain only caption, mediaUrls,"
            " socialProfileIds and scheduledAt.",
            id="unknown-key",
        ),
        pytest.param(
            {"scheduledAt": "2030-01-01T10:00:00Z"},
            "Missing caption and mediaUrls: a post needs at least one of them.",
            id="no-caption-no-media",
        ),
        pytest.param({"caption": 42}, "caption must be a string, not a number.", id="caption-type"),
        pytest.param(
            {"caption": ""},
            "caption must not be empty: leave the field out for a media-only post.",
            id="caption-empty",
        ),
        pytest.param(
            {"caption": _LONG_CAPTION},
            "caption is 10,001 characters long, counted in UTF-16 code units (an emoji counts 2):"
            " the maximum is 10,000.",
            id="caption-too-long",
        ),
        pytest.param(
            {"mediaUrls": "https://cdn.example.com/a.png"},
            "mediaUrls must be a list of URLs, not a string.",
            id="media-type",
        ),
        pytest.param(
            {"mediaUrls": []},
            "mediaUrls must not be empty: leave the field out for a text-only post.",
            id="media-empty",
        ),
        pytest.param(
            {"mediaUrls": ["https://cdn.example.com/a.png", None]},
            "mediaUrls[1] must be a string, not null.",
            id="media-item-type",
        ),
        pytest.param(
            {"mediaUrls": ["/img/a.png"]},
            "mediaUrls[0] '/img/a.png' is not an absolute http or https URL.",
            id="media-relative",
        ),
        pytest.param(
            {"mediaUrls": ["ftp://cdn.example.com/a.png"]},
            "mediaUrls[0] 'ftp://cdn.example.com/a.png' is not an absolute http or https URL.",
            id="media-ftp",
        ),
        pytest.param(
            {"mediaUrls": ["https://cdn.example.com/a b.png"]},
            "mediaUrls[0] 'https://cdn.example.com/a b.png' is not an absolute http or https URL.",
            id="media-space",
        ),
        pytest.param(
            {"mediaUrls": ["https://cdn.example.com/a.webp"]},
            "mediaUrls[0] 'https://cdn.example.com/a.webp' must point to a .png, .jpg, .jpeg,"
            " .gif or .mp4 file.",
            id="media-extension",
        ),
        pytest.param(
            {"mediaUrls": ["https://cdn.example.com/image?name=a.png"]},
            "mediaUrls[0] 'https://cdn.example.com/image?name=a.png' must point to a .png, .jpg,"
            " .jpeg, .gif or .mp4 file.",
            id="media-extension-in-query",
        ),
        pytest.param(
            {"caption": "Hi", "socialProfileIds": INSTAGRAM["id"]},
            "socialProfileIds must be a list of profile ids, not a string.",
            id="profiles-type",
        ),
        pytest.param(
            {"caption": "Hi", "socialProfileIds": [7]},
            "socialProfileIds[0] must be a string, not a number.",
            id="profile-item-type",
        ),
        pytest.param(
            {"caption": "Hi", "socialProfileIds": [INSTAGRAM["id"], _UNKNOWN_ID]},
            f"socialProfileIds[1] '{_UNKNOWN_ID}' is not a social profile of workspace"
            f" '{WORKSPACE}': GET /social-profiles lists the valid ids.",
            id="profile-unknown",
        ),
        pytest.param(
            {"caption": "Hi", "scheduledAt": 1893492000},
            "scheduledAt must be a string such as 2030-01-01T10:00:00Z, not a number.",
            id="time-type",
        ),
        pytest.param(
            {"caption": "Hi", "scheduledAt": "2030-01-01 10:00:00"},
            "scheduledAt '2030-01-01 10:00:00' must have exactly the form YYYY-MM-DDTHH:MM:SSZ,"
            " in UTC, such as 2030-01-01T10:00:00Z.",
            id="time-space",
        ),
        pytest.param(
            {"caption": "Hi", "scheduledAt": "2030-01-01T10:00:00.000Z"},
            "scheduledAt '2030-01-01T10:00:00.000Z' must have exactly the form"
            " YYYY-MM-DDTHH:MM:SSZ, in UTC, such as 2030-01-01T10:00:00Z.",
            id="time-milliseconds",
        ),
        pytest.param(
            {"caption": "Hi", "scheduledAt": "2030-01-01T10:00:00+00:00"},
            "scheduledAt '2030-01-01T10:00:00+00:00' must have exactly the form"
            " YYYY-MM-DDTHH:MM:SSZ, in UTC, such as 2030-01-01T10:00:00Z.",
            id="time-offset",
        ),
        pytest.param(
            {"caption": "Hi", "scheduledAt": "2030-01-01T10:00:00Z\n"},
            "scheduledAt '2030-01-01T10:00:00Z\\n' must have exactly the form"
            " YYYY-MM-DDTHH:MM:SSZ, in UTC, such as 2030-01-01T10:00:00Z.",
            id="time-trailing-newline",
        ),
        pytest.param(
            {"caption": "Hi", "scheduledAt": "２０３０-01-01T10:00:00Z"},
            "scheduledAt '２０３０-01-01T10:00:00Z' must have exactly the form"
            " YYYY-MM-DDTHH:MM:SSZ, in UTC, such as 2030-01-01T10:00:00Z.",
            id="time-fullwidth-digits",
        ),
        pytest.param(
            {"caption": "Hi", "scheduledAt": "2030-02-30T10:00:00Z"},
            "scheduledAt '2030-02-30T10:00:00Z' is not a real date and time.",
            id="time-february-30",
        ),
        pytest.param(
            {"caption": "Hi", "scheduledAt": "2030-01-01T24:00:00Z"},
            "scheduledAt '2030-01-01T24:00:00Z' is not a real date and time.",
            id="time-hour-24",
        ),
    ],
)
def test_create_rule_violation_gets_422(
    client: httpx.Client, sandbox: Sandbox, body: object, message: str
) -> None:
    response = create(client, body)
    assert response.status_code == 422
    assert response.json() == {"message": message}
    assert sandbox.posts() == []


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"caption": "😀" * 5_000}, id="caption-10000-utf16-units"),
        pytest.param({"mediaUrls": ["HTTP://cdn.example.com/A.JPG?v=2#top"]}, id="media-case"),
        pytest.param(
            {
                "mediaUrls": [
                    "http://cdn.example.com/a.jpeg",
                    "https://cdn.example.com/b.gif",
                    "https://cdn.example.com/c.mp4",
                ]
            },
            id="media-formats",
        ),
        pytest.param({"caption": "Hi", "socialProfileIds": []}, id="profiles-empty"),
        pytest.param({"caption": "Hi", "scheduledAt": "2028-02-29T23:59:59Z"}, id="leap-day"),
    ],
)
def test_create_accepts_valid_body(client: httpx.Client, body: object) -> None:
    response = create(client, body)
    assert response.status_code == 201
    assert re.fullmatch(r"c[0-9a-z]{24}", response.json()["postGroupId"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            b"{caption",
            "The request body is not valid JSON: Expecting property name enclosed in double"
            " quotes at line 1, column 2.",
            id="broken-json",
        ),
        pytest.param(b"", "The request body is empty: send a JSON object.", id="empty"),
        pytest.param(b'{"caption": "\xff"}', "The request body is not valid UTF-8.", id="latin-1"),
    ],
)
def test_create_body_not_json_gets_400(client: httpx.Client, content: bytes, message: str) -> None:
    response = client.post(
        "/post",
        params={"workspaceId": WORKSPACE},
        content=content,
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json() == {"message": message}


def test_chunked_body_gets_411(client: httpx.Client) -> None:
    response = client.post(
        "/post", params={"workspaceId": WORKSPACE}, content=iter([b'{"caption": "Hi"}'])
    )
    assert response.status_code == 411
    assert response.json() == {
        "message": "Send the body with a Content-Length header, not chunked."
    }


def test_profile_of_other_workspace_gets_422(start_sandbox: StartSandbox) -> None:
    roastery = {"id": "cmx9fb0000000jp7qroastery", "provider": "tiktok", "name": "@jp_roastery"}
    config = SandboxConfig(
        workspaces={WORKSPACE: "Demo workspace", "roastery": "Roastery"},
        profiles={WORKSPACE: [dict(profile) for profile in DEMO_PROFILES], "roastery": [roastery]},
    )
    sandbox = start_sandbox(config)
    with connect(sandbox) as client:
        wrong = create(client, {"caption": "Hi", "socialProfileIds": [roastery["id"]]})
        right = create(client, {"caption": "Hi", "socialProfileIds": [roastery["id"]]}, "roastery")

    assert wrong.status_code == 422
    assert wrong.json() == {
        "message": f"socialProfileIds[0] '{roastery['id']}' is not a social profile of workspace"
        f" '{WORKSPACE}': GET /social-profiles lists the valid ids."
    }
    assert right.status_code == 201
    assert sandbox.posts(WORKSPACE) == []
    assert [group["id"] for group in sandbox.posts("roastery")] == [right.json()["postGroupId"]]


def test_reject_past_gets_422(start_sandbox: StartSandbox) -> None:
    sandbox = start_sandbox(SandboxConfig(reject_past=True))
    with connect(sandbox) as client:
        past = create(client, {"caption": "Hi", "scheduledAt": "2020-01-01T10:00:00Z"})
        future = create(client, {"caption": "Hi", "scheduledAt": "2099-01-01T10:00:00Z"})
    assert past.status_code == 422
    assert past.json() == {
        "message": "scheduledAt '2020-01-01T10:00:00Z' is in the past: choose a later time."
    }
    assert future.status_code == 201


def test_past_time_accepted_by_default(client: httpx.Client) -> None:
    response = create(client, {"caption": "Hi", "scheduledAt": "2020-01-01T10:00:00Z"})
    assert response.status_code == 201


# --- stored post groups ---------------------------------------------------------------


def test_created_post_group_shape(client: httpx.Client, sandbox: Sandbox) -> None:
    body = {
        "caption": "Autumn blend is back ☕",
        "mediaUrls": ["https://cdn.example.com/autumn.png", "https://cdn.example.com/beans.mp4"],
        "socialProfileIds": [LINKEDIN["id"], INSTAGRAM["id"]],
        "scheduledAt": "2030-01-01T10:00:00Z",
    }
    post_id = create(client, body).json()["postGroupId"]
    listed = list_posts(client).json()
    created_at = listed[0].pop("createdAt")

    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z", created_at)
    creatives = [
        {"url": "https://cdn.example.com/autumn.png"},
        {"url": "https://cdn.example.com/beans.mp4"},
    ]
    expected = {
        "id": post_id,
        "postType": "POST",
        "status": "SCHEDULED",
        "scheduledAt": "2030-01-01T10:00:00.000Z",
        "posts": [
            {"provider": "linkedin", "caption": body["caption"], "creatives": creatives},
            {"provider": "instagram", "caption": body["caption"], "creatives": creatives},
        ],
        "socialProfiles": [{"socialProfile": LINKEDIN}, {"socialProfile": INSTAGRAM}],
    }
    assert listed == [expected]
    assert sandbox.posts() == [{**expected, "createdAt": created_at}]


def test_draft_without_profiles_shape(client: httpx.Client) -> None:
    create(client, {"mediaUrls": ["https://cdn.example.com/a.gif"]})
    [group] = list_posts(client).json()
    assert group["status"] == "DRAFT"
    assert group["scheduledAt"] is None
    assert group["posts"] == [
        {"provider": None, "caption": None, "creatives": [{"url": "https://cdn.example.com/a.gif"}]}
    ]
    assert group["socialProfiles"] == []


def test_draft_with_profiles_or_time_only(client: httpx.Client) -> None:
    create(client, {"caption": "Profiles only", "socialProfileIds": [TWITTER["id"]]})
    create(client, {"caption": "Time only", "scheduledAt": "2030-05-01T08:30:00Z"})
    time_only, profiles_only = list_posts(client).json()

    assert profiles_only["status"] == "DRAFT"
    assert profiles_only["scheduledAt"] is None
    assert profiles_only["posts"] == [
        {"provider": "twitter", "caption": "Profiles only", "creatives": []}
    ]
    assert time_only["status"] == "DRAFT"
    assert time_only["scheduledAt"] == "2030-05-01T08:30:00.000Z"
    assert time_only["posts"] == [{"provider": None, "caption": "Time only", "creatives": []}]


def test_one_post_per_distinct_provider(start_sandbox: StartSandbox) -> None:
    shop = {"id": "cmx9fc0000000jp7qshopacct", "provider": "instagram", "name": "@jp_shop"}
    profiles = [dict(profile) for profile in DEMO_PROFILES] + [shop]
    sandbox = start_sandbox(SandboxConfig(profiles={WORKSPACE: profiles}))
    ids = [INSTAGRAM["id"], FACEBOOK["id"], shop["id"], INSTAGRAM["id"]]
    with connect(sandbox) as client:
        create(client, {"caption": "Hi", "socialProfileIds": ids})

    [group] = sandbox.posts()
    assert [post["provider"] for post in group["posts"]] == ["instagram", "facebook"]
    assert group["socialProfiles"] == [
        {"socialProfile": INSTAGRAM},
        {"socialProfile": FACEBOOK},
        {"socialProfile": shop},
    ]


def test_list_pages_newest_first(client: httpx.Client) -> None:
    ids = [
        create(client, {"caption": f"post {number}"}).json()["postGroupId"] for number in range(12)
    ]

    def captions(**params: str | int) -> list[str]:
        return [group["posts"][0]["caption"] for group in list_posts(client, **params).json()]

    assert len(set(ids)) == 12
    assert captions() == [f"post {number}" for number in range(11, 1, -1)]
    assert captions(page=1) == ["post 1", "post 0"]
    assert captions(page=1, perPage=5) == ["post 6", "post 5", "post 4", "post 3", "post 2"]
    assert captions(page=2, perPage=5) == ["post 1", "post 0"]
    assert captions(page=3, perPage=5) == []
    assert captions(perPage=50)[-1] == "post 0"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        pytest.param({"perPage": 51}, "perPage '51' must be a whole number from 1 to 50.", id="51"),
        pytest.param({"perPage": 0}, "perPage '0' must be a whole number from 1 to 50.", id="0"),
        pytest.param({"page": -1}, "page '-1' must be a whole number of 0 or more.", id="neg"),
        pytest.param({"page": "one"}, "page 'one' must be a whole number of 0 or more.", id="word"),
    ],
)
def test_list_bad_paging_gets_422(
    client: httpx.Client, params: dict[str, str | int], message: str
) -> None:
    response = list_posts(client, **params)
    assert response.status_code == 422
    assert response.json() == {"message": message}


def test_list_statuses_filter(client: httpx.Client) -> None:
    draft = create(client, {"caption": "Draft"}).json()["postGroupId"]
    scheduled = create(client, SCHEDULED_BODY).json()["postGroupId"]

    def ids(statuses: str) -> list[str]:
        return [group["id"] for group in list_posts(client, statuses=statuses).json()]

    assert ids("DRAFT") == [draft]
    assert ids("SCHEDULED") == [scheduled]
    assert ids("DRAFT,SCHEDULED") == [scheduled, draft]
    assert ids("scheduled") == [scheduled]
    assert ids("POSTED") == []


def test_patch_reschedules(client: httpx.Client, sandbox: Sandbox) -> None:
    scheduled = create(client, SCHEDULED_BODY).json()["postGroupId"]
    draft = create(client, {"caption": "Hi", "socialProfileIds": [FACEBOOK["id"]]}).json()[
        "postGroupId"
    ]

    moved = client.patch(f"/post/{scheduled}", json={"scheduledAt": "2031-06-15T07:45:00Z"})
    timed = client.patch(f"/post/{draft}", json={"scheduledAt": "2031-06-16T07:45:00Z"})

    assert moved.status_code == 200
    assert moved.json()["scheduledAt"] == "2031-06-15T07:45:00.000Z"
    assert timed.json()["status"] == "SCHEDULED"
    stored = {group["id"]: group for group in sandbox.posts()}
    assert stored[scheduled] == moved.json()
    assert stored[draft]["scheduledAt"] == "2031-06-16T07:45:00.000Z"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param({}, "Missing scheduledAt: send the new time of the post.", id="missing"),
        pytest.param(
            {"scheduledAt": "2031-06-15T07:45:00Z", "caption": "Hi"},
            "Unknown field 'caption': the body may contain only scheduledAt.",
            id="unknown-key",
        ),
        pytest.param(
            {"scheduledAt": "2031-13-01T00:00:00Z"},
            "scheduledAt '2031-13-01T00:00:00Z' is not a real date and time.",
            id="month-13",
        ),
    ],
)
def test_patch_rule_violation_gets_422(
    client: httpx.Client, sandbox: Sandbox, body: object, message: str
) -> None:
    post_id = create(client, SCHEDULED_BODY).json()["postGroupId"]
    response = client.patch(f"/post/{post_id}", json=body)
    assert response.status_code == 422
    assert response.json() == {"message": message}
    assert sandbox.posts()[0]["scheduledAt"] == "2030-01-01T10:00:00.000Z"


def test_delete_removes_post(client: httpx.Client, sandbox: Sandbox) -> None:
    kept = create(client, {"caption": "Keep"}).json()["postGroupId"]
    removed = create(client, {"caption": "Remove"}).json()["postGroupId"]

    response = client.delete(f"/post/{removed}")

    assert response.status_code == 204
    assert response.content == b""
    assert [group["id"] for group in sandbox.posts()] == [kept]


def test_unknown_post_id_gets_404(client: httpx.Client) -> None:
    patched = client.patch("/post/cmissing", json={"scheduledAt": "2031-01-01T00:00:00Z"})
    deleted = client.delete("/post/cmissing")
    assert patched.status_code == 404
    assert patched.json() == {"message": "Post group 'cmissing' not found."}
    assert deleted.status_code == 404
    assert deleted.json() == {"message": "Post group 'cmissing' not found."}


# --- rate limit ----------------------------------------------------------------------


def test_rate_limit_headers_and_429(start_sandbox: StartSandbox) -> None:
    config = SandboxConfig(rate_limit=3, window=0.5, reset_form="delta-s")
    sandbox = start_sandbox(config)
    with connect(sandbox) as client:
        allowed = [client.get("/me") for _ in range(3)]
        rejected = client.get("/me")
        time.sleep(float(rejected.headers["X-RateLimit-Reset"]) + 0.02)
        next_window = client.get("/me")

    assert [response.status_code for response in allowed] == [200, 200, 200]
    assert [response.headers["X-RateLimit-Remaining"] for response in allowed] == ["2", "1", "0"]
    assert {response.headers["X-RateLimit-Limit"] for response in allowed} == {"3"}
    assert rejected.status_code == 429
    assert rejected.json() == {"message": "You've exceeded the request limit."}
    assert rejected.headers["X-RateLimit-Limit"] == "3"
    assert rejected.headers["X-RateLimit-Remaining"] == "0"
    assert next_window.status_code == 200
    assert next_window.headers["X-RateLimit-Remaining"] == "2"


def test_rate_limit_is_per_key(start_sandbox: StartSandbox) -> None:
    config = SandboxConfig(rate_limit=2, api_keys=frozenset({"key-a", "key-b"}))
    sandbox = start_sandbox(config)
    with connect(sandbox, key="key-a") as first, connect(sandbox, key="key-b") as second:
        first_statuses = [first.get("/me").status_code for _ in range(3)]
        other = second.get("/me")
    assert first_statuses == [200, 200, 429]
    assert other.status_code == 200
    assert other.headers["X-RateLimit-Remaining"] == "1"


def test_rate_headers_on_error_responses(client: httpx.Client) -> None:
    response = client.delete("/post/cmissing")
    assert response.status_code == 404
    assert response.headers["X-RateLimit-Limit"] == "60"
    assert response.headers["X-RateLimit-Remaining"] == "59"


@pytest.mark.parametrize("form", ["epoch-s", "epoch-ms", "delta-s"])
def test_reset_header_form(start_sandbox: StartSandbox, form: str) -> None:
    sandbox = start_sandbox(SandboxConfig(window=60.0, reset_form=form))
    with connect(sandbox) as client:
        before = time.time()
        reset = client.get("/me").headers["X-RateLimit-Reset"]
        after = time.time()

    # The window starts when the server counts the request, between `before` and `after`.
    if form == "epoch-s":
        assert re.fullmatch(r"[0-9]+", reset)
        assert math.ceil(before + 60) <= int(reset) <= math.ceil(after + 60)
    elif form == "epoch-ms":
        assert re.fullmatch(r"[0-9]+", reset)
        assert math.ceil((before + 60) * 1000) <= int(reset) <= math.ceil((after + 60) * 1000)
    else:
        assert re.fullmatch(r"[0-9]+(\.[0-9]{1,3})?", reset)
        assert 60 - (after - before) - 0.001 <= float(reset) <= 60


def test_reset_header_rotates(start_sandbox: StartSandbox) -> None:
    sandbox = start_sandbox(SandboxConfig(window=60.0, reset_form="rotate"))
    with connect(sandbox) as client:
        resets = [client.get("/me").headers["X-RateLimit-Reset"] for _ in range(4)]
    epoch_s, epoch_ms, delta_s, epoch_s_again = resets
    assert re.fullmatch(r"[0-9]{10}", epoch_s)
    assert re.fullmatch(r"[0-9]{13}", epoch_ms)
    assert 0 < float(delta_s) <= 60
    assert epoch_s_again == epoch_s


def test_fixed_window_starts_after_previous_ended() -> None:
    now = [100.0]
    limiter = FixedWindowLimiter(2, 10.0, clock=lambda: now[0])

    first = limiter.hit("key")
    now[0] = 105.0
    second = limiter.hit("key")
    now[0] = 109.9
    third = limiter.hit("key")
    now[0] = 125.0
    fourth = limiter.hit("key")

    assert (first.remaining, first.reset_at, first.allowed) == (1, 110.0, True)
    assert (second.remaining, second.reset_at, second.allowed) == (0, 110.0, True)
    assert (third.remaining, third.reset_at, third.allowed) == (0, 110.0, False)
    assert (fourth.remaining, fourth.reset_at, fourth.allowed) == (1, 135.0, True)


@pytest.mark.parametrize(
    ("form", "reset_at", "expected"),
    [
        pytest.param("epoch-s", 110.2, "111", id="epoch-s-rounds-up"),
        pytest.param("epoch-ms", 110.2001, "110201", id="epoch-ms-rounds-up"),
        pytest.param("delta-s", 110.2, "10.2", id="delta-s"),
        pytest.param("delta-s", 100.0004, "0.001", id="delta-s-rounds-up"),
        pytest.param("delta-s", 160.0, "60", id="delta-s-whole"),
        pytest.param("delta-s", 99.0, "0", id="delta-s-passed"),
    ],
)
def test_reset_header_values(form: str, reset_at: float, expected: str) -> None:
    headers = RateLimitHeaders(form, clock=lambda: 100.0)
    assert headers.format_reset(reset_at) == expected


# --- faults --------------------------------------------------------------------------


def test_fail_before_store_stores_nothing(start_sandbox: StartSandbox) -> None:
    sandbox = start_sandbox(SandboxConfig(faults=Faults(fail_before_store=1.0)))
    with connect(sandbox) as client:
        response = create(client, SCHEDULED_BODY)
    assert response.status_code == 503
    assert response.json() == {
        "message": "The service is temporarily unavailable: try again later."
    }
    assert response.headers["X-RateLimit-Remaining"] == "59"
    assert sandbox.posts() == []
    assert sandbox.stats()["faults"]["fail_before_store"] == 1


def test_fail_after_store_stores_post(start_sandbox: StartSandbox) -> None:
    sandbox = start_sandbox(SandboxConfig(faults=Faults(fail_after_store=1.0)))
    with connect(sandbox) as client:
        response = create(client, SCHEDULED_BODY)
    assert response.status_code == 500
    assert response.json() == {"message": "Unknown error"}
    assert [group["posts"][0]["caption"] for group in sandbox.posts()] == [
        SCHEDULED_BODY["caption"]
    ]
    assert sandbox.stats()["faults"]["fail_after_store"] == 1


def test_hang_after_store_times_out_client(start_sandbox: StartSandbox) -> None:
    sandbox = start_sandbox(SandboxConfig(faults=Faults(hang_after_store=1.0, hang_seconds=30)))
    threads_before = set(threading.enumerate())
    with connect(sandbox, read_timeout=0.2) as client, pytest.raises(httpx.ReadTimeout):
        create(client, SCHEDULED_BODY)

    assert len(sandbox.posts()) == 1
    assert sandbox.stats()["requests"] == {"POST /post": {"no response": 1}}
    # Stopping must end the 30-second hang, and leave no thread of the sandbox running.
    sandbox.stop()
    assert [thread for thread in threading.enumerate() if thread not in threads_before] == []


def test_hang_after_store_then_closes(start_sandbox: StartSandbox) -> None:
    sandbox = start_sandbox(SandboxConfig(faults=Faults(hang_after_store=1.0, hang_seconds=0.1)))
    with connect(sandbox) as client, pytest.raises(httpx.RemoteProtocolError):
        create(client, SCHEDULED_BODY)
    assert len(sandbox.posts()) == 1
    assert sandbox.stats()["faults"]["hang_after_store"] == 1


def test_drop_after_store_closes_without_response(
    start_sandbox: StartSandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="calendar_loader.sandbox")
    sandbox = start_sandbox(SandboxConfig(faults=Faults(drop_after_store=1.0)))
    with connect(sandbox) as client, pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        create(client, SCHEDULED_BODY)
    assert len(sandbox.posts()) == 1
    assert sandbox.stats()["faults"]["drop_after_store"] == 1
    [line] = [record.getMessage() for record in caplog.records if _is_request_line(record)]
    assert line == (f"POST /api/_public/v1/post?workspaceId={WORKSPACE} no response (drop)")


def test_store_faults_skip_invalid_body(start_sandbox: StartSandbox) -> None:
    sandbox = start_sandbox(SandboxConfig(faults=Faults(fail_before_store=1.0, drop_after_store=1)))
    with connect(sandbox) as client:
        response = create(client, {"caption": ""})
    assert response.status_code == 422
    assert sandbox.stats()["faults"] == {
        "fail_before_store": 0,
        "fail_after_store": 0,
        "hang_after_store": 0,
        "drop_after_store": 0,
        "burst_429": 0,
        "slow": 0,
    }


def test_burst_429_lasts_burst_length(sandbox: Sandbox, client: httpx.Client) -> None:
    sandbox.set_faults(Faults(burst_429=1.0, burst_length=3))
    first = client.get("/me")
    sandbox.set_faults(Faults())
    rest = [client.get("/me") for _ in range(3)]

    assert first.status_code == 429
    assert first.json() == {"message": "You've exceeded the request limit."}
    assert first.headers["X-RateLimit-Limit"] == "60"
    assert first.headers["X-RateLimit-Remaining"] == "0"
    assert re.fullmatch(r"[0-9]{10}", first.headers["X-RateLimit-Reset"])
    assert [response.status_code for response in rest] == [429, 429, 200]
    # Injected 429s do not use up the real window.
    assert rest[-1].headers["X-RateLimit-Remaining"] == "59"
    assert sandbox.stats()["faults"]["burst_429"] == 3


def test_slow_delays_response(start_sandbox: StartSandbox) -> None:
    sandbox = start_sandbox(SandboxConfig(faults=Faults(slow=1.0, slow_seconds=30)))
    with connect(sandbox, read_timeout=0.2) as client, pytest.raises(httpx.ReadTimeout):
        client.get("/me")
    assert sandbox.stats()["faults"]["slow"] == 1


def test_slow_response_is_normal(start_sandbox: StartSandbox) -> None:
    sandbox = start_sandbox(SandboxConfig(faults=Faults(slow=1.0, slow_seconds=0.05)))
    with connect(sandbox) as client:
        response = create(client, SCHEDULED_BODY)
    assert response.status_code == 201
    assert [group["id"] for group in sandbox.posts()] == [response.json()["postGroupId"]]


def test_seeded_faults_repeat(start_sandbox: StartSandbox) -> None:
    def statuses() -> list[int]:
        sandbox = start_sandbox(SandboxConfig(faults=Faults(fail_before_store=0.5, seed=7)))
        with connect(sandbox) as client:
            return [create(client, {"caption": "Hi"}).status_code for _ in range(12)]

    first = statuses()
    assert statuses() == first
    assert set(first) == {201, 503}


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        pytest.param({"slow": 1.5}, "Faults.slow is 1.5: a rate must be from 0 to 1.", id="rate"),
        pytest.param(
            {"burst_length": 0}, "Faults.burst_length is 0: it must be 1 or more.", id="burst"
        ),
        pytest.param(
            {"hang_seconds": -1}, "Faults.hang_seconds is -1: it must be 0 or more.", id="hang"
        ),
    ],
)
def test_invalid_faults_raise(settings: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError) as raised:
        Faults(**settings)
    assert str(raised.value) == message


# --- stats ---------------------------------------------------------------------------


def test_stats_over_http(sandbox: Sandbox, client: httpx.Client) -> None:
    create(client, SCHEDULED_BODY)
    create(client, {"caption": ""})
    client.get("/nowhere")
    with connect(sandbox, key="wrong") as stranger:
        rejected = stranger.get(sandbox.url.replace("/api/_public/v1", "/_sandbox/stats"))
        stranger.get("/me")

    response = client.get(sandbox.url.replace("/api/_public/v1", "/_sandbox/stats"))

    assert rejected.status_code == 401
    assert response.status_code == 200
    assert "X-RateLimit-Limit" not in response.headers
    assert response.json() == {
        "requests": {
            "POST /post": {"201": 1, "422": 1},
            "unknown path": {"404": 1},
            "GET /me": {"401": 1},
        },
        "faults": {
            "fail_before_store": 0,
            "fail_after_store": 0,
            "hang_after_store": 0,
            "drop_after_store": 0,
            "burst_429": 0,
            "slow": 0,
        },
        "postGroups": 1,
    }
    assert sandbox.stats() == response.json()


# --- persistence, lifecycle and settings ------------------------------------------------


def test_posts_survive_restart(tmp_path: Path) -> None:
    state_path = tmp_path / "data" / "sandbox-state.json"
    with Sandbox(SandboxConfig(state_path=state_path)) as first, connect(first) as client:
        kept = create(client, SCHEDULED_BODY).json()["postGroupId"]
        removed = create(client, {"caption": "Remove me"}).json()["postGroupId"]
        client.delete(f"/post/{removed}")
        stored = first.posts()

    assert stat.S_IMODE(state_path.stat().st_mode) == 0o600
    assert sorted(os.listdir(state_path.parent)) == ["sandbox-state.json"]
    # A sandbox that is never started still reads the state file.
    assert Sandbox(SandboxConfig(state_path=state_path)).posts(WORKSPACE) == stored
    with Sandbox(SandboxConfig(state_path=state_path)) as second, connect(second) as client:
        listed = list_posts(client).json()
    assert [group["id"] for group in stored] == [kept]
    assert listed == stored


def test_corrupt_state_file_raises(tmp_path: Path) -> None:
    state_path = tmp_path / "sandbox-state.json"
    state_path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        Sandbox(SandboxConfig(state_path=state_path))
    assert str(raised.value) == (
        f"The sandbox state file {state_path} is not valid JSON (Expecting property name"
        " enclosed in double quotes, line 1). Move it away to start the sandbox with no posts."
    )


def test_state_file_of_other_shape_raises(tmp_path: Path) -> None:
    state_path = tmp_path / "sandbox-state.json"
    state_path.write_text(json.dumps([{"id": "c1"}]), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        Sandbox(SandboxConfig(state_path=state_path))
    assert str(raised.value) == (
        f"The sandbox state file {state_path} is not a version 1 state file of the"
        " calendar-loader sandbox. Move it away to start with no posts."
    )


def test_stopped_sandbox_rejects_connections(sandbox: Sandbox) -> None:
    url = sandbox.url
    sandbox.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(
            f"{url}/me", headers={ocoya.API_KEY_HEADER: KEY}, verify=_TLS_CONTEXT, trust_env=False
        )
    with pytest.raises(RuntimeError) as raised:
        _ = sandbox.url
    assert str(raised.value) == "The sandbox is not running: call start() first."


def test_restart_keeps_memory_posts(sandbox: Sandbox, client: httpx.Client) -> None:
    post_id = create(client, {"caption": "Hi"}).json()["postGroupId"]
    sandbox.stop()
    sandbox.start()
    with connect(sandbox) as again:
        assert [group["id"] for group in list_posts(again).json()] == [post_id]


def test_serve_forever_returns_after_stop() -> None:
    sandbox = Sandbox()
    thread = threading.Thread(target=sandbox.serve_forever, daemon=True)
    thread.start()
    for _ in range(500):
        with contextlib.suppress(RuntimeError):
            assert sandbox.url.startswith("http://127.0.0.1:")
            break
        time.sleep(0.01)
    sandbox.stop()
    thread.join(timeout=5)
    assert not thread.is_alive()


_SERVE_SCRIPT = """
import logging
from calendar_loader.sandbox import Sandbox

logging.basicConfig(level=logging.INFO, format="%(message)s")
sandbox = Sandbox().start()
print(sandbox.url, flush=True)
sandbox.serve_forever()
"""


def test_serve_forever_stops_on_sigterm() -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", _SERVE_SCRIPT],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    process.send_signal(signal.SIGTERM)
    _, log = process.communicate(timeout=10)

    assert url.startswith("http://127.0.0.1:")
    assert process.returncode == 0
    assert log.splitlines()[-2:] == ["Sandbox received SIGTERM", "Sandbox stopped"]


@pytest.mark.parametrize(
    ("host", "message"),
    [
        pytest.param(
            "0.0.0.0",
            "Sandbox host '0.0.0.0' is not a loopback address: the sandbox serves only this"
            " machine, so use 127.0.0.1.",
            id="all-interfaces",
        ),
        pytest.param(
            "192.168.1.10",
            "Sandbox host '192.168.1.10' is not a loopback address: the sandbox serves only"
            " this machine, so use 127.0.0.1.",
            id="lan",
        ),
        pytest.param(
            "localhost",
            "Sandbox host 'localhost' is not an IP address: use 127.0.0.1, a loopback address.",
            id="name",
        ),
    ],
)
def test_non_loopback_host_raises(host: str, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        Sandbox(host=host)
    assert str(raised.value) == message


def test_ipv6_loopback_serves() -> None:
    with Sandbox(host="::1") as sandbox, connect(sandbox) as client:
        assert sandbox.url.startswith("http://[::1]:")
        assert client.get("/me").status_code == 200


def test_default_state_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    from_xdg = default_state_path()
    monkeypatch.setenv("XDG_DATA_HOME", "relative/data")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    from_home = default_state_path()

    assert from_xdg == tmp_path / "data" / "calendar-loader" / "sandbox-state.json"
    assert from_home == tmp_path / "home" / ".local/share/calendar-loader/sandbox-state.json"


def test_invalid_config_raises() -> None:
    with pytest.raises(ValueError) as raised:
        SandboxConfig(reset_form="iso")
    assert str(raised.value) == (
        "reset_form is 'iso': use one of epoch-s, epoch-ms, delta-s, rotate."
    )
