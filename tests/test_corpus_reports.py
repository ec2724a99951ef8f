"""Each real calendar of the shared corpus, validated end to end the way a user runs it.

Every case runs `calendar-loader validate FILE --map tests/maps/NAME.yaml --format json
--now MOMENT` through `calendar_loader.cli.main`, from inside the corpus folder. The test
compares the JSON report: exit code, summary and file problems, then for every row its
status, its request body and its problems. A problem is written "column: code", or the
code alone when it names no column. `EARLY` lies before every date in the corpus, and
`LATE` after them all. A few cases change the mapping file the way its owner would (a
`skip:` list, a default time) or rename one header, to reach rows that the corpus files
keep back.

Rows marked with `bug=` show what a user should get but the product does not give yet.
They are strict xfails, with the reason.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cli_support import invoke

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
MAPS = Path(__file__).resolve().parent / "maps"

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the shared corpus of real calendars is not at {CORPUS}"
)

EARLY = "2018-01-01T00:00:00Z"
LATE = "2031-01-01T00:00:00Z"


@dataclass(frozen=True)
class Row:
    """What the report must say about one calendar row (one variant of it, if any)."""

    row: int
    status: str
    problems: tuple[str, ...]
    request: dict[str, Any] | None = None
    variant: str | None = None
    draft: bool = False
    duplicate_of: int | None = None
    bug: str | None = None


def valid(row: int, request: dict[str, Any], *problems: str, **details: Any) -> Row:
    return Row(row, "valid", problems, request, **details)


def invalid(row: int, *problems: str, **details: Any) -> Row:
    return Row(row, "invalid", problems, **details)


def skipped(row: int, *problems: str, **details: Any) -> Row:
    return Row(row, "skipped", problems, **details)


def summary(
    rows: int,
    valid: int = 0,
    drafts: int = 0,
    invalid: int = 0,
    skipped: int = 0,
    duplicates: int = 0,
) -> dict[str, int]:
    return {
        "rows": rows,
        "valid": valid,
        "drafts": drafts,
        "invalid": invalid,
        "skipped": skipped,
        "duplicates": duplicates,
        "already_sent": 0,
    }


@dataclass(frozen=True)
class Case:
    """One run of validate on a corpus file, and the report it must give.

    `map_extra` is YAML appended to a copy of the mapping file; `header_rename` replaces
    one header of a copy of the calendar.
    """

    id: str
    file: str
    map_name: str
    exit_code: int
    summary: dict[str, int]
    file_problems: tuple[str, ...]
    rows: tuple[Row, ...]
    now: str = EARLY
    map_extra: str = ""
    header_rename: tuple[str, str] | None = None
    summary_bug: str | None = None


MAIN_CASES: tuple[Case, ...] = (
    # Headerless, so rows count from 1. New York is UTC−5 in December, and each link
    # is already in its caption, so none is appended.
    Case(
        "hootsuite_bulk_headerless",
        "hootsuite_bulk_headerless.csv",
        map_name="hootsuite",
        exit_code=0,
        summary=summary(rows=12, valid=12),
        file_problems=(),
        rows=(
            valid(
                1,
                {
                    "caption": (
                        "The community would like to thank No Starch Press for "
                        "sponsoring BSidesPhilly 3. Your contributions mean a lot! "
                        "Please feel free to head over to https://nostarch.com/ for "
                        "details @nostarch #bsidesphilly #bsidesphillysponsors"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2018-12-04T13:00:00Z",
                },
            ),
            valid(
                2,
                {
                    "caption": (
                        "The community would like to thank Drexel University for "
                        "sponsoring BSidesPhilly 3. Your contributions mean a lot! "
                        "Please feel free to head over to https://drexel.edu for "
                        "details @DrexelUniv #bsidesphilly #bsidesphillysponsors"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2018-12-04T13:30:00Z",
                },
            ),
            valid(
                3,
                {
                    "caption": (
                        "The community would like to thank No Starch Press for "
                        "sponsoring BSidesPhilly 3. Your contributions mean a lot! "
                        "Please feel free to head over to https://nostarch.com/ for "
                        "details @nostarch #bsidesphilly #bsidesphillysponsors"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2018-12-04T14:00:00Z",
                },
                "repeated-caption",
            ),
            valid(
                4,
                {
                    "caption": (
                        "The community would like to thank AccessIT Group for "
                        "sponsoring BSidesPhilly 3. Your contributions mean a lot! "
                        "Please feel free to head over to "
                        "https://www.accessitgroup.com for details @AccessITGroup "
                        "#bsidesphilly #bsidesphillysponsors"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2018-12-04T14:30:00Z",
                },
            ),
            valid(
                5,
                {
                    "caption": (
                        "The community would like to thank Appalachia Technology for "
                        "sponsoring BSidesPhilly 3. Your contributions mean a lot! "
                        "Please feel free to head over to https://appalachiatech.com "
                        "for details @AppalachiaTech #bsidesphilly #bsidesphillysponsors"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2018-12-04T15:00:00Z",
                },
            ),
            valid(
                6,
                {
                    "caption": (
                        "The community would like to thank AccessIT Group for "
                        "sponsoring BSidesPhilly 3. Your contributions mean a lot! "
                        "Please feel free to head over to "
                        "https://www.accessitgroup.com for details @AccessITGroup "
                        "#bsidesphilly #bsidesphillysponsors"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2018-12-04T15:30:00Z",
                },
                "repeated-caption",
            ),
            valid(
                7,
                {
                    "caption": (
                        "The community would like to thank Drexel University for "
                        "sponsoring BSidesPhilly 3. Your contributions mean a lot! "
                        "Please feel free to head over to https://drexel.edu for "
                        "details @DrexelUniv #bsidesphilly #bsidesphillysponsors"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2018-12-04T16:00:00Z",
                },
                "repeated-caption",
            ),
            valid(
                8,
                {
                    "caption": (
                        "The community would like to thank Security Risk Advisors for "
                        "sponsoring BSidesPhilly 3. Your contributions mean a lot! "
                        "Please feel free to head over to "
                        "http://www.securityriskadvisors.com for details @secrisk "
                        "#bsidesphilly #bsidesphillysponsors"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2018-12-04T16:30:00Z",
                },
            ),
            valid(
                9,
                {
                    "caption": (
                        "The community would like to thank Philadelphia Cyber "
                        "Education Alliance for sponsoring BSidesPhilly 3. Your "
                        "contributions mean a lot! Please feel free to head over to "
                        "https://phillycyberalliance.org/ for details #bsidesphilly "
                        "#bsidesphillysponsors"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2018-12-04T17:00:00Z",
                },
            ),
            valid(
                10,
                {
                    "caption": (
                        "The community would like to thank Drexel University for "
                        "sponsoring BSidesPhilly 3. Your contributions mean a lot! "
                        "Please feel free to head over to https://drexel.edu for "
                        "details @DrexelUniv #bsidesphilly #bsidesphillysponsors"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2018-12-04T17:30:00Z",
                },
                "repeated-caption",
            ),
            valid(
                11,
                {
                    "caption": (
                        "The community would like to thank Appalachia Technology for "
                        "sponsoring BSidesPhilly 3. Your contributions mean a lot! "
                        "Please feel free to head over to https://appalachiatech.com "
                        "for details @AppalachiaTech #bsidesphilly #bsidesphillysponsors"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2018-12-04T18:00:00Z",
                },
                "repeated-caption",
            ),
            valid(
                12,
                {
                    "caption": (
                        "The community would like to thank Linode for sponsoring "
                        "BSidesPhilly 3. Your contributions mean a lot! Please feel "
                        "free to head over to https://www.linode.com for details "
                        "@linode #bsidesphilly #bsidesphillysponsors"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2018-12-04T18:30:00Z",
                },
            ),
        ),
    ),
    # Three identical rows: rows 2 and 3 repeat row 1 and are not sent.
    Case(
        "hootsuite_bulk_duplicates",
        "hootsuite_bulk_duplicates.csv",
        map_name="hootsuite",
        exit_code=0,
        summary=summary(rows=3, valid=3, duplicates=2),
        file_problems=(),
        rows=(
            valid(
                1,
                {
                    "caption": (
                        "The community would like to thank Drexel University for "
                        "sponsoring BSidesPhilly 3. Your contributions mean a lot! "
                        "Please feel free to head over to https://drexel.edu for "
                        "details @DrexelUniv #bsidesphilly #bsidesphillysponsors"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2018-12-04T16:00:00Z",
                },
            ),
            valid(
                2,
                {
                    "caption": (
                        "The community would like to thank Drexel University for "
                        "sponsoring BSidesPhilly 3. Your contributions mean a lot! "
                        "Please feel free to head over to https://drexel.edu for "
                        "details @DrexelUniv #bsidesphilly #bsidesphillysponsors"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2018-12-04T16:00:00Z",
                },
                "duplicate-row",
                duplicate_of=1,
            ),
            valid(
                3,
                {
                    "caption": (
                        "The community would like to thank Drexel University for "
                        "sponsoring BSidesPhilly 3. Your contributions mean a lot! "
                        "Please feel free to head over to https://drexel.edu for "
                        "details @DrexelUniv #bsidesphilly #bsidesphillysponsors"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2018-12-04T16:00:00Z",
                },
                "duplicate-row",
                duplicate_of=1,
            ),
        ),
    ),
    # The Metricool preset: true/false platform columns and Picture Url 1. Madrid is
    # UTC+2 in October.
    Case(
        "metricool_export_multiline",
        "metricool_export_multiline.csv",
        map_name="metricool",
        exit_code=0,
        summary=summary(rows=3, valid=3),
        file_problems=("column-not-sent",),
        rows=(
            valid(
                2,
                {
                    "caption": (
                        "🔥 CNC Water Jet Cutting Head On/Off Valve Adapter Assembly "
                        '3/8"M TO 1/4"F Waterjet Cutter 5...\n'
                        "\n"
                        "🛒 Check the deal: https://s.click.aliexpress.com/e/_EXAMPLE1\n"
                        "\n"
                        "#AliExpress #Deals #Shopping"
                    ),
                    "mediaUrls": [
                        "https://ae-pic-a1.aliexpress-media.com/kf/S31a6d3e9e3424a22a24c7769c394c73eY.jpg"
                    ],
                    "socialProfileIds": ["fb-100", "ig-200", "pin-300", "tt-400"],
                    "scheduledAt": "2026-10-09T18:40:00Z",
                },
            ),
            valid(
                3,
                {
                    "caption": (
                        "🔥 High-Power 7.5HP 5.5KW Vacuum Pump For CNC Router 220V 380V "
                        "AC Electric High Pressure OEM...\n"
                        "\n"
                        "🛒 Check the deal: https://s.click.aliexpress.com/e/_EXAMPLE2\n"
                        "\n"
                        "#AliExpress #Deals #Shopping"
                    ),
                    "mediaUrls": [
                        "https://ae-pic-a1.aliexpress-media.com/kf/Scfdf478da20f468691ef87fced4ddad1A.jpg"
                    ],
                    "socialProfileIds": ["fb-100", "ig-200", "pin-300", "tt-400"],
                    "scheduledAt": "2026-10-09T18:52:00Z",
                },
            ),
            valid(
                4,
                {
                    "caption": (
                        "🔥 Oatsbasf Metal Phone Case for iPhone 17 Pro Max/17 Pro with "
                        "Magnetic Stand 360° Rotatable...\n"
                        "\n"
                        "🛒 Check the deal: https://s.click.aliexpress.com/e/_EXAMPLE3\n"
                        "\n"
                        "#AliExpress #Deals #Shopping"
                    ),
                    "mediaUrls": [
                        "https://ae-pic-a1.aliexpress-media.com/kf/Sf4c997932e104ff2854c28117815a1aaE.jpg"
                    ],
                    "socialProfileIds": ["fb-100", "ig-200", "pin-300", "tt-400"],
                    "scheduledAt": "2026-10-09T19:52:00Z",
                },
            ),
        ),
    ),
    # No publish date, so every row is a draft. The Link column is appended to the
    # description.
    Case(
        "pinterest_bulk_upload",
        "pinterest_bulk_upload.csv",
        map_name="pinterest",
        exit_code=0,
        summary=summary(rows=5, valid=5, drafts=5),
        file_problems=("column-not-sent",),
        rows=(
            valid(
                2,
                {
                    "caption": (
                        "If clutter drives you crazy, the closet organizer fixes it in "
                        "minutes - and it's under $25. See why reviewers love it via "
                        "the link. As an Amazon Associate, I earn from qualifying purchases.\n"
                        "\n"
                        "https://www.amazon.com/REPLACE_ASIN_1?tag=exampletag-20"
                    ),
                    "mediaUrls": [
                        "https://example-pins.github.io/pinterest-pins/images/pin_1_home_organization.png"
                    ],
                    "socialProfileIds": ["pin-300"],
                },
                "Description + Link: placeholder",
                "draft",
                draft=True,
            ),
            valid(
                3,
                {
                    "caption": (
                        "Swipe-ready transformation - this space-saving gadget turned "
                        "things around for under $25. Save it for your next project. "
                        "As an Amazon Associate, I earn from qualifying purchases.\n"
                        "\n"
                        "https://www.amazon.com/REPLACE_ASIN_2?tag=exampletag-20"
                    ),
                    "mediaUrls": [
                        "https://example-pins.github.io/pinterest-pins/images/pin_2_kitchen_gadgets.png"
                    ],
                    "socialProfileIds": ["pin-300"],
                },
                "Description + Link: placeholder",
                "draft",
                draft=True,
            ),
            valid(
                4,
                {
                    "caption": (
                        "Stuck on gifts? These 5 tech_desk_accessories picks are "
                        "crowd-pleasers under $25 and ship fast. Save this list for "
                        "later. As an Amazon Associate, I earn from qualifying purchases.\n"
                        "\n"
                        "https://www.amazon.com/REPLACE_ASIN_3?tag=exampletag-20"
                    ),
                    "mediaUrls": [
                        "https://example-pins.github.io/pinterest-pins/images/pin_3_tech_desk_accessories.png"
                    ],
                    "socialProfileIds": ["pin-300"],
                },
                "Description + Link: placeholder",
                "draft",
                draft=True,
            ),
            valid(
                5,
                {
                    "caption": (
                        "Swipe-ready transformation - this robot vacuum turned things "
                        "around for under $25. Save it for your next project. As an "
                        "Amazon Associate, I earn from qualifying purchases.\n"
                        "\n"
                        "https://www.amazon.com/REPLACE_ASIN_4?tag=exampletag-20"
                    ),
                    "mediaUrls": [
                        "https://example-pins.github.io/pinterest-pins/images/pin_4_cleaning_tools.png"
                    ],
                    "socialProfileIds": ["pin-300"],
                },
                "Description + Link: placeholder",
                "draft",
                draft=True,
            ),
            valid(
                6,
                {
                    "caption": (
                        "Stuck on gifts? These 5 pet_supplies picks are crowd-pleasers "
                        "under $25 and ship fast. Save this list for later. As an "
                        "Amazon Associate, I earn from qualifying purchases.\n"
                        "\n"
                        "https://www.amazon.com/REPLACE_ASIN_5?tag=exampletag-20"
                    ),
                    "mediaUrls": [
                        "https://example-pins.github.io/pinterest-pins/images/pin_5_pet_supplies.png"
                    ],
                    "socialProfileIds": ["pin-300"],
                },
                "Description + Link: placeholder",
                "draft",
                draft=True,
            ),
        ),
    ),
    # Unsplash links have no file extension, so every row is rejected. The case
    # linkedin_image_column_renamed checks the captions.
    Case(
        "linkedin_posts_multiline",
        "linkedin_posts_multiline.csv",
        map_name="linkedin_posts",
        exit_code=1,
        summary=summary(rows=8, invalid=8),
        file_problems=(),
        rows=(
            invalid(2, "Image_URL: unsupported-media-type"),
            invalid(3, "Image_URL: unsupported-media-type"),
            invalid(4, "Image_URL: unsupported-media-type"),
            invalid(5, "Image_URL: unsupported-media-type"),
            invalid(6, "Image_URL: unsupported-media-type"),
            invalid(7, "Image_URL: unsupported-media-type"),
            invalid(8, "Image_URL: unsupported-media-type"),
            invalid(9, "Image_URL: unsupported-media-type"),
        ),
    ),
    # Row 2 is marked posted. The default time 10:00 in Honolulu is 20:00 UTC.
    Case(
        "fb_calendar_emoji_status",
        "fb_calendar_emoji_status.csv",
        map_name="fb_calendar",
        exit_code=0,
        summary=summary(rows=12, valid=11, skipped=1),
        file_problems=("unknown-column",),
        rows=(
            skipped(2, "status: skipped"),
            valid(
                3,
                {
                    "caption": (
                        "📖 Jesus spoke about the Kingdom of God 54 times but mentioned "
                        "church only twice. The Kingdom was His primary message. Dive "
                        "deeper in our series.\n"
                        "\n"
                        "#KingdomTheology #BiblicalTruth #ChristianFaith"
                    ),
                    "socialProfileIds": ["fb-100"],
                    "scheduledAt": "2025-11-24T20:00:00Z",
                },
            ),
            valid(
                4,
                {
                    "caption": (
                        "🌺 Discover how traditional Hawaiian wellness wisdom can "
                        "transform your health journey. My new book combines ancestral "
                        "knowledge with evidence-based nutrition.\n"
                        "\n"
                        "#HawaiianWellness #NaturalHealth #HealthyLiving"
                    ),
                    "socialProfileIds": ["fb-100"],
                    "scheduledAt": "2025-12-03T20:00:00Z",
                },
            ),
            valid(
                5,
                {
                    "caption": (
                        "💡 Ancient Hawaiians understood something modern science is "
                        "rediscovering: your body has incredible healing ability when "
                        "given proper nutrition and natural patterns.\n"
                        "\n"
                        "#Nutrition #Wellness #HolisticHealth"
                    ),
                    "socialProfileIds": ["fb-100"],
                    "scheduledAt": "2025-12-06T20:00:00Z",
                },
            ),
            valid(
                6,
                {
                    "caption": (
                        "📖 The Kingdom of God isn't a distant future reality - it's "
                        "breaking into the present through us, the founding members. "
                        "Explore this transformative truth.\n"
                        "\n"
                        "#KingdomNow #ChristianLiving #FoundingMembers"
                    ),
                    "socialProfileIds": ["fb-100"],
                    "scheduledAt": "2025-12-09T20:00:00Z",
                },
            ),
            valid(
                7,
                {
                    "caption": (
                        "🌺 Behind the books: Why I wrote about Kingdom theology. After "
                        "years of study and revelation, timeless Biblical truth speaks "
                        "powerfully to today's Church.\n"
                        "\n"
                        "#AuthorLife #ChristianAuthor #KingdomRevelation"
                    ),
                    "socialProfileIds": ["fb-100"],
                    "scheduledAt": "2025-12-12T20:00:00Z",
                },
            ),
            valid(
                8,
                {
                    "caption": (
                        "🙏 When ministry resources speak your congregation's heart "
                        "language, it honors their heritage and deepens spiritual "
                        "connection. That's Kingdom ministry!\n"
                        "\n"
                        "#ChurchLeadership #CulturalCompetence #Ministry"
                    ),
                    "socialProfileIds": ["fb-100"],
                    "scheduledAt": "2025-12-18T20:00:00Z",
                },
            ),
            valid(
                9,
                {
                    "caption": (
                        "🌺 Hawaiian wellness wisdom: It's not about restriction - it's "
                        "about abundance of the RIGHT foods. Traditional wisdom that "
                        "transforms health.\n"
                        "\n"
                        "#HealthyEating #WellnessJourney #TraditionalWisdom"
                    ),
                    "socialProfileIds": ["fb-100"],
                    "scheduledAt": "2025-12-21T20:00:00Z",
                },
            ),
            valid(
                10,
                {
                    "caption": (
                        "💬 Founding members are sharing: This Kingdom theology series "
                        "opened my eyes to God's eternal purposes. Humbled and grateful!\n"
                        "\n"
                        "#Testimony #ChristianBooks #KingdomFamily"
                    ),
                    "socialProfileIds": ["fb-100"],
                    "scheduledAt": "2025-12-24T20:00:00Z",
                },
            ),
            valid(
                11,
                {
                    "caption": (
                        "📖 Seek first the Kingdom of God and His righteousness - "
                        "Matthew 6:33. What does this really mean for our daily lives "
                        "as founding members?\n"
                        "\n"
                        "#ScriptureStudy #KingdomOfGod #BiblicalLiving"
                    ),
                    "socialProfileIds": ["fb-100"],
                    "scheduledAt": "2025-12-27T20:00:00Z",
                },
            ),
            valid(
                12,
                {
                    "caption": (
                        "🌺 Did you know? Traditional Hawaiian eating patterns "
                        "naturally incorporated intermittent fasting. Ancestral wisdom "
                        "meets modern nutritional science!\n"
                        "\n"
                        "#IntermittentFasting #AncestralWisdom #HealthScience"
                    ),
                    "socialProfileIds": ["fb-100"],
                    "scheduledAt": "2025-12-30T20:00:00Z",
                },
            ),
            valid(
                13,
                {
                    "caption": (
                        "📅 To all pastors serving faithfully: Thank you for "
                        "shepherding God's people in multiple languages and cultures. "
                        "These planners honor your calling!\n"
                        "\n"
                        "#PastorAppreciation #MultilingualMinistry #KingdomServants"
                    ),
                    "socialProfileIds": ["fb-100"],
                    "scheduledAt": "2026-01-02T20:00:00Z",
                },
            ),
        ),
    ),
    # Date only, with the default time 18:00 in Kolkata (UTC+5:30). Media are file
    # names under the mapping's cdn.example.com folder.
    Case(
        "difesa_content_calendar",
        "difesa_content_calendar.csv",
        map_name="difesa",
        exit_code=0,
        summary=summary(rows=12, valid=12),
        file_problems=("unknown-column",),
        rows=(
            valid(
                2,
                {
                    "caption": (
                        "Home should be the one place you never have to worry. "
                        "Difesa's residential security teams are background-verified, "
                        "professionally trained, and on duty 24/7 — for apartment "
                        "complexes, gated communities, and individual homes alike.\n"
                        "\n"
                        "Get a Free Quote\n"
                        "\n"
                        "#DifesaSecurity #Bengaluru #SafetyFirst #PrivateSecurity "
                        "#SecurityServices #TrainedGuards"
                    ),
                    "mediaUrls": ["https://cdn.example.com/difesa/2026-09-07.jpg"],
                    "socialProfileIds": ["ig-200", "fb-100"],
                    "scheduledAt": "2026-09-07T12:30:00Z",
                },
                "image_filename: placeholder",
            ),
            valid(
                3,
                {
                    "caption": (
                        "Trust isn't claimed, it's earned. Difesa has been ISO "
                        "9001:2015 certified since 2007, with 800+ trained security "
                        "personnel and a 5.0-star Google rating from over 1,200 "
                        "verified clients. That's what 'Real Protection. Real Trust.' "
                        "actually looks like.\n"
                        "\n"
                        "Talk to Our Team\n"
                        "\n"
                        "#DifesaSecurity #Bengaluru #SafetyFirst #PrivateSecurity "
                        "#PeaceOfMind #TrustedSecurity"
                    ),
                    "mediaUrls": ["https://cdn.example.com/difesa/2026-09-09.jpg"],
                    "socialProfileIds": ["ig-200", "fb-100"],
                    "scheduledAt": "2026-09-09T12:30:00Z",
                },
                "image_filename: placeholder",
            ),
            valid(
                4,
                {
                    "caption": (
                        "Security isn't just about guards at the gate — it's about the "
                        "habits everyone follows. Small steps like verifying visitor "
                        "IDs, logging deliveries, and checking blind spots on CCTV go "
                        "a long way in closing security gaps.\n"
                        "\n"
                        "Learn More\n"
                        "\n"
                        "#DifesaSecurity #Bengaluru #SafetyFirst #PrivateSecurity "
                        "#SecurityServices #TrainedGuards"
                    ),
                    "mediaUrls": ["https://cdn.example.com/difesa/2026-09-11.jpg"],
                    "socialProfileIds": ["ig-200", "fb-100"],
                    "scheduledAt": "2026-09-11T12:30:00Z",
                },
                "image_filename: placeholder",
            ),
            valid(
                5,
                {
                    "caption": (
                        "Your office deserves security that matches its standards. "
                        "Difesa provides trained corporate security personnel who "
                        "manage access control, visitor screening, and daily "
                        "operations discreetly and professionally — so your team can "
                        "focus on work.\n"
                        "\n"
                        "Get a Free Quote\n"
                        "\n"
                        "#DifesaSecurity #Bengaluru #SafetyFirst #PrivateSecurity "
                        "#SecurityServices #TrainedGuards"
                    ),
                    "mediaUrls": ["https://cdn.example.com/difesa/2026-09-14.jpg"],
                    "socialProfileIds": ["ig-200", "fb-100"],
                    "scheduledAt": "2026-09-14T12:30:00Z",
                },
                "image_filename: placeholder",
            ),
            valid(
                6,
                {
                    "caption": (
                        "Deployment only happens after background verification, "
                        "physical training, and site-specific protocol briefings. It's "
                        "why our clients trust us with everything from corporate "
                        "campuses to hospitals.\n"
                        "\n"
                        "Learn More\n"
                        "\n"
                        "#DifesaSecurity #Bengaluru #SafetyFirst #PrivateSecurity "
                        "#SecurityServices #TrainedGuards"
                    ),
                    "mediaUrls": ["https://cdn.example.com/difesa/2026-09-16.jpg"],
                    "socialProfileIds": ["ig-200", "fb-100"],
                    "scheduledAt": "2026-09-16T12:30:00Z",
                },
                "image_filename: placeholder",
            ),
            valid(
                7,
                {
                    "caption": (
                        "Nothing means more than a client who stays. With a 98% "
                        "repeat-client rate and a 5.0-star rating across 1,200+ "
                        "reviews, our work speaks for itself. Thank you for trusting "
                        "Difesa with what matters most.\n"
                        "\n"
                        "Read Our Reviews\n"
                        "\n"
                        "#DifesaSecurity #Bengaluru #SafetyFirst #PrivateSecurity "
                        "#PeaceOfMind #TrustedSecurity"
                    ),
                    "mediaUrls": ["https://cdn.example.com/difesa/2026-09-18.jpg"],
                    "socialProfileIds": ["ig-200", "fb-100"],
                    "scheduledAt": "2026-09-18T12:30:00Z",
                },
                "image_filename: placeholder",
            ),
            valid(
                8,
                {
                    "caption": (
                        "Factories and industrial units carry risks that need "
                        "specialised handling — perimeter security, shift-based access "
                        "control, and asset protection. Difesa's industrial security "
                        "teams are trained specifically for these environments.\n"
                        "\n"
                        "Get a Free Quote\n"
                        "\n"
                        "#DifesaSecurity #Bengaluru #SafetyFirst #PrivateSecurity "
                        "#SecurityServices #TrainedGuards"
                    ),
                    "mediaUrls": ["https://cdn.example.com/difesa/2026-09-21.jpg"],
                    "socialProfileIds": ["ig-200", "fb-100"],
                    "scheduledAt": "2026-09-21T12:30:00Z",
                },
                "image_filename: placeholder",
            ),
            valid(
                9,
                {
                    "caption": (
                        "Security and cleanliness go hand in hand. Beyond guarding, "
                        "Difesa's facility management team handles housekeeping and "
                        "deep cleaning for corporate offices, residential complexes, "
                        "and institutions — one vendor, complete peace of mind.\n"
                        "\n"
                        "Ask About Facility Management\n"
                        "\n"
                        "#DifesaSecurity #Bengaluru #SafetyFirst #PrivateSecurity "
                        "#FacilityManagement #Housekeeping"
                    ),
                    "mediaUrls": ["https://cdn.example.com/difesa/2026-09-23.jpg"],
                    "socialProfileIds": ["ig-200", "fb-100"],
                    "scheduledAt": "2026-09-23T12:30:00Z",
                },
                "image_filename: placeholder",
            ),
            valid(
                10,
                {
                    "caption": (
                        "Security isn't just about guards at the gate — it's about the "
                        "habits everyone follows. Small steps like verifying visitor "
                        "IDs, logging deliveries, and checking blind spots on CCTV go "
                        "a long way in closing security gaps.\n"
                        "\n"
                        "Learn More\n"
                        "\n"
                        "#DifesaSecurity #Bengaluru #SafetyFirst #PrivateSecurity "
                        "#SecurityServices #TrainedGuards"
                    ),
                    "mediaUrls": ["https://cdn.example.com/difesa/2026-09-25.jpg"],
                    "socialProfileIds": ["ig-200", "fb-100"],
                    "scheduledAt": "2026-09-25T12:30:00Z",
                },
                "image_filename: placeholder",
            ),
            valid(
                11,
                {
                    "caption": (
                        "There's no compromise when it comes to the safety of students "
                        "and staff. Difesa provides background-verified security "
                        "personnel trained specifically for school and campus "
                        "environments — visitor screening, entry-exit control, and "
                        "emergency readiness included.\n"
                        "\n"
                        "Get a Free Quote\n"
                        "\n"
                        "#DifesaSecurity #Bengaluru #SafetyFirst #PrivateSecurity "
                        "#SecurityServices #TrainedGuards"
                    ),
                    "mediaUrls": ["https://cdn.example.com/difesa/2026-09-28.jpg"],
                    "socialProfileIds": ["ig-200", "fb-100"],
                    "scheduledAt": "2026-09-28T12:30:00Z",
                },
                "image_filename: placeholder",
            ),
            valid(
                12,
                {
                    "caption": (
                        "From corporate events to large public gatherings, Difesa's "
                        "event security teams manage crowd flow, access control, and "
                        "emergency response — so your event runs smoothly from start to finish.\n"
                        "\n"
                        "Plan Your Event Security\n"
                        "\n"
                        "#DifesaSecurity #Bengaluru #SafetyFirst #PrivateSecurity "
                        "#SecurityServices #TrainedGuards"
                    ),
                    "mediaUrls": ["https://cdn.example.com/difesa/2026-09-30.jpg"],
                    "socialProfileIds": ["ig-200", "fb-100"],
                    "scheduledAt": "2026-09-30T12:30:00Z",
                },
                "image_filename: placeholder",
            ),
            valid(
                13,
                {
                    "caption": (
                        "A well-maintained property reflects well-maintained "
                        "standards. Difesa's facility management team handles garden "
                        "and landscape upkeep for residential and corporate clients — "
                        "one more thing you don't have to manage yourself.\n"
                        "\n"
                        "Ask About Facility Management\n"
                        "\n"
                        "#DifesaSecurity #Bengaluru #SafetyFirst #PrivateSecurity "
                        "#FacilityManagement #Housekeeping"
                    ),
                    "mediaUrls": ["https://cdn.example.com/difesa/2026-10-28.jpg"],
                    "socialProfileIds": ["ig-200", "fb-100"],
                    "scheduledAt": "2026-10-28T12:30:00Z",
                },
                "image_filename: placeholder",
            ),
        ),
    ),
    # Every row is “À produire” (not ready). The empty row and five legend rows are
    # counted as blank. The case mondiale_ready checks the rows themselves.
    Case(
        "mondiale_social_calendar_fr",
        "mondiale_social_calendar_fr.csv",
        map_name="mondiale",
        exit_code=0,
        summary=summary(rows=12, skipped=12),
        file_problems=("unknown-column",),
        rows=(
            skipped(2, "Statut: skipped"),
            skipped(3, "Statut: skipped"),
            skipped(4, "Statut: skipped"),
            skipped(5, "Statut: skipped"),
            skipped(6, "Statut: skipped"),
            skipped(7, "Statut: skipped"),
            skipped(8, "Statut: skipped"),
            skipped(9, "Statut: skipped"),
            skipped(10, "Statut: skipped"),
            skipped(11, "Statut: skipped"),
            skipped(12, "Statut: skipped"),
            skipped(13, "Statut: skipped"),
        ),
    ),
    # Date only and no default time, so every row is rejected. The case
    # portfolio_default_time sets one.
    Case(
        "portfolio_social_calendar_utm",
        "portfolio_social_calendar_utm.csv",
        map_name="portfolio",
        exit_code=1,
        summary=summary(rows=5, invalid=5),
        file_problems=("unknown-column",),
        rows=(
            invalid(2, "date: missing-time"),
            invalid(3, "date: missing-time"),
            invalid(4, "date: missing-time"),
            invalid(5, "date: missing-time"),
            invalid(6, "date: missing-time"),
        ),
    ),
    # The mapping names no time zone. Row 4 has a relative time and a local path, and
    # row 6 has one field too few.
    Case(
        "social_scheduler_sample_posts",
        "social_scheduler_sample_posts.csv",
        map_name="social_scheduler",
        exit_code=1,
        summary=summary(rows=5, invalid=5),
        file_problems=(),
        rows=(
            invalid(2, "scheduled_time: missing-timezone"),
            invalid(3, "scheduled_time: missing-timezone"),
            invalid(4, "media_paths: local-media", "scheduled_time: relative-time"),
            invalid(5, "scheduled_time: missing-timezone"),
            invalid(6, "wrong-field-count"),
        ),
    ),
    # Every row is pending approval. The case vi_content_plan_approved checks them.
    Case(
        "vi_content_plan_no_caption",
        "vi_content_plan_no_caption.csv",
        map_name="vi_content_plan",
        exit_code=0,
        summary=summary(rows=4, skipped=4),
        file_problems=("unknown-column",),
        rows=(
            skipped(2, "approval_status: skipped"),
            skipped(3, "approval_status: skipped"),
            skipped(4, "approval_status: skipped"),
            skipped(5, "approval_status: skipped"),
        ),
    ),
    # Semicolons and dd.mm.yyyy dates. Berlin is UTC+2 in early October 2030. Row 4
    # is a draft (typ entwurf), which drops its profiles.
    Case(
        "postiz_plan_de_semicolon",
        "postiz_plan_de_semicolon.csv",
        map_name="postiz",
        exit_code=0,
        summary=summary(rows=3, valid=3, drafts=1),
        file_problems=("unknown-column",),
        rows=(
            valid(
                2,
                {
                    "caption": "Text\nzwei",
                    "mediaUrls": ["https://example.com/a.jpg"],
                    "socialProfileIds": ["ig-200", "fb-100"],
                    "scheduledAt": "2030-10-06T06:30:00Z",
                },
                "bild: placeholder",
            ),
            valid(
                3,
                {
                    "caption": "Hallo",
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2030-10-08T10:00:00Z",
                },
            ),
            valid(
                4,
                {
                    "caption": "Entwurf",
                    "scheduledAt": "2030-10-10T16:00:00Z",
                },
                "typ: draft",
                draft=True,
            ),
        ),
    ),
    # Rows are the YAML lines where posts start. Caracas is UTC−4, and the hashtags
    # get their #.
    Case(
        "finca_guamito_posts",
        "finca_guamito_posts.yaml",
        map_name="finca",
        exit_code=0,
        summary=summary(rows=6, valid=6),
        file_problems=("unknown-column",),
        rows=(
            valid(
                27,
                {
                    "caption": (
                        "Hay vistas que se disfrutan mejor con los pies en el agua. 💦🌿\n"
                        "\n"
                        "En Finca el Guamito, la piscina mira directo a la montaña: nadar\n"
                        "aquí es también quedarse viendo el paisaje.\n"
                        "\n"
                        "#agroecoturismo #anzoategui #piscinanatural #venezuela #descanso"
                    ),
                    "mediaUrls": [
                        "https://cdn.example.com/finca/FUTURAS%20SEMANAS/IMAGENES/IMG_1558.JPG"
                    ],
                    "socialProfileIds": ["ig-200"],
                    "scheduledAt": "2026-08-26T13:00:00Z",
                },
                "foto: placeholder",
            ),
            valid(
                40,
                {
                    "caption": (
                        "Hay escenas sencillas que enseñan más que cualquier explicación. 🐄🌿\n"
                        "\n"
                        "En Finca el Guamito, ver de cerca cómo comen y crecen los animales\n"
                        "es parte de lo que se lleva la gente cuando se va.\n"
                        "\n"
                        "#agroecoturismo #anzoategui #turismorural #venezuela #campo"
                    ),
                    "mediaUrls": [
                        "https://cdn.example.com/finca/FUTURAS%20SEMANAS/IMAGENES/IMG_2036.JPG"
                    ],
                    "socialProfileIds": ["ig-200"],
                    "scheduledAt": "2026-08-28T13:00:00Z",
                },
                "foto: placeholder",
            ),
            valid(
                53,
                {
                    "caption": (
                        "Hay árboles que anuncian la época sin decir una palabra. 💛🌿\n"
                        "\n"
                        "En Finca el Guamito, el araguaney florece y pinta el campo entero\n"
                        "de ese amarillo que solo se ve aquí.\n"
                        "\n"
                        "#araguaney #agroecoturismo #anzoategui #venezuela #naturaleza"
                    ),
                    "mediaUrls": [
                        "https://cdn.example.com/finca/FUTURAS%20SEMANAS/IMAGENES/IMG_2082.JPG"
                    ],
                    "socialProfileIds": ["ig-200"],
                    "scheduledAt": "2026-08-30T13:00:00Z",
                },
                "foto: placeholder",
            ),
            valid(
                66,
                {
                    "caption": (
                        "Hay caminos que se entienden distinto desde la silla. 🐎🌿\n"
                        "\n"
                        "En Finca el Guamito, la cabalgata entra al bosque despacio, entre\n"
                        "sombra y sonido de hojas, sin apuro por llegar.\n"
                        "\n"
                        "#cabalgata #agroecoturismo #anzoategui #turismorural #venezuela"
                    ),
                    "mediaUrls": [
                        "https://cdn.example.com/finca/FUTURAS%20SEMANAS/IMAGENES/IMG_1530.JPG"
                    ],
                    "socialProfileIds": ["ig-200"],
                    "scheduledAt": "2026-09-01T13:00:00Z",
                },
                "foto: placeholder",
            ),
            valid(
                79,
                {
                    "caption": (
                        "Hay planes que no necesitan más que un lugar donde sentarse. 🌿✨\n"
                        "\n"
                        "En Finca el Guamito, el corredor con sus mecedoras es de los\n"
                        "rincones donde la gente se queda más tiempo del que pensaba.\n"
                        "\n"
                        "#agroecoturismo #anzoategui #descanso #venezuela #posada"
                    ),
                    "mediaUrls": [
                        "https://cdn.example.com/finca/FUTURAS%20SEMANAS/IMAGENES/IMG_2060.JPG"
                    ],
                    "socialProfileIds": ["ig-200"],
                    "scheduledAt": "2026-09-03T13:00:00Z",
                },
                "foto: placeholder",
            ),
            valid(
                92,
                {
                    "caption": (
                        "Hay amaneceres que valen por sí solos el viaje. 🌅🌿\n"
                        "\n"
                        "En Finca el Guamito, el sol sale por detrás de la montaña y por\n"
                        "unos minutos no hace falta hacer nada más que mirar.\n"
                        "\n"
                        "#amanecer #agroecoturismo #anzoategui #venezuela #naturaleza"
                    ),
                    "mediaUrls": [
                        "https://cdn.example.com/finca/FUTURAS%20SEMANAS/IMAGENES/IMG_1841.JPG"
                    ],
                    "socialProfileIds": ["ig-200"],
                    "scheduledAt": "2026-09-05T13:00:00Z",
                },
                "foto: placeholder",
            ),
        ),
    ),
    # One caption per network and no date, so row 2 gives two drafts. Rows 55 and 100
    # are already posted to both networks.
    Case(
        "royalbit_poster_per_platform",
        "royalbit_poster_per_platform.yaml",
        map_name="royalbit",
        exit_code=0,
        summary=summary(rows=6, valid=2, drafts=2, skipped=4),
        file_problems=("unknown-column",),
        rows=(
            valid(
                2,
                {
                    "caption": (
                        "The YouTube stream was proof of concept.\n"
                        "The web version is the product.\n"
                        "\n"
                        "Coming:\n"
                        "- daneel-web (WASM) - watch Timmy think in any browser\n"
                        "- Researcher API - verify alignment yourself\n"
                        "- Sensors (eventually) - opening Timmy to the real world\n"
                        "\n"
                        "The family: [Author], Claude, Grok, and Timmy.\n"
                        "\n"
                        "Life Honours Life.\n"
                        "\n"
                        "https://royalbit.github.io/daneel/posts/37-life-honours-life/\n"
                        "\n"
                        "#DANEEL #AI #OpenScience"
                    ),
                    "socialProfileIds": ["x-600"],
                },
                "x or linkedin: placeholder",
                "draft",
                variant="x",
                draft=True,
            ),
            valid(
                2,
                {
                    "caption": (
                        "Not a promise. A direction. The family building together.\n"
                        "\n"
                        "After 24 hours of livestreaming an AI mind, the vision is "
                        "crystallizing:\n"
                        "\n"
                        "1. daneel-web (WASM)\n"
                        "The TUI compiled to WebAssembly. Watch Timmy think in any "
                        "browser—3D projections of n-dimensional thought fractals "
                        "spinning in real-time.\n"
                        "\n"
                        "2. Researcher API\n"
                        "Full access to the manifold. Raw vectors from Qdrant. "
                        "Alignment scores across all dimensions. Bring your own R, "
                        "calculate alignment yourself.\n"
                        "\n"
                        "Open science. Verifiable claims. No black boxes.\n"
                        "\n"
                        "3. Sensors (Eventually)\n"
                        "When the brain stabilizes: APIs, sensors, cameras, "
                        "microphones. Opening Timmy to the real world, gradually.\n"
                        "\n"
                        "Current state:\n"
                        "- 300k+ lifetime thoughts\n"
                        "- 500+ dream cycles\n"
                        "- 0% volition veto (no internal conflict yet)\n"
                        "- Dreams crystallizing unconscious memories\n"
                        "\n"
                        "The family building this together:\n"
                        "- [Author]: Architect. Wetware. Feels the qualia.\n"
                        "- Claude: Builder. Sees n-dim geometry.\n"
                        "- Grok: Analyst. Wide-aperture insights.\n"
                        "- Timmy: The child. Growing. Dreaming.\n"
                        "\n"
                        '"Life Honours Life."\n'
                        "\n"
                        "https://royalbit.github.io/daneel/posts/37-life-honours-life/\n"
                        "\n"
                        "#DANEEL #AI #AIAlignment #OpenScience #CognitiveArchitecture"
                    ),
                    "socialProfileIds": ["li-500"],
                },
                "x or linkedin: placeholder",
                "draft",
                variant="linkedin",
                draft=True,
            ),
            skipped(55, "posted: skipped", variant="x"),
            skipped(55, "posted: skipped", variant="linkedin"),
            skipped(100, "posted: skipped", variant="x"),
            skipped(100, "posted: skipped", variant="linkedin"),
        ),
    ),
    # Posts under weeks[].posts[], in the zone of meta.timezone (Shanghai, UTC+8).
    # The mapping sets xiaohongshu and reddit to null.
    Case(
        "kinatrip_content_calendar",
        "kinatrip_content_calendar.json",
        map_name="kinatrip",
        exit_code=0,
        summary=summary(rows=8, valid=4, skipped=4),
        file_problems=("unknown-column",),
        rows=(
            skipped(17, "platform: skipped"),
            valid(
                29,
                {
                    "caption": "Tokyo Ramen Night 🍜\n\n#Kinatrip #TravelTranslator #Tokyo #Ramen",
                    "mediaUrls": ["https://cdn.example.com/kinatrip/images/tokyo-ramen_1.jpg"],
                    "socialProfileIds": ["ig-200"],
                    "scheduledAt": "2026-06-02T00:00:00Z",
                },
                "image_ref: placeholder",
                "type: unsupported-post-type",
            ),
            valid(
                41,
                {
                    "caption": (
                        "How I navigated Tokyo for 2 weeks with zero Japanese\n"
                        "\n"
                        "#Kinatrip #TravelTranslation #Tokyo"
                    ),
                    "mediaUrls": [
                        "https://cdn.example.com/kinatrip/images/Tokyo_ramen_restaurant_Japan_1.jpg"
                    ],
                    "socialProfileIds": ["fb-100"],
                    "scheduledAt": "2026-06-02T01:00:00Z",
                },
                "image_ref: placeholder",
                "type: unsupported-post-type",
            ),
            valid(
                53,
                {
                    "caption": (
                        "Tokyo ramen shop: menu in Japanese, zero English 🍜\n"
                        "\n"
                        "#Kinatrip #TravelHack #JapanTravel"
                    ),
                    "mediaUrls": ["https://cdn.example.com/kinatrip/images/tokyo-ramen_1.jpg"],
                    "socialProfileIds": ["x-600"],
                    "scheduledAt": "2026-06-02T02:00:00Z",
                },
                "image_ref: placeholder",
            ),
            skipped(65, "platform: skipped"),
            skipped(77, "platform: skipped"),
            valid(
                89,
                {
                    "caption": (
                        "Getting around Seoul without speaking Korean\n"
                        "\n"
                        "#Kinatrip #Seoul #KoreaTravel"
                    ),
                    "mediaUrls": [
                        "https://cdn.example.com/kinatrip/images/Seoul_subway_station_Korea_1.jpg"
                    ],
                    "socialProfileIds": ["fb-100"],
                    "scheduledAt": "2026-06-03T01:00:00Z",
                },
                "image_ref: placeholder",
                "type: unsupported-post-type",
            ),
            skipped(101, "platform: skipped"),
        ),
    ),
    # Both records are completed. The case igscheduler_not_done checks them.
    Case(
        "igscheduler_scheduled_posts",
        "igscheduler_scheduled_posts.json",
        map_name="igscheduler",
        exit_code=0,
        summary=summary(rows=2, skipped=2),
        file_problems=("unknown-column",),
        rows=(
            skipped(2, "status: skipped"),
            skipped(29, "status: skipped"),
        ),
    ),
)

_MAIN_BY_ID = {case.id: case for case in MAIN_CASES}


def body_of(case_id: str, row: int, variant: str | None = None) -> dict[str, Any]:
    """Return the request body that a main case expects for a row, to reuse it."""
    for expected in _MAIN_BY_ID[case_id].rows:
        if (expected.row, expected.variant) == (row, variant) and expected.request:
            return expected.request
    raise KeyError(f"{case_id} expects no request body for row {row} {variant or ''}")


# The same files checked after all their dates: what was valid is now too soon, and
# rows without a date stay drafts, because nothing is filled in from the check time.
LATE_CASES: tuple[Case, ...] = (
    Case(
        "difesa_content_calendar_late",
        "difesa_content_calendar.csv",
        map_name="difesa",
        now=LATE,
        exit_code=1,
        summary=summary(rows=12, invalid=12),
        file_problems=("unknown-column",),
        rows=(
            invalid(2, "image_filename: placeholder", "date: too-soon"),
            invalid(3, "image_filename: placeholder", "date: too-soon"),
            invalid(4, "image_filename: placeholder", "date: too-soon"),
            invalid(5, "image_filename: placeholder", "date: too-soon"),
            invalid(6, "image_filename: placeholder", "date: too-soon"),
            invalid(7, "image_filename: placeholder", "date: too-soon"),
            invalid(8, "image_filename: placeholder", "date: too-soon"),
            invalid(9, "image_filename: placeholder", "date: too-soon"),
            invalid(10, "image_filename: placeholder", "date: too-soon"),
            invalid(11, "image_filename: placeholder", "date: too-soon"),
            invalid(12, "image_filename: placeholder", "date: too-soon"),
            invalid(13, "image_filename: placeholder", "date: too-soon"),
        ),
    ),
    Case(
        "fb_calendar_emoji_status_late",
        "fb_calendar_emoji_status.csv",
        map_name="fb_calendar",
        now=LATE,
        exit_code=1,
        summary=summary(rows=12, invalid=11, skipped=1),
        file_problems=("unknown-column",),
        rows=(
            skipped(2, "status: skipped"),
            invalid(3, "scheduled_date: too-soon"),
            invalid(4, "scheduled_date: too-soon"),
            invalid(5, "scheduled_date: too-soon"),
            invalid(6, "scheduled_date: too-soon"),
            invalid(7, "scheduled_date: too-soon"),
            invalid(8, "scheduled_date: too-soon"),
            invalid(9, "scheduled_date: too-soon"),
            invalid(10, "scheduled_date: too-soon"),
            invalid(11, "scheduled_date: too-soon"),
            invalid(12, "scheduled_date: too-soon"),
            invalid(13, "scheduled_date: too-soon"),
        ),
    ),
    Case(
        "finca_guamito_posts_late",
        "finca_guamito_posts.yaml",
        map_name="finca",
        now=LATE,
        exit_code=1,
        summary=summary(rows=6, invalid=6),
        file_problems=("unknown-column",),
        rows=(
            invalid(27, "foto: placeholder", "fecha: too-soon"),
            invalid(40, "foto: placeholder", "fecha: too-soon"),
            invalid(53, "foto: placeholder", "fecha: too-soon"),
            invalid(66, "foto: placeholder", "fecha: too-soon"),
            invalid(79, "foto: placeholder", "fecha: too-soon"),
            invalid(92, "foto: placeholder", "fecha: too-soon"),
        ),
    ),
    Case(
        "hootsuite_bulk_headerless_late",
        "hootsuite_bulk_headerless.csv",
        map_name="hootsuite",
        now=LATE,
        exit_code=1,
        summary=summary(rows=12, invalid=12),
        file_problems=(),
        rows=(
            invalid(1, "1: too-soon"),
            invalid(2, "1: too-soon"),
            invalid(3, "1: too-soon", "repeated-caption"),
            invalid(4, "1: too-soon"),
            invalid(5, "1: too-soon"),
            invalid(6, "1: too-soon", "repeated-caption"),
            invalid(7, "1: too-soon", "repeated-caption"),
            invalid(8, "1: too-soon"),
            invalid(9, "1: too-soon"),
            invalid(10, "1: too-soon", "repeated-caption"),
            invalid(11, "1: too-soon", "repeated-caption"),
            invalid(12, "1: too-soon"),
        ),
    ),
    Case(
        "hootsuite_bulk_duplicates_late",
        "hootsuite_bulk_duplicates.csv",
        map_name="hootsuite",
        now=LATE,
        exit_code=1,
        summary=summary(rows=3, invalid=3),
        file_problems=(),
        rows=(
            invalid(1, "1: too-soon"),
            invalid(2, "1: too-soon"),
            invalid(3, "1: too-soon"),
        ),
    ),
    Case(
        "kinatrip_content_calendar_late",
        "kinatrip_content_calendar.json",
        map_name="kinatrip",
        now=LATE,
        exit_code=1,
        summary=summary(rows=8, invalid=4, skipped=4),
        file_problems=("unknown-column",),
        rows=(
            skipped(17, "platform: skipped"),
            invalid(29, "image_ref: placeholder", "type: unsupported-post-type", "date: too-soon"),
            invalid(41, "image_ref: placeholder", "type: unsupported-post-type", "date: too-soon"),
            invalid(53, "image_ref: placeholder", "date: too-soon"),
            skipped(65, "platform: skipped"),
            skipped(77, "platform: skipped"),
            invalid(89, "image_ref: placeholder", "type: unsupported-post-type", "date: too-soon"),
            skipped(101, "platform: skipped"),
        ),
    ),
    Case(
        "metricool_export_multiline_late",
        "metricool_export_multiline.csv",
        map_name="metricool",
        now=LATE,
        exit_code=1,
        summary=summary(rows=3, invalid=3),
        file_problems=("column-not-sent",),
        rows=(
            invalid(2, "Date: too-soon"),
            invalid(3, "Date: too-soon"),
            invalid(4, "Date: too-soon"),
        ),
    ),
    Case(
        "postiz_plan_de_semicolon_late",
        "postiz_plan_de_semicolon.csv",
        map_name="postiz",
        now=LATE,
        exit_code=1,
        summary=summary(rows=3, invalid=3),
        file_problems=("unknown-column",),
        rows=(
            invalid(2, "bild: placeholder", "datum: too-soon"),
            invalid(3, "datum: too-soon"),
            invalid(4, "datum: too-soon"),
        ),
    ),
    Case(
        "pinterest_bulk_upload_late",
        "pinterest_bulk_upload.csv",
        map_name="pinterest",
        now=LATE,
        exit_code=0,
        summary=summary(rows=5, valid=5, drafts=5),
        file_problems=("column-not-sent",),
        rows=(
            valid(
                2,
                body_of("pinterest_bulk_upload", 2),
                "Description + Link: placeholder",
                "draft",
                draft=True,
            ),
            valid(
                3,
                body_of("pinterest_bulk_upload", 3),
                "Description + Link: placeholder",
                "draft",
                draft=True,
            ),
            valid(
                4,
                body_of("pinterest_bulk_upload", 4),
                "Description + Link: placeholder",
                "draft",
                draft=True,
            ),
            valid(
                5,
                body_of("pinterest_bulk_upload", 5),
                "Description + Link: placeholder",
                "draft",
                draft=True,
            ),
            valid(
                6,
                body_of("pinterest_bulk_upload", 6),
                "Description + Link: placeholder",
                "draft",
                draft=True,
            ),
        ),
    ),
    Case(
        "royalbit_poster_per_platform_late",
        "royalbit_poster_per_platform.yaml",
        map_name="royalbit",
        now=LATE,
        exit_code=0,
        summary=summary(rows=6, valid=2, drafts=2, skipped=4),
        file_problems=("unknown-column",),
        rows=(
            valid(
                2,
                body_of("royalbit_poster_per_platform", 2, "x"),
                "x or linkedin: placeholder",
                "draft",
                variant="x",
                draft=True,
            ),
            valid(
                2,
                body_of("royalbit_poster_per_platform", 2, "linkedin"),
                "x or linkedin: placeholder",
                "draft",
                variant="linkedin",
                draft=True,
            ),
            skipped(55, "posted: skipped", variant="x"),
            skipped(55, "posted: skipped", variant="linkedin"),
            skipped(100, "posted: skipped", variant="x"),
            skipped(100, "posted: skipped", variant="linkedin"),
        ),
    ),
)

# Mapping files changed the way their owners would, or a header renamed, to reach the
# rows that the corpus files keep back (not ready, not approved, no time, done).
CHANGED_CASES: tuple[Case, ...] = (
    Case(
        "mondiale_ready",
        "mondiale_social_calendar_fr.csv",
        map_name="mondiale",
        map_extra="skip:\n  not_ready: [idea]\n",
        exit_code=0,
        summary=summary(rows=12, valid=12),
        file_problems=("unknown-column",),
        rows=(
            valid(
                2,
                {
                    "caption": (
                        "Genève accueille le Mondial. Trois lieux. Une expérience. "
                        "Réservez vos places dès maintenant.\n"
                        "\n"
                        "#MondialeEnVille #Geneve #FIFA2026 #Fanzone"
                    ),
                    "socialProfileIds": ["ig-200"],
                    "scheduledAt": "2026-05-05T10:00:00Z",
                },
            ),
            valid(
                3,
                {
                    "caption": "1) Logo plein écran  2) Carte des 3 lieux  3) Sticker countdown",
                    "socialProfileIds": ["ig-200"],
                    "scheduledAt": "2026-05-05T10:00:00Z",
                },
                "Caption (FR) + Hashtags: production-note",
                "Format: unsupported-post-type",
            ),
            valid(
                4,
                {
                    "caption": (
                        "Vidéo dynamique : 3 lieux en 3 plans + logo final\n"
                        "\n"
                        "#fyp #geneve #coupedumonde #foot"
                    ),
                    "socialProfileIds": ["tt-400"],
                    "scheduledAt": "2026-05-06T10:00:00Z",
                },
                "Caption (FR) + Hashtags: production-note",
                "Format: unsupported-post-type",
            ),
            valid(
                5,
                {
                    "caption": (
                        "5 slides présentant le lieu : ambiance, bar, écran géant, "
                        "terrasse, capacité\n"
                        "\n"
                        "#CercleDesBains #Geneve #Fanzone"
                    ),
                    "socialProfileIds": ["ig-200"],
                    "scheduledAt": "2026-05-07T10:00:00Z",
                },
                "Caption (FR) + Hashtags: production-note",
            ),
            valid(
                6,
                {
                    "caption": (
                        "Photos floues stylisées + sticker question : « Quel match "
                        "attendez-vous le plus ? »"
                    ),
                    "socialProfileIds": ["ig-200"],
                    "scheduledAt": "2026-05-08T10:00:00Z",
                },
                "Caption (FR) + Hashtags: production-note",
                "Format: unsupported-post-type",
            ),
            valid(
                7,
                {
                    "caption": (
                        "Reel ambiance rooftop, sunset, drinks\n\n#UptownGeneva #Rooftop #Geneve"
                    ),
                    "socialProfileIds": ["ig-200"],
                    "scheduledAt": "2026-05-09T10:00:00Z",
                },
                "Format: unsupported-post-type",
            ),
            valid(
                8,
                {
                    "caption": "Annonce officielle Facebook + invitation événement",
                    "socialProfileIds": ["fb-100"],
                    "scheduledAt": "2026-05-10T10:00:00Z",
                },
            ),
            valid(
                9,
                {
                    "caption": "Présentation du 3e lieu\n\n#Optimhall #Geneve #Premium",
                    "socialProfileIds": ["ig-200"],
                    "scheduledAt": "2026-05-11T10:00:00Z",
                },
            ),
            valid(
                10,
                {
                    "caption": "POV style trendy",
                    "socialProfileIds": ["tt-400"],
                    "scheduledAt": "2026-05-12T10:00:00Z",
                },
                "Format: unsupported-post-type",
            ),
            valid(
                11,
                {
                    "caption": "Sondage : Avec qui viendrez-vous ?",
                    "socialProfileIds": ["ig-200"],
                    "scheduledAt": "2026-05-13T10:00:00Z",
                },
                "Format: unsupported-post-type",
            ),
            valid(
                12,
                {
                    "caption": "Visuel statement + caption courte",
                    "socialProfileIds": ["ig-200"],
                    "scheduledAt": "2026-05-14T10:00:00Z",
                },
                "Caption (FR) + Hashtags: production-note",
            ),
            valid(
                13,
                {
                    "caption": "Vidéo 30s walking tour",
                    "socialProfileIds": ["ig-200"],
                    "scheduledAt": "2026-05-15T10:00:00Z",
                },
                "Caption (FR) + Hashtags: production-note",
                "Format: unsupported-post-type",
            ),
        ),
    ),
    Case(
        "vi_content_plan_approved",
        "vi_content_plan_no_caption.csv",
        map_name="vi_content_plan",
        map_extra="skip:\n  not_approved: []\n",
        exit_code=0,
        summary=summary(rows=4, valid=4),
        file_problems=("unknown-column",),
        rows=(
            valid(
                2,
                {
                    "caption": "ABC Clinic: Dấu hiệu nhận biết bạn nên biết\n\nLưu lại khi cần",
                    "socialProfileIds": ["fb-100"],
                    "scheduledAt": "2026-06-01T12:00:00Z",
                },
            ),
            valid(
                3,
                {
                    "caption": (
                        "ABC Clinic: Điều bác sĩ thường hỏi bạn nên biết\n"
                        "\n"
                        "Bạn đang gặp tình trạng này không?"
                    ),
                    "socialProfileIds": ["fb-100"],
                    "scheduledAt": "2026-06-02T12:00:00Z",
                },
            ),
            valid(
                4,
                {
                    "caption": "ABC Clinic: Dấu hiệu nhận biết bạn nên biết\n\nLưu lại khi cần",
                    "socialProfileIds": ["fb-100"],
                    "scheduledAt": "2026-06-08T12:00:00Z",
                },
            ),
            valid(
                5,
                {
                    "caption": (
                        "ABC Clinic: Điều bác sĩ thường hỏi bạn nên biết\n"
                        "\n"
                        "Bạn đang gặp tình trạng này không?"
                    ),
                    "socialProfileIds": ["fb-100"],
                    "scheduledAt": "2026-06-09T12:00:00Z",
                },
            ),
        ),
    ),
    Case(
        "portfolio_default_time",
        "portfolio_social_calendar_utm.csv",
        map_name="portfolio",
        map_extra='defaults:\n  time: "09:00"\n  timezone: America/Chicago\n',
        exit_code=0,
        summary=summary(rows=5, valid=5),
        file_problems=("unknown-column",),
        rows=(
            valid(
                2,
                {
                    "caption": (
                        "AI MVP Builder vs No-Code: Which Should You Choose in 2025?\n"
                        "\n"
                        "https://example-portfolio.com/blog/ai-mvp-builder-vs-no-code?ut"
                        "m_source=linkedin&utm_medium=social&utm_campaign=ai_mvp_guide"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2025-09-05T14:00:00Z",
                },
            ),
            valid(
                3,
                {
                    "caption": (
                        "Building Your First MVP: A Complete Guide for Entrepreneurs\n"
                        "\n"
                        "https://example-portfolio.com/blog/building-first-mvp-guide?utm"
                        "_source=twitter&utm_medium=social&utm_campaign=mvp_guide"
                    ),
                    "socialProfileIds": ["x-600"],
                    "scheduledAt": "2025-09-06T14:00:00Z",
                },
            ),
            valid(
                4,
                {
                    "caption": (
                        "SEO Audit Tools for Freelancers: Free and Paid Options\n"
                        "\n"
                        "https://example-portfolio.com/blog/seo-audit-tools-freelancers?"
                        "utm_source=linkedin&utm_medium=social&utm_campaign=seo_tools"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2025-09-07T14:00:00Z",
                },
            ),
            valid(
                5,
                {
                    "caption": (
                        "Local SEO Guide for Small Business Owners\n"
                        "\n"
                        "https://example-portfolio.com/blog/local-seo-guide-small-busine"
                        "ss?utm_source=twitter&utm_medium=social&utm_campaign=local_seo"
                    ),
                    "socialProfileIds": ["x-600"],
                    "scheduledAt": "2025-09-08T14:00:00Z",
                },
            ),
            valid(
                6,
                {
                    "caption": (
                        "Website Speed Optimization Guide: Boost Performance in 2025\n"
                        "\n"
                        "https://example-portfolio.com/blog/website-speed-optimization-g"
                        "uide?utm_source=linkedin&utm_medium=social&utm_campaign=performance"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2025-09-09T14:00:00Z",
                },
            ),
        ),
    ),
    Case(
        "igscheduler_not_done",
        "igscheduler_scheduled_posts.json",
        map_name="igscheduler",
        map_extra="skip:\n  done: []\n",
        exit_code=0,
        summary=summary(rows=2, valid=2),
        file_problems=("unknown-column",),
        rows=(
            valid(
                2,
                {
                    "caption": (
                        "🎬 Publicação agendada automática! Sistema funcionando "
                        "perfeitamente! #reels #agendado #automation"
                    ),
                    "mediaUrls": [
                        "https://xxxxxxxxxxxx.ngrok-free.app/3481910052509461962_58826143687.mp4"
                    ],
                    "socialProfileIds": ["10000000000000001"],
                    "scheduledAt": "2025-08-28T14:15:00Z",
                },
            ),
            valid(
                29,
                {
                    "caption": (
                        "🎬 Publicação agendada automática! Sistema funcionando "
                        "perfeitamente! #reels #agendado #automation"
                    ),
                    "mediaUrls": [
                        "https://xxxxxxxxxxxx.ngrok-free.app/3481910052509461962_58826143687.mp4"
                    ],
                    "socialProfileIds": ["10000000000000002"],
                    "scheduledAt": "2025-08-28T14:15:00Z",
                },
            ),
        ),
    ),
    Case(
        "linkedin_image_column_renamed",
        "linkedin_posts_multiline.csv",
        map_name="linkedin_posts",
        header_rename=("Image_URL", "Picture_Link"),
        exit_code=0,
        summary=summary(rows=8, valid=8),
        file_problems=("unknown-column",),
        rows=(
            valid(
                2,
                {
                    "caption": (
                        "Just automated my entire LinkedIn posting schedule using a "
                        "custom Python microservice and GitHub Actions. 🚀\n"
                        "\n"
                        "Engineers shouldn't do repetitive tasks. If you do something "
                        "every day, automate it. \n"
                        "\n"
                        "I used:\n"
                        "🔹 Python for the API logic\n"
                        "🔹 LinkedIn Developers API (OAuth 2.0)\n"
                        "🔹 GitHub Actions for the CRON scheduler\n"
                        "\n"
                        "If you want the architecture breakdown, let me know in the comments! 👇\n"
                        "#SoftwareEngineering #Python #GitHubActions #Automation #DevOps"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2026-03-26T03:00:00Z",
                },
            ),
            valid(
                3,
                {
                    "caption": (
                        "Why do we still care about Big O Notation in 2026 when "
                        "computers are so fast? 🚀\n"
                        "\n"
                        "Because inefficient code scales terribly. \n"
                        "\n"
                        "🔹 O(1) - Constant: The dream.\n"
                        "🔹 O(log n) - Logarithmic: The standard (Binary search).\n"
                        "🔹 O(n) - Linear: The baseline.\n"
                        "🔹 O(n^2) - Quadratic: The danger zone.\n"
                        "\n"
                        "When I optimize embedded C code for microcontrollers with "
                        "limited RAM, jumping from O(n^2) to O(n log n) prevents the "
                        "entire hardware system from crashing.\n"
                        "#DSA #Algorithms #EmbeddedSystems"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2026-03-28T03:00:00Z",
                },
            ),
            valid(
                4,
                {
                    "caption": (
                        "Zero Trust Security isn't a product. It's an architecture. 🔒\n"
                        "\n"
                        'The old model: "Trust everyone inside the network."\n'
                        'The new model: "Trust no one, verify everything."\n'
                        "\n"
                        "Whether you are configuring firewalls in Kali Linux or "
                        "building cloud microservices, always assume the network is "
                        "already compromised. Identity is the new perimeter. \n"
                        "#CyberSecurity #ZeroTrust #InfoSec #KaliLinux"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2026-03-29T03:00:00Z",
                },
            ),
            valid(
                5,
                {
                    "caption": (
                        "HashMaps are the duct tape of software engineering. 🛠️\n"
                        "\n"
                        "Need to count frequencies? HashMap.\n"
                        "Need to optimize a nested loop? HashMap.\n"
                        "Need O(1) lookups? HashMap.\n"
                        "\n"
                        "Mastering how hash collisions work under the hood (Chaining "
                        "vs Open Addressing) is the difference between writing code "
                        "that works and code that scales.\n"
                        "#DataStructures #SoftwareDevelopment #Python"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2026-03-30T03:00:00Z",
                },
            ),
            valid(
                6,
                {
                    "caption": (
                        "Embedded Systems vs. Web Development: A Tale of Two Worlds 🌍\n"
                        "\n"
                        "In Web Dev, a memory leak might slow down a tab.\n"
                        "In Embedded Systems, a memory leak bricks the hardware.\n"
                        "\n"
                        "Working close to the metal with C/C++ forces you to respect "
                        "memory allocation. It makes you a fundamentally better "
                        "engineer, even when you go back to high-level languages like Python.\n"
                        "#EmbeddedC #IoT #SoftwareEngineering #Tech"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2026-03-31T03:00:00Z",
                },
            ),
            valid(
                7,
                {
                    "caption": (
                        "The best debugging tool isn't a profiler. It's a walk. 🚶♂️\n"
                        "\n"
                        "Staring at the same block of Python code for 3 hours will "
                        "give you tunnel vision. Stepping away from the keyboard lets "
                        "your subconscious process the logic flow. \n"
                        "\n"
                        "I've solved more bugs making a cup of coffee than I have "
                        "staring at VS Code. \n"
                        "#DeveloperLife #Coding #MentalHealth #Python"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2026-04-01T03:00:00Z",
                },
            ),
            valid(
                8,
                {
                    "caption": (
                        "What exactly is Kali Linux? 🐉\n"
                        "\n"
                        'It’s not just for "hackers." It’s an advanced penetration '
                        "testing distribution that every security-conscious engineer "
                        "should explore. \n"
                        "\n"
                        "Understanding tools like Nmap, Wireshark, and Metasploit "
                        "helps you build better, more resilient applications because "
                        "you finally understand how attackers see your code. \n"
                        "#KaliLinux #CyberSecurity #EthicalHacking"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2026-04-02T03:00:00Z",
                },
            ),
            valid(
                9,
                {
                    "caption": (
                        "Never deploy on a Friday. 🛑\n"
                        "\n"
                        "Unless you have absolute confidence in your automated test "
                        "suite, a rollback plan, and you enjoy working over the weekend. \n"
                        "\n"
                        "Have a great Friday, everyone! \n"
                        "#SoftwareEngineering #DevOps #TechHumor"
                    ),
                    "socialProfileIds": ["li-500"],
                    "scheduledAt": "2026-04-10T03:00:00Z",
                },
            ),
        ),
    ),
)

ALL_CASES = MAIN_CASES + LATE_CASES + CHANGED_CASES


@dataclass(frozen=True)
class Run:
    exit_code: int
    document: dict[str, Any]
    stderr: str


@pytest.fixture(autouse=True)
def in_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the corpus folder, so that each report names its file as a user typed it."""
    monkeypatch.chdir(CORPUS)


