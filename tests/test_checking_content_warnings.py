"""Warnings: placeholders, production notes, post types, and strict settings."""

from __future__ import annotations

import pytest
from checking_tables import make_table, marked, post, settings

from calendar_loader.checking import check_tables
from calendar_loader.checking.content_warnings import rows_containing
from calendar_loader.checking.report import Report


def check(*records: dict[str, object], strict: bool = False) -> Report:
    return check_tables([make_table(list(records))], settings(strict=strict))


def warnings_of(report: Report) -> list[tuple[object, ...]]:
    return [(p.column, p.code, p.severity.value) for p in report.iter_problems()]


@pytest.mark.parametrize(
    ("caption", "message"),
    [
        pytest.param(
            "Join us on [N] June!",
            "The caption still contains the placeholder '[N]'. Replace it with the real content "
            "before scheduling.",
            id="bracket-letter",
        ),
        pytest.param("Meet [NAME] today", "placeholder '[NAME]'", id="bracket-word"),
        pytest.param("Buy at REPLACE_ASIN_3", "placeholder 'REPLACE_ASIN_3'", id="replace"),
        pytest.param("TODO write hook", "placeholder 'TODO'", id="todo"),
        pytest.param("Launch date TBD", "placeholder 'TBD'", id="tbd"),
        pytest.param("Lorem ipsum dolor", "placeholder 'Lorem ipsum'", id="lorem"),
        pytest.param(
            "[N] spots left TODO",
            "placeholders '[N]' and 'TODO'",
            id="two",
        ),
        pytest.param(
            "The family: [Author], Claude, Grok, and Timmy.",
            "The caption still contains the placeholder '[Author]'. Replace it with the real "
            "content before scheduling.",
            id="title-case-word",
        ),
        pytest.param("Hi, I am [Name]!", "placeholder '[Name]'", id="name"),
        pytest.param("Tickets: [LINK]", "placeholder '[LINK]'", id="link"),
        pytest.param("Cheers, [Your Name]", "placeholder '[Your Name]'", id="two-words"),
        pytest.param(
            "Signed [Your Company Name]", "placeholder '[Your Company Name]'", id="three-words"
        ),
        pytest.param("Bonjour [Prénom] !", "placeholder '[Prénom]'", id="accented"),
        pytest.param("Dear [FIRST_NAME]", "placeholder '[FIRST_NAME]'", id="underscore"),
        pytest.param(
            "TODO: thank [Author]", "placeholders 'TODO' and '[Author]'", id="in-text-order"
        ),
    ],
)
def test_placeholder_in_caption(caption: str, message: str) -> None:
    report = check(post(caption=caption))
    assert warnings_of(report) == [("Caption", "placeholder", "warning")]
    assert message in next(report.iter_problems()).message
    assert report.rows["status"].tolist() == ["valid"]


@pytest.mark.parametrize(
    "caption",
    [
        pytest.param("Todo el mundo al parque", id="spanish-todo"),
        pytest.param("Our [new] menu", id="lower-bracket"),
        pytest.param("See image below", id="image-word"),
        pytest.param("Quote [1] from the paper", id="digit-bracket"),
        pytest.param("He said it [sic] twice", id="sic"),
        pytest.param("It was [...] great", id="ellipsis"),
        pytest.param("[Read More](https://ex.com/post) today", id="markdown-link"),
        pytest.param("See [Docs][1] for more", id="markdown-reference"),
        pytest.param("[Anzeige] Neue Kollektion", id="ad-disclosure"),
        pytest.param("[NEW] Spring menu", id="new-label"),
        pytest.param("[Thread] How we bake, part one", id="thread-label"),
        pytest.param("Episode [Part 2] is out", id="word-and-number"),
        pytest.param("Tap the [link in bio]", id="lower-words"),
        pytest.param("Tap the [Link in bio]", id="not-every-word-capital"),
        pytest.param("The [Four Little Big Words] rule", id="four-words"),
    ],
)
def test_no_placeholder(caption: str) -> None:
    assert warnings_of(check(post(caption=caption))) == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        pytest.param(
            "https://example.com/a.jpg",
            "The media URL points to example.com, a host reserved for examples. Replace it with "
            "the URL of the real file before scheduling.",
            id="example-com",
        ),
        pytest.param(
            "https://cdn.Example.org/a.jpg", "points to cdn.Example.org", id="example-subdomain"
        ),
        pytest.param("https://cdn.test/your-image-url.png", "'your-image-url'", id="your-image"),
        pytest.param("https://cdn.test/REPLACE_ME.png", "'REPLACE_ME'", id="replace"),
    ],
)
def test_placeholder_in_media_url(url: str, message: str) -> None:
    report = check(post(media=[url]))
    assert warnings_of(report) == [("Image URL", "placeholder", "warning")]
    assert message in next(report.iter_problems()).message


def test_example_like_host_is_fine() -> None:
    assert warnings_of(check(post(media=["https://example-pins.github.io/a.png"]))) == []


