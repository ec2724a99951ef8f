"""Captions, media URLs and profile ids: cleaning and their problems."""

from __future__ import annotations

import pytest
from checking_tables import make_table, post, settings

from calendar_loader.checking import check_tables
from calendar_loader.checking.report import Report


def check(*records: dict[str, object]) -> Report:
    return check_tables([make_table(list(records))], settings())


def problems(report: Report) -> list[tuple[object, ...]]:
    return [(p.row, p.column, p.code, p.value) for p in report.iter_problems()]


@pytest.mark.parametrize(
    ("caption", "cleaned"),
    [
        pytest.param("Hello  \n\n", "Hello", id="trailing-blanks"),
        pytest.param(
            "  Line one  \n\n  Line two\t \n", "  Line one  \n\n  Line two", id="inner-kept"
        ),
        pytest.param("Cafe\u0301", "Café", id="nfc"),
        pytest.param("Hello\u00a0", "Hello", id="no-break-space"),
    ],
)
def test_caption_cleaned(caption: str, cleaned: str) -> None:
    report = check(post(caption=caption))
    assert report.body(0)["caption"] == cleaned  # type: ignore[index]


def test_caption_too_long_counts_utf16() -> None:
    report = check(post(caption="🙂" * 5_001), post(caption="🙂" * 5_000 + "   "))
    found = list(report.iter_problems())
    assert [(p.row, p.column, p.code) for p in found] == [(2, "Caption", "caption-too-long")]
    assert found[0].message == (
        "The caption is 10,002 characters long (counted as UTF-16 code units, so an emoji "
        "counts 2), but Ocoya accepts at most 10,000. Shorten it by 2."
    )
    assert found[0].value == "🙂" * 59 + "…"
    assert report.rows["status"].tolist() == ["invalid", "valid"]


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"caption": None}, id="none"),
        pytest.param({"caption": "  \n "}, id="blank"),
        pytest.param({"caption": None, "media": ["  ", ""]}, id="blank-media"),
    ],
)
def test_missing_content(fields: dict[str, object]) -> None:
    report = check(post(**fields))
    assert problems(report) == [(2, "Caption", "missing-content", None)]
    assert next(report.iter_problems()).message == (
        "The row has neither a caption nor a media URL. Add a caption, a media URL or both."
    )


def test_media_only_is_enough() -> None:
    report = check(post(caption=None, media=["https://cdn.test/a.png"]))
    assert problems(report) == []
    assert report.body(0) == {
        "mediaUrls": ["https://cdn.test/a.png"],
        "socialProfileIds": ["ig-main"],
        "scheduledAt": "2030-06-01T07:00:00Z",
    }


@pytest.mark.parametrize(
    ("url", "code"),
    [
        pytest.param("https://cdn.test/a.png", None, id="png"),
        pytest.param("HTTP://CDN.TEST/A.JPG", None, id="upper-case"),
        pytest.param("https://cdn.test/a.jpeg?w=1200&h=630#x", None, id="query-fragment"),
        pytest.param("https://cdn.test/clip.MP4", None, id="mp4"),
        pytest.param("https://cdn.test/anim.gif", None, id="gif"),
        pytest.param("/home/user/images/demo.png", "invalid-media-url", id="local-path"),
        pytest.param("IMG_1558.JPG", "invalid-media-url", id="file-name"),
        pytest.param("ftp://cdn.test/a.png", "invalid-media-url", id="ftp"),
        pytest.param("https:///a.png", "invalid-media-url", id="no-host"),
        pytest.param("https://cdn.test/my photo.png", "invalid-media-url", id="space"),
        pytest.param("https://cdn.test/a.webp", "unsupported-media-type", id="webp"),
        pytest.param("https://cdn.test/page", "unsupported-media-type", id="page"),
        pytest.param("https://cdn.png", "unsupported-media-type", id="host-only"),
        pytest.param("https://cdn.test/img?format=.png", "unsupported-media-type", id="query-ext"),
    ],
)
def test_media_url(url: str, code: str | None) -> None:
    report = check(post(media=[url]))
    expected = [] if code is None else [(2, "Image URL", code, url)]
    assert problems(report) == expected


def test_media_messages() -> None:
    report = check(post(media=["C:/photos/a.png", "https://cdn.test/a.webp"]))
    assert [p.message for p in report.iter_problems()] == [
        "The media URL is not a web address that Ocoya can fetch. Give a public URL that "
        "starts with http:// or https://. A file on a computer must be uploaded first.",
        "Ocoya accepts only .png, .jpg, .jpeg, .gif and .mp4 files. Link to the file itself, "
        "with a path that ends in one of these.",
    ]


def test_every_media_problem_reported() -> None:
    report = check(post(media=["a.png", "b.png", "https://cdn.test/c.tiff"]))
    assert [p.code for p in report.iter_problems()] == [
        "invalid-media-url",
        "invalid-media-url",
        "unsupported-media-type",
    ]


def test_media_trimmed_and_blank_dropped() -> None:
    report = check(post(media=[" https://cdn.test/a.png ", "", "\thttps://cdn.test/b.gif\n"]))
    assert report.body(0)["mediaUrls"] == ["https://cdn.test/a.png", "https://cdn.test/b.gif"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("profiles", "cleaned"),
    [
        pytest.param([" a ", "b", "", "a", "  "], ["a", "b"], id="trim-blank-duplicate"),
        pytest.param(["b", "a", "b"], ["b", "a"], id="first-place-kept"),
        pytest.param(["", " "], None, id="all-blank"),
    ],
)
def test_profiles_cleaned(profiles: list[str], cleaned: list[str] | None) -> None:
    report = check(post(profiles=profiles))
    assert report.body(0).get("socialProfileIds") == cleaned  # type: ignore[union-attr]


def test_profile_lists_are_separate_per_row() -> None:
    report = check(post(profiles=["a"]), post(profiles=["a"], caption="Other"))
    first = report.body(0)["socialProfileIds"]  # type: ignore[index]
    first.append("changed")  # type: ignore[attr-defined]
    assert report.body(1)["socialProfileIds"] == ["a"]  # type: ignore[index]