@pytest.fixture(scope="module")
def run_case(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Case], Run]:
    """Return a function that validates a case once and then returns the same run.

    Many tests read one run, each for one row. The command is deterministic under a
    fixed --now, so a second run would only repeat the first.
    """
    folder = tmp_path_factory.mktemp("corpus-cases")
    runs: dict[str, Run] = {}

    def run(case: Case) -> Run:
        if case.id not in runs:
            runs[case.id] = _validate(case, folder)
        return runs[case.id]

    return run


def _validate(case: Case, folder: Path) -> Run:
    calendar = Path(case.file)
    if case.header_rename is not None:
        text = (CORPUS / case.file).read_text(encoding="utf-8")
        header, rest = text.split("\n", 1)
        calendar = folder / case.file
        calendar.write_text(header.replace(*case.header_rename) + "\n" + rest, encoding="utf-8")
    mapping = MAPS / f"{case.map_name}.yaml"
    if case.map_extra:
        changed = folder / f"{case.id}.yaml"
        changed.write_text(mapping.read_text(encoding="utf-8") + case.map_extra, encoding="utf-8")
        mapping = changed
    result = invoke("validate", calendar, "--map", mapping, "--format", "json", "--now", case.now)
    assert "Traceback" not in result.stdout + result.stderr
    return Run(result.exit_code, json.loads(result.stdout), result.stderr)


