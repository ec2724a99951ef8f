"""Duplicate rows and captions repeated within a day, through check_tables."""

from __future__ import annotations

import numpy as np
from checking_tables import make_table, post, settings

from calendar_loader.checking import check_tables
from calendar_loader.checking.repeats import combine_codes, find_duplicates


def test_duplicate_row_names_first_and_is_not_sent() -> None:
    table = make_table([post(), post(caption="Other"), post(), post()])
    report = check_tables([table], settings())
    found = [(p.row, p.code, p.severity.value) for p in report.iter_problems()]
    assert found == [(4, "duplicate-row", "warning"), (5, "duplicate-row", "warning")]
    assert next(report.iter_problems()).message == (
        "The row would send the same post as row 2 (same caption, media, profiles and time), "
        "so it will not be sent. Delete one of the rows."
    )
    assert report.rows["duplicate_of"].tolist() == [None, None, 2, 2]
    assert report.rows["status"].tolist() == ["valid"] * 4
    assert [row for _, _, row, _, _ in report.sendable()] == [2, 3]
    assert report.summary.duplicates == 2


def test_duplicate_across_files_names_file() -> None:
    first = make_table([post()], source="a.csv")
    second = make_table([post()], source="b.csv", sheet="May")
    report = check_tables([first, second], settings())
    problem = next(report.iter_problems())
    assert (problem.source, problem.sheet, problem.row) == ("b.csv", "May", 2)
    assert "same post as row 2 of a.csv (same caption" in problem.message


def test_whitespace_differences_still_duplicate() -> None:
    table = make_table(
        [
            post(profiles=["a", "b"]),
            post(caption="Spring menu is here \n", profiles=[" a", "b", "a"]),
        ]
    )
    report = check_tables([table], settings())
    assert report.rows["duplicate_of"].tolist() == [None, 2]


def test_different_time_or_profiles_not_duplicate() -> None:
    table = make_table([post(), post(time="09:01"), post(profiles=["fb-page"])])
    report = check_tables([table], settings())
    assert report.rows["duplicate_of"].tolist() == [None, None, None]


def test_invalid_rows_not_compared() -> None:
    table = make_table([post(media=["a.png"]), post(media=["a.png"])])
    report = check_tables([table], settings())
    assert report.rows["duplicate_of"].tolist() == [None, None]
    assert report.rows["status"].tolist() == ["invalid", "invalid"]


def test_duplicate_drafts() -> None:
    table = make_table([post(date=None, time=None), post(date=None, time=None)])
    report = check_tables([table], settings())
    assert report.rows["duplicate_of"].tolist() == [None, 2]


def test_repeated_caption_within_24_hours() -> None:
    table = make_table(
        [
            post(time="09:00"),
            post(date="2030-06-02", time="08:59"),
            post(date="2030-06-03", time="09:00"),
            post(time="10:00", profiles=["fb-page"]),
        ]
    )
    report = check_tables([table], settings())
    found = [(p.row, p.code, p.value) for p in report.iter_problems()]
    assert found == [(3, "repeated-caption", "Spring menu is here")]
    assert next(report.iter_problems()).message == (
        "The same caption goes to the same profiles in row 2 at 2030-06-01T07:00:00Z, less "
        "than 24 hours apart. Check that one of them is not a mistake, or space them out."
    )


def test_repeated_caption_exactly_24_hours_apart_is_fine() -> None:
    table = make_table([post(), post(date="2030-06-02")])
    assert list(check_tables([table], settings()).iter_problems()) == []


def test_find_duplicates_skips_non_candidates() -> None:
    codes = np.array([0, 0, 0])
    first = find_duplicates(
        codes,
        codes,
        codes,
        np.array([5, 5, 5]),
        np.array([True] * 3),
        np.array([False, True, True]),
    )
    assert first.tolist() == [-1, -1, 1]


def test_combine_codes() -> None:
    combined = combine_codes(np.array([0, 0, 1, -1, 0]), np.array([1, 2, 1, 1, 1]))
    assert combined.tolist() == [0, 1, 2, 3, 0]
