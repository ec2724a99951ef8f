"""Real calendars published by other people load with the shape and values they hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from calendar_loader.errors import InputError
from calendar_loader.loading import load_calendar
from calendar_loader.problems import Severity
from calendar_loader.table import ROW, RawSheet

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
RECORDS_PATHS = {"kinatrip_content_calendar.json": "weeks[].posts[]"}


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the corpus of real calendars is not at {CORPUS}")
    return CORPUS


def load(corpus: Path, name: str, **options: str) -> RawSheet:
    sheets = load_calendar(corpus / name, **options)
    assert len(sheets) == 1
    return sheets[0]


def corpus_files() -> list[str]:
    if not CORPUS.is_dir():
        return ["(corpus missing)"]
    return sorted(path.name for path in CORPUS.iterdir() if path.suffix != ".md")


@pytest.mark.parametrize("name", corpus_files())
def test_corpus_file_loads(corpus: Path, name: str) -> None:
    """Every file loads; only the known ragged row of one file is an error."""
    raw = load(
        corpus, name, **({"records_path": RECORDS_PATHS[name]} if name in RECORDS_PATHS else {})
    )
    assert len(raw.frame) > 0
    assert raw.source == str(corpus / name)
    errors = [problem for problem in raw.problems if problem.severity is Severity.ERROR]
    expected = 1 if name == "social_scheduler_sample_posts.csv" else 0
    assert len(errors) == expected
    text_cells = [
        cell
        for column in raw.frame.columns
        if column != ROW
        for cell in raw.frame[column]
        if isinstance(cell, str)
    ]
    assert not any("\r" in cell for cell in text_cells)


def test_postiz_semicolon_file(corpus: Path) -> None:
    raw = load(corpus, "postiz_plan_de_semicolon.csv")
    assert list(raw.frame.columns) == [
        ROW,
        "datum",
        "uhrzeit",
        "kanaele",
        "text",
        "bild",
        "kommentar",
        "typ",
        "einstellungen",
    ]
    assert raw.frame[ROW].tolist() == [2, 3, 4]
    assert raw.frame["text"].tolist() == ["Text\nzwei", "Hallo", "Entwurf"]
    assert raw.frame["kanaele"].tolist() == ["instagram,facebook", "linkedin", "alle"]
    assert raw.frame["einstellungen"].tolist() == [None, '{"post_as_images_carousel":false}', None]
    assert raw.frame["datum"][0] == "06.10.2030"
    assert raw.frame["uhrzeit"][0] == "08:30"
    assert raw.problems == []


def test_social_scheduler_ragged_last_row(corpus: Path) -> None:
    raw = load(corpus, "social_scheduler_sample_posts.csv")
    assert raw.frame[ROW].tolist() == [2, 3, 4, 5, 6]
    last = raw.frame.iloc[-1]
    # Kept where the file put the cells: the hashtags sit under media_paths, not moved back.
    assert last["scheduled_time"] is None
    assert last["media_paths"] == "opensource,devupdate,python"
    assert last["link"] is None
    [problem] = raw.problems
    assert problem.code == "wrong-field-count"
    assert problem.row == 6
    assert problem.message == (
        "Row 6 (line 6) has 5 fields, but the header has 6. The cells were read from the "
        "left and not moved, so the values after a missing or extra comma are in the wrong "
        "columns. Check the quotes and the commas in this row."
    )


def test_mondiale_blank_row_counted(corpus: Path) -> None:
    raw = load(corpus, "mondiale_social_calendar_fr.csv")
    assert raw.blank_rows == 1
    assert raw.frame[ROW].tolist() == [*range(2, 14), *range(15, 20)]
    assert raw.frame["Statut"][0] == "À produire"
    assert (
        raw.frame["Notes"].tolist()[-1]
        == "Pilier 5 : Compte à rebours / urgence (dernières 2 semaines)"
    )
    assert raw.frame["Hashtags"][1] is None  # written as "" in the file


def test_finca_yaml_dates_stay_text(corpus: Path) -> None:
    raw = load(corpus, "finca_guamito_posts.yaml")
    assert raw.frame[ROW].tolist() == [27, 40, 53, 66, 79, 92]
    first = raw.frame.iloc[0]
    assert first["fecha"] == "2026-08-26"
    assert first["titulo"] == "AGUA Y\nMONTAÑA\n"
    assert first["foto"] == "FUTURAS SEMANAS/IMAGENES/IMG_1558.JPG"
    assert first["hashtags"] == [
        "agroecoturismo",
        "anzoategui",
        "piscinanatural",
        "venezuela",
        "descanso",
    ]
    assert isinstance(raw.document, list)


def test_royalbit_timestamps_keep_nanoseconds(corpus: Path) -> None:
    raw = load(corpus, "royalbit_poster_per_platform.yaml")
    assert raw.frame[ROW].tolist() == [2, 55, 100]
    posted = raw.frame["posted"].tolist()
    assert posted[0] == {}
    assert posted[2] == {
        "x": "2026-01-01T04:07:30.374830910+00:00",
        "linkedin": "2026-01-01T04:07:54.438092431+00:00",
    }
    assert raw.frame["x"][1].endswith("#AI #Infrastructure\n")
    assert raw.frame["linkedin"][1].endswith("#OpenSource #Transparency")  # `|-` drops it


def test_kinatrip_records_path(corpus: Path) -> None:
    raw = load(corpus, "kinatrip_content_calendar.json", records_path="weeks[].posts[]")
    assert raw.frame[ROW].tolist() == [17, 29, 41, 53, 65, 77, 89, 101]
    assert raw.frame["time_bjt"][0] == "07:30"
    assert raw.frame["image_ref"][4] is None
    assert raw.frame["hashtags"][4] is None
    assert raw.frame["status"][0] == "待发布"
    assert isinstance(raw.document, dict)
    assert raw.document["meta"]["timezone"] == "Asia/Shanghai (BJT/GMT+8)"
    assert raw.document["meta"]["reminder_lead_hours"] == ["24", "1"]


def test_kinatrip_without_path_suggests_one(corpus: Path) -> None:
    with pytest.raises(InputError) as caught:
        load(corpus, "kinatrip_content_calendar.json")
    assert str(caught.value) == (
        f"{CORPUS / 'kinatrip_content_calendar.json'}: expected an array of posts, or an "
        "object with a “posts” array (and optional “defaults”), but the file holds an object "
        "with the keys meta, weeks. If the posts are further down, give their path as “records:” "
        "in the mapping file (calendar-loader.yaml), such as “records: weeks[].posts[]”. "
        "Lists of objects in this file: weeks[], weeks[].posts[]."
    )


def test_igscheduler_nested_accounts_kept(corpus: Path) -> None:
    raw = load(corpus, "igscheduler_scheduled_posts.json")
    assert raw.frame[ROW].tolist() == [2, 29]
    assert raw.frame["accounts"][0] == [
        {"id": "10000000000000001", "username": "example_account_a"}
    ]
    assert raw.frame["ngrokUrl"][0] == " https://xxxxxxxxxxxx.ngrok-free.app"
    assert raw.frame["interval"][0] == "5"
    assert raw.frame["results"][0][0]["success"] == "true"


def test_hootsuite_file_is_headerless(corpus: Path) -> None:
    raw = load(corpus, "hootsuite_bulk_headerless.csv")
    assert raw.headerless is True
    assert list(raw.frame.columns) == [ROW, "1", "2", "3"]
    assert raw.frame[ROW].tolist() == list(range(1, 13))
    assert raw.frame["1"][0] == "2018-12-04 08:00:00"
    assert raw.frame["3"][0] == "https://nostarch.com/"
    assert raw.header == []


def test_crlf_file_has_no_carriage_returns(corpus: Path) -> None:
    raw = load(corpus, "fb_calendar_emoji_status.csv")
    assert raw.frame["status"].tolist()[:2] == ["posted", None]
    assert list(raw.frame.columns)[-1] == "status"
    assert raw.frame[ROW].tolist() == list(range(2, 14))


def test_linkedin_trailing_spaces_kept(corpus: Path) -> None:
    raw = load(corpus, "linkedin_posts_multiline.csv")
    first = raw.frame["Content"][0]
    assert "If you do something every day, automate it. \n\nI used:\n" in first
    assert raw.frame["Content"][2].startswith("Zero Trust Security isn't a product.")
    assert 'The old model: "Trust everyone inside the network."' in raw.frame["Content"][2]


def test_metricool_doubled_quotes(corpus: Path) -> None:
    raw = load(corpus, "metricool_export_multiline.csv")
    assert len(raw.frame.columns) == 98
    assert raw.frame["Text"][0].startswith(
        '🔥 CNC Water Jet Cutting Head On/Off Valve Adapter Assembly 3/8"M TO 1/4"F'
    )
    assert raw.frame["Facebook"][0] == "true"
    assert raw.frame["Time"][0] == "20:40:00"