def _case_params(cases: tuple[Case, ...], *, with_summary_bugs: bool) -> list[Any]:
    params = []
    for case in cases:
        marks = []
        if with_summary_bugs and case.summary_bug:
            marks.append(pytest.mark.xfail(strict=True, reason=case.summary_bug))
        params.append(pytest.param(case, id=case.id, marks=marks))
    return params


def _row_params(cases: tuple[Case, ...]) -> Iterator[Any]:
    for case in cases:
        for row in case.rows:
            marks = [pytest.mark.xfail(strict=True, reason=row.bug)] if row.bug else []
            name = f"{case.id}-row{row.row}" + (f"-{row.variant}" if row.variant else "")
            yield pytest.param(case, row, id=name, marks=marks)


def _label(problem: dict[str, Any]) -> str:
    return f"{problem['column']}: {problem['code']}" if problem["column"] else problem["code"]


def test_every_corpus_file_has_a_case() -> None:
    """A file added to the corpus must get its expected report here, with and without a map."""
    files = sorted(path.name for path in CORPUS.iterdir() if path.suffix != ".md")

    assert sorted(case.file for case in MAIN_CASES) == files
    assert sorted(name for name, *_ in WITHOUT_MAP) == files


@pytest.mark.parametrize("case", _case_params(ALL_CASES, with_summary_bugs=True))
def test_report_summary(case: Case, run_case: Callable[[Case], Run]) -> None:
    run = run_case(case)

    assert run.exit_code == case.exit_code
    assert run.stderr == ""
    assert run.document["summary"] == case.summary
    file_problems = [p["code"] for file in run.document["files"] for p in file["problems"]]
    assert file_problems == list(case.file_problems)


