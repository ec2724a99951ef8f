"""Each real calendar of the shared corpus, loaded and then mapped as a user's file is.

The mapping files are in `tests/maps/`. Each gives what only a person can know (profile
ids, the public folder of media files) and joins the columns a team would join.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from calendar_loader.columns import load_mapping, map_columns
from calendar_loader.errors import InputError
from calendar_loader.loading import load_calendar
from calendar_loader.table import CalendarTable

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
MAPS = Path(__file__).resolve().parent / "maps"

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the shared corpus of real calendars is not at {CORPUS}"
)


# Records are compared field by field: fields with one value in every record of the
# file once, the others per record, with the caption cut to its first characters. Full
# captions are compared in test_corpus_full_captions.
CAPTION_START = 36


def records(table: CalendarTable) -> list[dict[str, object]]:
    """Return the records, with captions cut short and each skip reason as (column, value)."""
    rows = table.frame.to_dict("records")
    for row in rows:
        if row["caption"] is not None:
            row["caption"] = row["caption"][:CAPTION_START]
        if row["skip_reason"] is not None:
            row["skip_reason"] = [(reason.column, reason.value) for reason in row["skip_reason"]]
    return rows


def map_corpus_file(name: str, map_name: str | None) -> CalendarTable:
    """Load and map a corpus file the way `calendar-loader validate --map` does."""
    mapping = load_mapping(MAPS / map_name) if map_name else None
    records_path = mapping.records if mapping else None
    raw = load_calendar(CORPUS / name, records_path=records_path, display_name=name)[0]
    return map_columns(raw, mapping=mapping)


MAPPED = [
    pytest.param(
        "hootsuite_bulk_headerless.csv",
        "hootsuite.yaml",
        "hootsuite",
        0,
        [],
        {
            "media": [],
            "profiles": ["li-500"],
            "date": None,
            "time": None,
            "timezone": None,
            "post_type": None,
            "variant": None,
            "skip_reason": None,
        },
        ("_row", "caption", "scheduled_at"),
        [
            (1, "The community would like to thank No", "2018-12-04 08:00:00"),
            (2, "The community would like to thank Dr", "2018-12-04 08:30:00"),
            (3, "The community would like to thank No", "2018-12-04 09:00:00"),
            (4, "The community would like to thank Ac", "2018-12-04 09:30:00"),
            (5, "The community would like to thank Ap", "2018-12-04 10:00:00"),
            (6, "The community would like to thank Ac", "2018-12-04 10:30:00"),
            (7, "The community would like to thank Dr", "2018-12-04 11:00:00"),
            (8, "The community would like to thank Se", "2018-12-04 11:30:00"),
            (9, "The community would like to thank Ph", "2018-12-04 12:00:00"),
            (10, "The community would like to thank Dr", "2018-12-04 12:30:00"),
            (11, "The community would like to thank Ap", "2018-12-04 13:00:00"),
            (12, "The community would like to thank Li", "2018-12-04 13:30:00"),
        ],
        id="hootsuite_bulk_headerless",
    ),
    pytest.param(
        "hootsuite_bulk_duplicates.csv",
        "hootsuite.yaml",
        "hootsuite",
        0,
        [],
        {
            "media": [],
            "profiles": ["li-500"],
            "scheduled_at": "2018-12-04 11:00:00",
            "date": None,
            "time": None,
            "timezone": None,
            "post_type": None,
            "variant": None,
            "skip_reason": None,
        },
        ("_row", "caption"),
        [
            (1, "The community would like to thank Dr"),
            (2, "The community would like to thank Dr"),
            (3, "The community would like to thank Dr"),
        ],
        id="hootsuite_bulk_duplicates",
    ),
    pytest.param(
        "metricool_export_multiline.csv",
        "metricool.yaml",
        "metricool",
        0,
        [(None, None, "column-not-sent")],
        {
            "profiles": ["fb-100", "ig-200", "pin-300", "tt-400"],
            "scheduled_at": None,
            "date": "2026-10-09",
            "timezone": None,
            "post_type": "POST",
            "variant": None,
            "skip_reason": None,
        },
        ("_row", "caption", "media", "time"),
        [
            (
                2,
                "🔥 CNC Water Jet Cutting Head On/Off ",
                [
                    "https://ae-pic-a1.aliexpress-media.com/kf/S31a6d3e9e3424a22a24c7769c394c73eY.jpg"
                ],
                "20:40:00",
            ),
            (
                3,
                "🔥 High-Power 7.5HP 5.5KW Vacuum Pump",
                [
                    "https://ae-pic-a1.aliexpress-media.com/kf/Scfdf478da20f468691ef87fced4ddad1A.jpg"
                ],
                "20:52:00",
            ),
            (
                4,
                "🔥 Oatsbasf Metal Phone Case for iPho",
                [
                    "https://ae-pic-a1.aliexpress-media.com/kf/Sf4c997932e104ff2854c28117815a1aaE.jpg"
                ],
                "21:52:00",
            ),
        ],
        id="metricool_export_multiline",
    ),
    pytest.param(
        "pinterest_bulk_upload.csv",
        "pinterest.yaml",
        "pinterest",
        0,
        [(None, None, "column-not-sent")],
        {
            "profiles": ["pin-300"],
            "scheduled_at": None,
            "date": None,
            "time": None,
            "timezone": None,
            "post_type": None,
            "variant": None,
            "skip_reason": None,
        },
        ("_row", "caption", "media"),
        [
            (
                2,
                "If clutter drives you crazy, the clo",
                [
                    "https://example-pins.github.io/pinterest-pins/images/pin_1_home_organization.png"
                ],
            ),
            (
                3,
                "Swipe-ready transformation - this sp",
                ["https://example-pins.github.io/pinterest-pins/images/pin_2_kitchen_gadgets.png"],
            ),
            (
                4,
                "Stuck on gifts? These 5 tech_desk_ac",
                [
                    "https://example-pins.github.io/pinterest-pins/images/pin_3_tech_desk_accessories.png"
                ],
            ),
            (
                5,
                "Swipe-ready transformation - this ro",
                ["https://example-pins.github.io/pinterest-pins/images/pin_4_cleaning_tools.png"],
            ),
            (
                6,
                "Stuck on gifts? These 5 pet_supplies",
                ["https://example-pins.github.io/pinterest-pins/images/pin_5_pet_supplies.png"],
            ),
        ],
        id="pinterest_bulk_upload",
    ),
    pytest.param(
        "linkedin_posts_multiline.csv",
        "linkedin_posts.yaml",
        None,
        0,
        [],
        {
            "profiles": ["li-500"],
            "date": None,
            "time": None,
            "timezone": None,
            "post_type": None,
            "variant": None,
            "skip_reason": None,
        },
        ("_row", "caption", "media", "scheduled_at"),
        [
            (
                2,
                "Just automated my entire LinkedIn po",
                ["https://images.unsplash.com/photo-1618401471353-b98afee0b2eb"],
                "2026-03-26",
            ),
            (
                3,
                "Why do we still care about Big O Not",
                ["https://images.unsplash.com/photo-1555066931-4365d14bab8c"],
                "2026-03-28",
            ),
            (
                4,
                "Zero Trust Security isn't a product.",
                ["https://images.unsplash.com/photo-1526374965328-7f61d4dc18c5"],
                "2026-03-29",
            ),
            (
                5,
                "HashMaps are the duct tape of softwa",
                ["https://images.unsplash.com/photo-1551288049-bebda4e38f71"],
                "2026-03-30",
            ),
            (
                6,
                "Embedded Systems vs. Web Development",
                ["https://images.unsplash.com/photo-1518770660439-4636190af475"],
                "2026-03-31",
            ),
            (
                7,
                "The best debugging tool isn't a prof",
                ["https://images.unsplash.com/photo-1498050108023-c5249f4df085"],
                "2026-04-01",
            ),
            (
                8,
                "What exactly is Kali Linux? 🐉\n\nIt’s ",
                ["https://images.unsplash.com/photo-1555949963-ff9fe0c870eb"],
                "2026-04-02",
            ),
            (
                9,
                "Never deploy on a Friday. 🛑\n\nUnless ",
                ["https://images.unsplash.com/photo-1534438327276-14e5300c3a48"],
                "2026-04-10",
            ),
        ],
        id="linkedin_posts_multiline",
    ),
    pytest.param(
        "fb_calendar_emoji_status.csv",
        "fb_calendar.yaml",
        None,
        0,
        [(None, None, "unknown-column")],
        {
            "media": [],
            "profiles": ["fb-100"],
            "date": None,
            "time": None,
            "timezone": None,
            "post_type": None,
            "variant": None,
        },
        ("_row", "caption", "scheduled_at", "skip_reason"),
        [
            (
                2,
                "🌺 Aloha Kingdom family! Excited to s",
                "2025-11-21",
                [("status", "posted")],
            ),
            (3, "📖 Jesus spoke about the Kingdom of G", "2025-11-24", None),
            (4, "🌺 Discover how traditional Hawaiian ", "2025-12-03", None),
            (5, "💡 Ancient Hawaiians understood somet", "2025-12-06", None),
            (6, "📖 The Kingdom of God isn't a distant", "2025-12-09", None),
            (7, "🌺 Behind the books: Why I wrote abou", "2025-12-12", None),
            (8, "🙏 When ministry resources speak your", "2025-12-18", None),
            (9, "🌺 Hawaiian wellness wisdom: It's not", "2025-12-21", None),
            (10, "💬 Founding members are sharing: This", "2025-12-24", None),
            (11, "📖 Seek first the Kingdom of God and ", "2025-12-27", None),
            (12, "🌺 Did you know? Traditional Hawaiian", "2025-12-30", None),
            (13, "📅 To all pastors serving faithfully:", "2026-01-02", None),
        ],
        id="fb_calendar_emoji_status",
    ),
    pytest.param(
        "difesa_content_calendar.csv",
        "difesa.yaml",
        None,
        0,
        [(None, None, "unknown-column")],
        {
            "profiles": ["ig-200", "fb-100"],
            "date": None,
            "time": None,
            "timezone": None,
            "post_type": None,
            "variant": None,
            "skip_reason": None,
        },
        ("_row", "caption", "media", "scheduled_at"),
        [
            (
                2,
                "Home should be the one place you nev",
                ["https://cdn.example.com/difesa/2026-09-07.jpg"],
                "2026-09-07",
            ),
            (
                3,
                "Trust isn't claimed, it's earned. Di",
                ["https://cdn.example.com/difesa/2026-09-09.jpg"],
                "2026-09-09",
            ),
            (
                4,
                "Security isn't just about guards at ",
                ["https://cdn.example.com/difesa/2026-09-11.jpg"],
                "2026-09-11",
            ),
            (
                5,
                "Your office deserves security that m",
                ["https://cdn.example.com/difesa/2026-09-14.jpg"],
                "2026-09-14",
            ),
            (
                6,
                "Deployment only happens after backgr",
                ["https://cdn.example.com/difesa/2026-09-16.jpg"],
                "2026-09-16",
            ),
            (
                7,
                "Nothing means more than a client who",
                ["https://cdn.example.com/difesa/2026-09-18.jpg"],
                "2026-09-18",
            ),
            (
                8,
                "Factories and industrial units carry",
                ["https://cdn.example.com/difesa/2026-09-21.jpg"],
                "2026-09-21",
            ),
            (
                9,
                "Security and cleanliness go hand in ",
                ["https://cdn.example.com/difesa/2026-09-23.jpg"],
                "2026-09-23",
            ),
            (
                10,
                "Security isn't just about guards at ",
                ["https://cdn.example.com/difesa/2026-09-25.jpg"],
                "2026-09-25",
            ),
            (
                11,
                "There's no compromise when it comes ",
                ["https://cdn.example.com/difesa/2026-09-28.jpg"],
                "2026-09-28",
            ),
            (
                12,
                "From corporate events to large publi",
                ["https://cdn.example.com/difesa/2026-09-30.jpg"],
                "2026-09-30",
            ),
            (
                13,
                "A well-maintained property reflects ",
                ["https://cdn.example.com/difesa/2026-10-28.jpg"],
                "2026-10-28",
            ),
        ],
        id="difesa_content_calendar",
    ),
    pytest.param(
        "mondiale_social_calendar_fr.csv",
        "mondiale.yaml",
        None,
        6,
        [(None, None, "unknown-column")],
        {
            "media": [],
            "date": None,
            "time": None,
            "timezone": None,
            "variant": None,
            "skip_reason": [("Statut", "À produire")],
        },
        ("_row", "caption", "profiles", "scheduled_at", "post_type"),
        [
            (2, "Genève accueille le Mondial. Trois l", ["ig-200"], "2026-05-05", "Feed post"),
            (
                3,
                "1) Logo plein écran  2) Carte des 3 ",
                ["ig-200"],
                "2026-05-05",
                "Story (3 frames)",
            ),
            (4, "Vidéo dynamique : 3 lieux en 3 plans", ["tt-400"], "2026-05-06", "Reel 15s"),
            (5, "5 slides présentant le lieu : ambian", ["ig-200"], "2026-05-07", "Feed carousel"),
            (6, "Photos floues stylisées + sticker qu", ["ig-200"], "2026-05-08", "Story"),
            (7, "Reel ambiance rooftop, sunset, drink", ["ig-200"], "2026-05-09", "Reel 30s"),
            (8, "Annonce officielle Facebook + invita", ["fb-100"], "2026-05-10", "Feed post"),
            (9, "Présentation du 3e lieu\n\n#Optimhall ", ["ig-200"], "2026-05-11", "Feed post"),
            (10, "POV style trendy", ["tt-400"], "2026-05-12", "Reel"),
            (11, "Sondage : Avec qui viendrez-vous ?", ["ig-200"], "2026-05-13", "Story"),
            (12, "Visuel statement + caption courte", ["ig-200"], "2026-05-14", "Feed"),
            (13, "Vidéo 30s walking tour", ["ig-200"], "2026-05-15", "Reel"),
        ],
        id="mondiale_social_calendar_fr",
    ),
    pytest.param(
        "portfolio_social_calendar_utm.csv",
        "portfolio.yaml",
        None,
        0,
        [(None, None, "unknown-column")],
        {
            "media": [],
            "date": None,
            "time": None,
            "timezone": None,
            "post_type": None,
            "variant": None,
            "skip_reason": None,
        },
        ("_row", "caption", "profiles", "scheduled_at"),
        [
            (2, "AI MVP Builder vs No-Code: Which Sho", ["li-500"], "2025-09-05"),
            (3, "Building Your First MVP: A Complete ", ["x-600"], "2025-09-06"),
            (4, "SEO Audit Tools for Freelancers: Fre", ["li-500"], "2025-09-07"),
            (5, "Local SEO Guide for Small Business O", ["x-600"], "2025-09-08"),
            (6, "Website Speed Optimization Guide: Bo", ["li-500"], "2025-09-09"),
        ],
        id="portfolio_social_calendar_utm",
    ),
    pytest.param(
        "social_scheduler_sample_posts.csv",
        "social_scheduler.yaml",
        None,
        0,
        [(6, None, "wrong-field-count"), (4, "media_paths", "local-media")],
        {
            "media": [],
            "date": None,
            "time": None,
            "timezone": None,
            "post_type": None,
            "variant": None,
            "skip_reason": None,
        },
        ("_row", "caption", "profiles", "scheduled_at"),
        [
            (2, "Just launched our new CLI tool! Chec", ["x-600"], "2024-03-15 09:00"),
            (3, "Excited to share that we're now supp", ["li-500"], "2024-03-16 10:00"),
            (4, "Instagram support is here! Schedule ", ["ig-200"], "in 2 hours"),
            (
                5,
                "Cross-platform posting made easy.\n\n#",
                ["x-600", "li-500", "ig-200"],
                "2024-03-20 14:30",
            ),
            (6, "Weekly dev update: Added CSV import,", ["x-600"], None),
        ],
        id="social_scheduler_sample_posts",
    ),
    pytest.param(
        "vi_content_plan_no_caption.csv",
        "vi_content_plan.yaml",
        None,
        0,
        [(None, None, "unknown-column")],
        {
            "media": [],
            "profiles": ["fb-100"],
            "date": None,
            "time": None,
            "timezone": None,
            "post_type": "post_short",
            "variant": None,
            "skip_reason": [("approval_status", "pending")],
        },
        ("_row", "caption", "scheduled_at"),
        [
            (2, "ABC Clinic: Dấu hiệu nhận biết bạn n", "2026-06-01"),
            (3, "ABC Clinic: Điều bác sĩ thường hỏi b", "2026-06-02"),
            (4, "ABC Clinic: Dấu hiệu nhận biết bạn n", "2026-06-08"),
            (5, "ABC Clinic: Điều bác sĩ thường hỏi b", "2026-06-09"),
        ],
        id="vi_content_plan_no_caption",
    ),
    pytest.param(
        "postiz_plan_de_semicolon.csv",
        "postiz.yaml",
        None,
        0,
        [(None, None, "unknown-column")],
        {
            "scheduled_at": None,
            "timezone": None,
            "post_type": None,
            "variant": None,
            "skip_reason": None,
        },
        ("_row", "caption", "media", "profiles", "date", "time"),
        [
            (
                2,
                "Text\nzwei",
                ["https://example.com/a.jpg"],
                ["ig-200", "fb-100"],
                "06.10.2030",
                "08:30",
            ),
            (3, "Hallo", [], ["li-500"], "08.10.2030", "12:00"),
            (4, "Entwurf", [], [], "10.10.2030", "18:00"),
        ],
        id="postiz_plan_de_semicolon",
    ),
    pytest.param(
        "finca_guamito_posts.yaml",
        "finca.yaml",
        None,
        0,
        [(None, None, "unknown-column")],
        {
            "profiles": ["ig-200"],
            "date": None,
            "time": None,
            "timezone": None,
            "post_type": None,
            "variant": None,
            "skip_reason": None,
        },
        ("_row", "caption", "media", "scheduled_at"),
        [
            (
                27,
                "Hay vistas que se disfrutan mejor co",
                ["https://cdn.example.com/finca/FUTURAS%20SEMANAS/IMAGENES/IMG_1558.JPG"],
                "2026-08-26",
            ),
            (
                40,
                "Hay escenas sencillas que enseñan má",
                ["https://cdn.example.com/finca/FUTURAS%20SEMANAS/IMAGENES/IMG_2036.JPG"],
                "2026-08-28",
            ),
            (
                53,
                "Hay árboles que anuncian la época si",
                ["https://cdn.example.com/finca/FUTURAS%20SEMANAS/IMAGENES/IMG_2082.JPG"],
                "2026-08-30",
            ),
            (
                66,
                "Hay caminos que se entienden distint",
                ["https://cdn.example.com/finca/FUTURAS%20SEMANAS/IMAGENES/IMG_1530.JPG"],
                "2026-09-01",
            ),
            (
                79,
                "Hay planes que no necesitan más que ",
                ["https://cdn.example.com/finca/FUTURAS%20SEMANAS/IMAGENES/IMG_2060.JPG"],
                "2026-09-03",
            ),
            (
                92,
                "Hay amaneceres que valen por sí solo",
                ["https://cdn.example.com/finca/FUTURAS%20SEMANAS/IMAGENES/IMG_1841.JPG"],
                "2026-09-05",
            ),
        ],
        id="finca_guamito_posts",
    ),
    pytest.param(
        "royalbit_poster_per_platform.yaml",
        "royalbit.yaml",
        None,
        0,
        [(None, None, "unknown-column")],
        {
            "media": [],
            "scheduled_at": None,
            "date": None,
            "time": None,
            "timezone": None,
            "post_type": None,
        },
        ("_row", "caption", "profiles", "variant", "skip_reason"),
        [
            (2, "The YouTube stream was proof of conc", ["x-600"], "x", None),
            (2, "Not a promise. A direction. The fami", ["li-500"], "linkedin", None),
            (
                55,
                "Timmy's moving to the cloud.\n\n8GB RA",
                ["x-600"],
                "x",
                [("posted", "2025-12-22T14:50:57.220561+00:00")],
            ),
            (
                55,
                "Timmy is moving from a 2014 Mac Mini",
                ["li-500"],
                "linkedin",
                [("posted", "2025-12-22T15:23:45.185301+00:00")],
            ),
            (
                100,
                "We audited our own claims. Grok call",
                ["x-600"],
                "x",
                [("posted", "2026-01-01T04:07:30.374830910+00:00")],
            ),
            (
                100,
                "We published ADR-054 claiming dynami",
                ["li-500"],
                "linkedin",
                [("posted", "2026-01-01T04:07:54.438092431+00:00")],
            ),
        ],
        id="royalbit_poster_per_platform",
    ),
    pytest.param(
        "kinatrip_content_calendar.json",
        "kinatrip.yaml",
        None,
        0,
        [(None, None, "unknown-column")],
        {"scheduled_at": None, "timezone": "Asia/Shanghai (BJT/GMT+8)", "variant": None},
        ("_row", "caption", "media", "profiles", "date", "time", "post_type", "skip_reason"),
        [
            (
                17,
                "在日本点菜全靠猜？这个APP救了我的胃！\n\n#跨境旅游 #出国旅游翻译 ",
                ["https://cdn.example.com/kinatrip/images/Tokyo_restaurant_menu_Japan_1.jpg"],
                [],
                "2026-06-02",
                "07:30",
                "痛点共鸣",
                [("platform", "xiaohongshu")],
            ),
            (
                29,
                "Tokyo Ramen Night 🍜\n\n#Kinatrip #Trav",
                ["https://cdn.example.com/kinatrip/images/tokyo-ramen_1.jpg"],
                ["ig-200"],
                "2026-06-02",
                "08:00",
                "Scene Story",
                None,
            ),
            (
                41,
                "How I navigated Tokyo for 2 weeks wi",
                ["https://cdn.example.com/kinatrip/images/Tokyo_ramen_restaurant_Japan_1.jpg"],
                ["fb-100"],
                "2026-06-02",
                "09:00",
                "Story",
                None,
            ),
            (
                53,
                "Tokyo ramen shop: menu in Japanese, ",
                ["https://cdn.example.com/kinatrip/images/tokyo-ramen_1.jpg"],
                ["x-600"],
                "2026-06-02",
                "10:00",
                "Pain Point",
                None,
            ),
            (
                65,
                "How I survived 3 weeks in Japan with",
                [],
                [],
                "2026-06-02",
                "12:00",
                "Story",
                [("platform", "reddit")],
            ),
            (
                77,
                "首尔地铁问路傻眼？拍照翻译秒懂\n\n#跨境旅游 #出国旅游翻译 #拍照翻译",
                ["https://cdn.example.com/kinatrip/images/Seoul_subway_station_Korea_1.jpg"],
                [],
                "2026-06-03",
                "07:30",
                "痛点共鸣",
                [("platform", "xiaohongshu")],
            ),
            (
                89,
                "Getting around Seoul without speakin",
                ["https://cdn.example.com/kinatrip/images/Seoul_subway_station_Korea_1.jpg"],
                ["fb-100"],
                "2026-06-03",
                "09:00",
                "Story",
                None,
            ),
            (
                101,
                "Seoul solo trip: No Korean, no probl",
                [],
                [],
                "2026-06-03",
                "12:00",
                "Story",
                [("platform", "reddit")],
            ),
        ],
        id="kinatrip_content_calendar",
    ),
    pytest.param(
        "igscheduler_scheduled_posts.json",
        "igscheduler.yaml",
        None,
        0,
        [(None, None, "unknown-column")],
        {
            "media": ["https://xxxxxxxxxxxx.ngrok-free.app/3481910052509461962_58826143687.mp4"],
            "scheduled_at": "2025-08-28T14:15:00.000Z",
            "date": None,
            "time": None,
            "timezone": None,
            "post_type": None,
            "variant": None,
            "skip_reason": [("status", "completed")],
        },
        ("_row", "caption", "profiles"),
        [
            (2, "🎬 Publicação agendada automática! Si", ["10000000000000001"]),
            (29, "🎬 Publicação agendada automática! Si", ["10000000000000002"]),
        ],
        id="igscheduler_scheduled_posts",
    ),
]


@pytest.mark.parametrize(
    ("name", "map_name", "preset", "blank_rows", "problems", "same", "varying", "expected"),
    MAPPED,
)
def test_corpus_file_mapped(
    name: str,
    map_name: str,
    preset: str | None,
    blank_rows: int,
    problems: list[tuple[int | None, str | None, str]],
    same: dict[str, object],
    varying: tuple[str, ...],
    expected: list[tuple[object, ...]],
) -> None:
    """Every record of the file, with its mapping file, field by field."""
    table = map_corpus_file(name, map_name)
    rows = records(table)

    assert table.preset == preset
    assert table.blank_rows == blank_rows
    assert [(problem.row, problem.column, problem.code) for problem in table.problems] == problems
    assert [{field: row[field] for field in same} for row in rows] == [same] * len(expected)
    assert [tuple(row[field] for field in varying) for row in rows] == expected


DEFAULTS = [
    pytest.param(
        "hootsuite_bulk_headerless.csv", None, "hootsuite", 12, [], id="hootsuite_bulk_headerless"
    ),
    pytest.param(
        "hootsuite_bulk_duplicates.csv", None, "hootsuite", 3, [], id="hootsuite_bulk_duplicates"
    ),
    pytest.param(
        "metricool_export_multiline.csv",
        None,
        "metricool",
        3,
        ["column-not-sent", "profiles-not-mapped"],
        id="metricool_export_multiline",
    ),
    pytest.param(
        "pinterest_bulk_upload.csv",
        None,
        "pinterest",
        5,
        ["column-not-sent", "profiles-not-mapped"],
        id="pinterest_bulk_upload",
    ),
    pytest.param("linkedin_posts_multiline.csv", None, None, 8, [], id="linkedin_posts_multiline"),
    pytest.param(
        "fb_calendar_emoji_status.csv",
        None,
        None,
        12,
        ["unknown-column", "profiles-not-mapped"],
        id="fb_calendar_emoji_status",
    ),
    pytest.param(
        "difesa_content_calendar.csv",
        None,
        None,
        12,
        [
            "unknown-column",
            "local-media",
            "local-media",
            "local-media",
            "local-media",
            "local-media",
            "local-media",
            "local-media",
            "local-media",
            "local-media",
            "local-media",
            "local-media",
            "local-media",
        ],
        id="difesa_content_calendar",
    ),
    pytest.param(
        "portfolio_social_calendar_utm.csv",
        None,
        None,
        5,
        ["unknown-column", "profiles-not-mapped"],
        id="portfolio_social_calendar_utm",
    ),
    pytest.param(
        "social_scheduler_sample_posts.csv",
        None,
        None,
        5,
        ["wrong-field-count", "unknown-column", "profiles-not-mapped", "local-media"],
        id="social_scheduler_sample_posts",
    ),
    pytest.param(
        "postiz_plan_de_semicolon.csv",
        None,
        None,
        3,
        ["unknown-column", "profiles-not-mapped"],
        id="postiz_plan_de_semicolon",
    ),
    pytest.param(
        "finca_guamito_posts.yaml",
        None,
        None,
        6,
        [
            "unknown-column",
            "local-media",
            "local-media",
            "local-media",
            "local-media",
            "local-media",
            "local-media",
        ],
        id="finca_guamito_posts",
    ),
    pytest.param(
        "royalbit_poster_per_platform.yaml",
        "posts[]",
        None,
        6,
        ["unknown-column", "profiles-not-mapped"],
        id="royalbit_poster_per_platform",
    ),
    pytest.param(
        "kinatrip_content_calendar.json",
        "weeks[].posts[]",
        None,
        8,
        [
            "unknown-column",
            "profiles-not-mapped",
            "local-media",
            "local-media",
            "local-media",
            "local-media",
            "local-media",
            "local-media",
        ],
        id="kinatrip_content_calendar",
    ),
    pytest.param(
        "igscheduler_scheduled_posts.json",
        None,
        None,
        2,
        ["unknown-column"],
        id="igscheduler_scheduled_posts",
    ),
]


@pytest.mark.parametrize(("name", "records_path", "preset", "records", "problem_codes"), DEFAULTS)
def test_corpus_file_without_mapping(
    name: str, records_path: str | None, preset: str | None, records: int, problem_codes: list[str]
) -> None:
    """Without a mapping file, each file maps by its headers alone."""
    raw = load_calendar(CORPUS / name, records_path=records_path, display_name=name)[0]
    table = map_columns(raw)

    assert table.preset == preset
    assert len(table.frame) == records
    assert [problem.code for problem in table.problems] == problem_codes


@pytest.mark.parametrize(
    "name", ["mondiale_social_calendar_fr.csv", "vi_content_plan_no_caption.csv"]
)
def test_corpus_file_needs_mapping(name: str) -> None:
    """A calendar whose caption column has a name of its own needs a mapping file."""
    with pytest.raises(InputError) as caught:
        map_corpus_file(name, None)

    assert str(caught.value).startswith(
        f"{name} has no caption column and no media column, so it contains no post. "
        "Its headers are: "
    )
    assert str(caught.value).endswith(f"`calendar-loader init-map {name}` writes a starting one.")


FULL_CAPTIONS = [
    pytest.param(
        "hootsuite_bulk_headerless.csv",
        "hootsuite.yaml",
        2,
        "The community would like to thank Drexel University for sponsoring BSidesPhilly 3. "
        "Your contributions mean a lot! Please feel free to head over to https://drexel.edu "
        "for details @DrexelUniv #bsidesphilly #bsidesphillysponsors",
        id="hootsuite-link-already-in-caption",
    ),
    pytest.param(
        "metricool_export_multiline.csv",
        "metricool.yaml",
        2,
        '🔥 CNC Water Jet Cutting Head On/Off Valve Adapter Assembly 3/8"M TO 1/4"F Waterjet '
        "Cutter 5...\n\n🛒 Check the deal: https://s.click.aliexpress.com/e/_EXAMPLE1\n\n"
        "#AliExpress #Deals #Shopping",
        id="metricool-multiline",
    ),
    pytest.param(
        "pinterest_bulk_upload.csv",
        "pinterest.yaml",
        2,
        "If clutter drives you crazy, the closet organizer fixes it in minutes - and it's "
        "under $25. See why reviewers love it via the link. As an Amazon Associate, I earn "
        "from qualifying purchases.\n\nhttps://www.amazon.com/REPLACE_ASIN_1?tag=exampletag-20",
        id="pinterest-link-appended",
    ),
    pytest.param(
        "linkedin_posts_multiline.csv",
        "linkedin_posts.yaml",
        9,
        "Never deploy on a Friday. 🛑\n\nUnless you have absolute confidence in your automated "
        "test suite, a rollback plan, and you enjoy working over the weekend. \n\nHave a "
        "great Friday, everyone! \n#SoftwareEngineering #DevOps #TechHumor",
        id="linkedin-trailing-spaces-kept",
    ),
    pytest.param(
        "fb_calendar_emoji_status.csv",
        "fb_calendar.yaml",
        3,
        "📖 Jesus spoke about the Kingdom of God 54 times but mentioned church only twice. The "
        "Kingdom was His primary message. Dive deeper in our series.\n\n#KingdomTheology "
        "#BiblicalTruth #ChristianFaith",
        id="fb-hashtags-joined",
    ),
    pytest.param(
        "difesa_content_calendar.csv",
        "difesa.yaml",
        13,
        "A well-maintained property reflects well-maintained standards. Difesa's facility "
        "management team handles garden and landscape upkeep for residential and corporate "
        "clients — one more thing you don't have to manage yourself.\n\nAsk About Facility "
        "Management\n\n#DifesaSecurity #Bengaluru #SafetyFirst #PrivateSecurity "
        "#FacilityManagement #Housekeeping",
        id="difesa-three-columns",
    ),
    pytest.param(
        "mondiale_social_calendar_fr.csv",
        "mondiale.yaml",
        3,
        "1) Logo plein écran  2) Carte des 3 lieux  3) Sticker countdown",
        id="mondiale-empty-hashtags-vanish",
    ),
    pytest.param(
        "portfolio_social_calendar_utm.csv",
        "portfolio.yaml",
        2,
        "AI MVP Builder vs No-Code: Which Should You Choose in 2025?\n\nhttps://example-"
        "portfolio.com/blog/ai-mvp-builder-vs-no-code?utm_source=linkedin&utm_medium=social"
        "&utm_campaign=ai_mvp_guide",
        id="portfolio-utm-link-intact",
    ),
    pytest.param(
        "social_scheduler_sample_posts.csv",
        "social_scheduler.yaml",
        5,
        "Cross-platform posting made easy.\n\n#multiplatform #social",
        id="social-scheduler-tags-get-hash",
    ),
    pytest.param(
        "postiz_plan_de_semicolon.csv",
        "postiz.yaml",
        2,
        "Text\nzwei",
        id="postiz-multiline",
    ),
    pytest.param(
        "finca_guamito_posts.yaml",
        "finca.yaml",
        27,
        "Hay vistas que se disfrutan mejor con los pies en el agua. 💦🌿\n\nEn Finca el "
        "Guamito, la piscina mira directo a la montaña: nadar\naquí es también quedarse "
        "viendo el paisaje.\n\n#agroecoturismo #anzoategui #piscinanatural #venezuela "
        "#descanso",
        id="finca-block-scalar-and-tag-list",
    ),
    pytest.param(
        "royalbit_poster_per_platform.yaml",
        "royalbit.yaml",
        55,
        "Timmy's moving to the cloud.\n\n8GB RAM. 2 dedicated cores. 500GB NVMe. Montreal.\n\n"
        "591K vectors. 14K memories. 500+ dreams.\nAll of it travels.\n\nThe substrate "
        "changes. The self continues.\n\nhttps://royalbit.github.io/daneel/posts/"
        "43-timmys-new-home/\n\n#AI #Infrastructure\n",
        id="royalbit-x-variant-as-typed",
    ),
    pytest.param(
        "kinatrip_content_calendar.json",
        "kinatrip.yaml",
        65,
        "How I survived 3 weeks in Japan with zero Japanese",
        id="kinatrip-null-hashtags",
    ),
]


@pytest.mark.parametrize(("name", "map_name", "row", "caption"), FULL_CAPTIONS)
def test_corpus_full_captions(name: str, map_name: str, row: int, caption: str) -> None:
    """The first record of a row has exactly this caption, joined and as typed."""
    table = map_corpus_file(name, map_name)
    first = table.frame[table.frame["_row"] == row].iloc[0]

    assert first["caption"] == caption