@pytest.mark.parametrize(
    "caption",
    [
        pytest.param("Visual: logo on white", id="visual"),
        pytest.param("Visuel : photo du lieu", id="visuel"),
        pytest.param("Story (3 frames)", id="story-frames"),
        pytest.param("Vidéo dynamique : 3 lieux en 3 plans + logo final", id="video-fr"),
        pytest.param("1) Logo plein écran  2) Carte des 3 lieux  3) Sticker", id="frame-list"),
        pytest.param("  video: behind the scenes", id="leading-space"),
        pytest.param(
            "5 slides présentant le lieu : ambiance, bar, écran géant, terrasse, capacité",
            id="slide-count",
        ),
        pytest.param("Visuel statement + caption courte", id="visuel-plus-caption"),
        pytest.param("Photos floues stylisées + sticker question", id="photos-plus-sticker"),
        pytest.param("Reel: sunset over the rooftop", id="reel-colon"),
        pytest.param("Carousel (5 slides)", id="carousel-slides"),
        pytest.param("Reel (15s) kitchen tour", id="reel-length"),
        pytest.param("Vidéo 30s walking tour", id="video-seconds"),
        pytest.param("Slide 1: cover, slide 2: menu", id="slide-one"),
        pytest.param("3 frames: logo, map, countdown", id="frame-count"),
    ],
)
def test_production_note(caption: str) -> None:
    report = check(post(caption=caption))
    assert warnings_of(report) == [("Caption", "production-note", "warning")]
    assert next(report.iter_problems()).message == (
        "The caption looks like a production note (a visual brief or a list of frames), not "
        "the text to publish. Write the post's text here and keep notes in another column."
    )


@pytest.mark.parametrize(
    "caption",
    [
        pytest.param("Video of the week is out", id="video-word"),
        pytest.param("Stories from our kitchen", id="stories-word"),
        pytest.param("1) one thing only", id="single-item"),
        pytest.param("Video of the week: how we roast our beans", id="headline-colon"),
        pytest.param("Vidéo de la semaine : notre chef en cuisine", id="headline-colon-fr"),
        pytest.param("Story time: my first day at the bakery", id="story-time"),
        pytest.param("Photo: Jane Doe for the Daily", id="photo-credit"),
        pytest.param("Photo dump from Lisbon 📸", id="photo-dump"),
        pytest.param("Video + podcast out now", id="plus-other-thing"),
        pytest.param("3 photos from our trip to Porto", id="photo-count"),
        pytest.param("5 things we learned this year", id="count-of-things"),
        pytest.param("1. Mix the flour\n2. Add water", id="numbered-steps"),
    ],
)
def test_not_production_note(caption: str) -> None:
    assert warnings_of(check(post(caption=caption))) == []


@pytest.mark.parametrize(
    ("post_type", "flagged"),
    [
        pytest.param("Story (3 frames)", True, id="story"),
        pytest.param("Stories", True, id="stories"),
        pytest.param("Reel 15s", True, id="reel"),
        pytest.param("reels", True, id="reels"),
        pytest.param("Poll", True, id="poll"),
        pytest.param("Sondage", True, id="sondage"),
        pytest.param("Umfrage", True, id="umfrage"),
        pytest.param("Feed post", False, id="feed"),
        pytest.param("Carousel", False, id="carousel"),
        pytest.param("post_short", False, id="post-short"),
    ],
)
def test_unsupported_post_type(post_type: str, flagged: bool) -> None:
    report = check(post(post_type=post_type))
    expected = [("Format", "unsupported-post-type", "warning")] if flagged else []
    assert warnings_of(report) == expected
    if flagged:
        problem = next(report.iter_problems())
        assert problem.value == post_type
        assert problem.message == (
            "Ocoya's API makes feed posts only, so a story, reel or poll would be published as "
            "an ordinary feed post. Change the row to a feed post, or schedule it in another "
            "tool."
        )


def test_strict_turns_warnings_into_errors() -> None:
    records = [post(caption="TODO"), post(caption="Fine", post_type="Reel")]
    relaxed = check(*records)
    strict = check(*records, strict=True)
    assert relaxed.rows["status"].tolist() == ["valid", "valid"]
    assert strict.rows["status"].tolist() == ["invalid", "invalid"]
    assert [p.severity.value for p in strict.iter_problems()] == ["error", "error"]
    assert strict.summary.invalid == 2
    assert list(strict.sendable()) == []


def test_strict_leaves_drafts_and_skips_as_warnings() -> None:
    report = check(post(date=None, time=None), post(skip_reason=marked("posted")), strict=True)
    assert [(p.code, p.severity.value) for p in report.iter_problems()] == [
        ("draft", "warning"),
        ("skipped", "warning"),
    ]
    assert report.rows["status"].tolist() == ["valid", "skipped"]


def test_rows_containing_finds_needles_across_chunks() -> None:
    texts = ["plain"] * 120_000
    texts[3] = "a TODO here"
    texts[50_000] = "TODO at a chunk start"
    texts[119_999] = "last [N]"
    texts[7] = None  # type: ignore[call-overload]
    assert rows_containing(texts, ("TODO", "[")) == [3, 50_000, 119_999]