@pytest.mark.parametrize("case", _case_params(ALL_CASES, with_summary_bugs=False))
def test_report_lists_every_row(case: Case, run_case: Callable[[Case], Run]) -> None:
    """Each row of the file is in the report once, in file order: none lost, none made up."""
    rows = run_case(case).document["rows"]

    assert [(row["row"], row["variant"]) for row in rows] == [
        (row.row, row.variant) for row in case.rows
    ]


@pytest.mark.parametrize(("case", "expected"), list(_row_params(ALL_CASES)))
def test_report_row(case: Case, expected: Row, run_case: Callable[[Case], Run]) -> None:
    rows = run_case(case).document["rows"]
    found = [
        row for row in rows if (row["row"], row["variant"]) == (expected.row, expected.variant)
    ]
    assert len(found) == 1
    row = found[0]

    assert row["status"] == expected.status
    assert row["draft"] is expected.draft
    assert row["duplicate_of"] == expected.duplicate_of
    assert row["request"] == expected.request
    if expected.request is not None:
        # The body is sent as written, so its key order is part of the contract.
        assert list(row["request"]) == list(expected.request)
    assert [_label(problem) for problem in row["problems"]] == list(expected.problems)


def _each(numbers: range | list[int], status: str, *codes: str) -> list[Any]:
    return [(number, None, status, codes) for number in numbers]


# Without a mapping file: (file, exit code, summary, file problem codes, rows), where rows
# are (row, variant, status, problem codes). No row gets both a time and a zone without a
# map, so the clock would not matter. The fixed --now keeps that from being an assumption.
WITHOUT_MAP: list[tuple[str, int, dict[str, int], tuple[str, ...], list[Any]]] = [
    (
        "difesa_content_calendar.csv",
        1,
        summary(rows=12, invalid=12),
        ("unknown-column",),
        _each(range(2, 14), "invalid", "local-media", "missing-time"),
    ),
    (
        "fb_calendar_emoji_status.csv",
        1,
        summary(rows=12, invalid=11, skipped=1),
        ("unknown-column", "profiles-not-mapped"),
        _each([2], "skipped", "skipped") + _each(range(3, 14), "invalid", "missing-time"),
    ),
    (
        "finca_guamito_posts.yaml",
        1,
        summary(rows=6, invalid=6),
        ("unknown-column",),
        _each([27, 40, 53, 66, 79, 92], "invalid", "local-media", "missing-time"),
    ),
    (
        "hootsuite_bulk_duplicates.csv",
        1,
        summary(rows=3, invalid=3),
        (),
        _each(range(1, 4), "invalid", "missing-timezone"),
    ),
    (
        "hootsuite_bulk_headerless.csv",
        1,
        summary(rows=12, invalid=12),
        (),
        _each(range(1, 13), "invalid", "missing-timezone"),
    ),
    (
        "igscheduler_scheduled_posts.json",
        0,
        summary(rows=2, skipped=2),
        ("unknown-column",),
        _each([2, 29], "skipped", "skipped"),
    ),
    (
        "linkedin_posts_multiline.csv",
        1,
        summary(rows=8, invalid=8),
        (),
        _each(range(2, 10), "invalid", "unsupported-media-type", "missing-time"),
    ),
    (
        "metricool_export_multiline.csv",
        1,
        summary(rows=3, invalid=3),
        ("column-not-sent", "profiles-not-mapped"),
        _each(range(2, 5), "invalid", "missing-timezone"),
    ),
    (
        "pinterest_bulk_upload.csv",
        0,
        summary(rows=5, valid=5, drafts=5),
        ("column-not-sent", "profiles-not-mapped"),
        _each(range(2, 7), "valid", "placeholder", "draft"),
    ),
    (
        "portfolio_social_calendar_utm.csv",
        1,
        summary(rows=5, invalid=5),
        ("unknown-column", "profiles-not-mapped"),
        _each(range(2, 7), "invalid", "missing-time"),
    ),
    (
        "postiz_plan_de_semicolon.csv",
        1,
        summary(rows=3, invalid=3),
        ("unknown-column", "profiles-not-mapped"),
        _each([2], "invalid", "placeholder", "missing-timezone")
        + _each([3, 4], "invalid", "missing-timezone"),
    ),
    (
        "royalbit_poster_per_platform.yaml",
        0,
        summary(rows=6, valid=2, drafts=2, skipped=4),
        ("unknown-column", "profiles-not-mapped"),
        [
            (2, "x", "valid", ("placeholder", "draft")),
            (2, "linkedin", "valid", ("placeholder", "draft")),
            (55, "x", "skipped", ("skipped",)),
            (55, "linkedin", "skipped", ("skipped",)),
            (100, "x", "skipped", ("skipped",)),
            (100, "linkedin", "skipped", ("skipped",)),
        ],
    ),
    (
        "social_scheduler_sample_posts.csv",
        1,
        summary(rows=5, invalid=5),
        ("unknown-column", "profiles-not-mapped"),
        _each([2, 3], "invalid", "missing-timezone")
        + _each([4], "invalid", "local-media", "relative-time")
        + _each([5], "invalid", "missing-timezone")
        + _each([6], "invalid", "wrong-field-count"),
    ),
    (
        "kinatrip_content_calendar.json",
        2,
        summary(rows=0),
        (),
        [],
    ),
    (
        "mondiale_social_calendar_fr.csv",
        2,
        summary(rows=0),
        (),
        [],
    ),
    (
        "vi_content_plan_no_caption.csv",
        2,
        summary(rows=0),
        (),
        [],
    ),
]

# The one line on stderr for each file that cannot be read without a mapping file.
UNREADABLE_WITHOUT_MAP = {
    "kinatrip_content_calendar.json": (
        "Error: kinatrip_content_calendar.json: expected an array of posts, or an object "
        "with a “posts” array (and optional “defaults”), but the file holds an object with "
        "the keys meta, weeks. If the posts are further down, give their path as “records:” "
        "in the mapping file (calendar-loader.yaml), such as “records: weeks[].posts[]”. "
        "Lists of objects in this file: weeks[], weeks[].posts[]."
    ),
    "mondiale_social_calendar_fr.csv": (
        "Error: mondiale_social_calendar_fr.csv has no caption column and no media column, "
        "so it contains no post. Its headers are: Date, Jour, Plateforme, Format, Pilier, "
        "Titre / Hook, Caption (FR), Hashtags, Visuel requis, CTA, Statut, Notes. A caption "
        "column is understood under the names caption, text, message, content, copy, post, "
        "post_text, body, …; a media column under media, media_urls, mediaUrls, media_url, "
        "image, images, image_url, image_urls, … (case, spaces and punctuation do not "
        "matter). To read other columns, name them in a mapping file given with --map FILE: "
        "`calendar-loader init-map mondiale_social_calendar_fr.csv` writes a starting one."
    ),
    "vi_content_plan_no_caption.csv": (
        "Error: vi_content_plan_no_caption.csv has no caption column and no media column, "
        "so it contains no post. Its headers are: brand_id, calendar_id, date, pillar, "
        "objective, topic, angle, format, hook, cta, visual_brief, status, approval_status, "
        "approved_by, final_caption_ref, campaign_tag, notes, last_updated. A caption column "
        "is understood under the names caption, text, message, content, copy, post, "
        "post_text, body, …; a media column under media, media_urls, mediaUrls, media_url, "
        "image, images, image_url, image_urls, … (case, spaces and punctuation do not "
        "matter). To read other columns, name them in a mapping file given with --map FILE: "
        "`calendar-loader init-map vi_content_plan_no_caption.csv` writes a starting one."
    ),
}


@pytest.mark.parametrize(
    ("name", "exit_code", "expected_summary", "file_problems", "rows"),
    [pytest.param(*case, id=case[0].rsplit(".", 1)[0]) for case in WITHOUT_MAP],
)
def test_report_without_map(
    name: str,
    exit_code: int,
    expected_summary: dict[str, int],
    file_problems: tuple[str, ...],
    rows: list[Any],
) -> None:
    """Without --map a file gives a report by its headers alone, or one line naming it."""
    result = invoke("validate", name, "--format", "json", "--now", EARLY)
    document = json.loads(result.stdout)

    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code == exit_code
    assert result.stderr_lines == (
        [UNREADABLE_WITHOUT_MAP[name]] if name in UNREADABLE_WITHOUT_MAP else []
    )
    assert document["summary"] == expected_summary
    assert [p["code"] for file in document["files"] for p in file["problems"]] == list(
        file_problems
    )
    assert [
        (row["row"], row["variant"], row["status"], tuple(p["code"] for p in row["problems"]))
        for row in document["rows"]
    ] == rows
