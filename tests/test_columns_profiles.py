"""Profile names to ids through the mapping file; flags per network; drafts."""

from __future__ import annotations

import pandas as pd
import pytest

from calendar_loader.columns import Mapping, map_columns
from calendar_loader.problems import Problem
from calendar_loader.table import ROW, CalendarTable, RawSheet, RowReason

PROFILES = {
    "instagram": "ig-1",
    "Facebook": "fb-1",
    "twitter": "x-1",
    "linkedin": "li-1",
    "shop": "ig-2",
    "reddit": None,
    "all": ["instagram", "facebook"],
    "social": ["shop", "x"],
}


def sheet(columns: dict[str, list[object]]) -> RawSheet:
    count = len(next(iter(columns.values())))
    frame = pd.DataFrame(
        {
            ROW: pd.Series(range(2, count + 2), dtype="int64"),
            **{name: pd.Series(values, dtype=object) for name, values in columns.items()},
        }
    )
    return RawSheet("plan.csv", None, frame, header=list(columns))


def table_for(cells: dict[str, list[object]], **mapping: object) -> CalendarTable:
    settings = {"profiles": PROFILES, **mapping}
    return map_columns(sheet(cells), mapping=Mapping.model_validate(settings))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("Instagram", ["ig-1"], id="case"),
        pytest.param("instagram, FACEBOOK", ["ig-1", "fb-1"], id="two"),
        pytest.param("X", ["x-1"], id="x-is-twitter"),
        pytest.param("x-twitter", ["x-1"], id="x-twitter"),
        pytest.param("Twitter/X", ["x-1"], id="twitter-slash-x"),
        pytest.param("IG", ["ig-1"], id="ig"),
        pytest.param("social", ["ig-2", "x-1"], id="group"),
        pytest.param("all", ["ig-1", "fb-1"], id="all-group"),
        pytest.param("Alle", ["ig-1", "fb-1"], id="alle"),
        pytest.param("tous", ["ig-1", "fb-1"], id="tous"),
        pytest.param("instagram; all | shop", ["ig-1", "fb-1", "ig-2"], id="no-duplicates"),
        pytest.param("reddit, linkedin", ["li-1"], id="null-dropped"),
    ],
)
def test_platform_names_to_ids(cell: str, expected: list[str]) -> None:
    """Names in a platforms column become the mapping's ids, case-insensitively."""
    table = table_for({"caption": ["Hi"], "Plateforme": [cell]})

    assert table.frame.loc[0, "profiles"] == expected
    assert table.frame.loc[0, "skip_reason"] is None
    assert table.problems == []


def test_all_without_group_is_every_profile() -> None:
    """Without an `all:` group, `all` names every profile that has an id."""
    mapping = Mapping.model_validate({"profiles": {"instagram": "ig-1", "facebook": "fb-1"}})
    table = map_columns(sheet({"caption": ["Hi"], "kanaele": ["alle"]}), mapping=mapping)

    assert table.frame.loc[0, "profiles"] == ["ig-1", "fb-1"]


def test_unknown_profile_row_error() -> None:
    """A name with no id is a row error naming the name and the key to add."""
    table = table_for({"caption": ["Hi", "Yo"], "platform": ["instagram", "TikTok, facebook"]})

    assert table.frame["profiles"].tolist() == [["ig-1"], ["fb-1"]]
    assert table.problems == [
        Problem(
            "plan.csv",
            None,
            3,
            "platform",
            "unknown-profile",
            'The profile "TikTok" has no Ocoya profile id in the mapping file: add '
            "`tiktok: <profile id>` under profiles: there, or `tiktok: null` to skip its "
            "posts.",
            "TikTok",
        )
    ]


def test_unknown_name_in_platforms_column() -> None:
    """In a platforms column every item is a name, even one that is not a network."""
    table = table_for({"caption": ["Hi"], "platforms": ["newsletter"]})

    assert table.frame.loc[0, "profiles"] == []
    assert [problem.code for problem in table.problems] == ["unknown-profile"]
    assert table.problems[0].value == "newsletter"


def test_profiles_column_keeps_ids() -> None:
    """In a profiles column, items that name no profile are ids, kept as written."""
    table = table_for({"caption": ["Hi"], "profile_ids": ["ig-9, shop, Facebook"]})

    assert table.frame.loc[0, "profiles"] == ["ig-9", "ig-2", "fb-1"]
    assert table.problems == []


def test_only_null_profiles_skip_row() -> None:
    """A row whose only profile is set to null is skipped with the reason."""
    table = table_for({"caption": ["Hi"], "platform": ["Reddit"]})

    assert table.frame.loc[0, "profiles"] == []
    assert table.frame.loc[0, "skip_reason"] == (
        RowReason(
            column="platform",
            value="Reddit",
            message="The row is skipped because the mapping file sets Reddit to null under "
            "profiles:, so posts to Reddit are not sent.",
        ),
    )
    assert table.problems == []


def test_null_default_profile_skip_has_no_column() -> None:
    """A default profile set to null skips the rows that name none, and no cell is to blame."""
    table = table_for(
        {"caption": ["Hi", "Yo"], "platform": [None, "facebook"]},
        defaults={"profiles": ["reddit"]},
    )

    assert table.frame["skip_reason"].tolist() == [
        (
            RowReason(
                column=None,
                value="reddit",
                message="The row is skipped because the mapping file sets reddit to null "
                "under profiles:, so posts to reddit are not sent.",
            ),
        ),
        None,
    ]


@pytest.mark.parametrize(
    ("defaults", "expected"),
    [
        pytest.param(["instagram"], [["ig-1"], ["fb-1"]], id="name"),
        pytest.param(["p-77", "all"], [["p-77", "ig-1", "fb-1"], ["fb-1"]], id="id-and-group"),
    ],
)
def test_default_profiles(defaults: list[str], expected: list[list[str]]) -> None:
    """Default profiles apply to rows that name none."""
    table = table_for(
        {"caption": ["Hi", "Yo"], "platform": [None, "facebook"]},
        defaults={"profiles": defaults},
    )

    assert table.frame["profiles"].tolist() == expected


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        pytest.param(("true", "false", "TRUE"), ["fb-1", "li-1"], id="true-false"),
        pytest.param(("yes", "no", ""), ["fb-1"], id="yes-no"),
        pytest.param(("x", None, "oui"), ["fb-1", "li-1"], id="x-oui"),
        pytest.param((True, True, False), ["fb-1", "x-1"], id="booleans"),
    ],
)
def test_profile_flag_columns(flags: tuple[object, ...], expected: list[str]) -> None:
    """True/false columns named after networks choose the profiles of the row."""
    columns = {"Text": ["Hi"], "Facebook": [flags[0]], "Twitter/X": [flags[1]]}
    columns["LinkedIn"] = [flags[2]]
    table = table_for(columns)

    assert table.columns["profiles"] == "Facebook + Twitter/X + LinkedIn"
    assert table.frame.loc[0, "profiles"] == expected
    assert table.problems == []


def test_profile_flag_invalid_value() -> None:
    """A flag that is neither true nor false is a row error."""
    columns: dict[str, list[object]] = {
        "Text": ["Hi"],
        "Instagram": ["true"],
        "Extra": ["x"],
    }
    mapping = {"columns": {"profile_flags": {"Instagram": "instagram", "Extra": "shop"}}}
    ok = table_for(columns, **mapping)
    columns["Extra"] = ["maybe"]
    bad = table_for(columns, **mapping)

    assert ok.frame.loc[0, "profiles"] == ["ig-1", "ig-2"]
    assert bad.frame.loc[0, "profiles"] == ["ig-1"]
    assert bad.problems == [
        Problem(
            "plan.csv",
            None,
            2,
            "Extra",
            "invalid-profile-flag",
            'Extra is "maybe", which is neither true nor false: write true to post to this '
            "profile, or false.",
            "maybe",
        )
    ]


@pytest.mark.parametrize(
    ("settings", "columns", "expected_profiles", "expected_type"),
    [
        pytest.param(
            {"defaults": {"draft": True}},
            {"caption": ["Hi"], "platform": ["instagram"]},
            [],
            None,
            id="default-draft",
        ),
        pytest.param(
            {},
            {"caption": ["Hi"], "platform": ["instagram"], "Draft": ["TRUE"]},
            [],
            None,
            id="draft-column",
        ),
        pytest.param(
            {},
            {"caption": ["Hi"], "platform": ["instagram"], "Draft": ["false"]},
            ["ig-1"],
            None,
            id="draft-column-false",
        ),
        pytest.param(
            {},
            {"caption": ["Hi"], "platform": ["instagram"], "typ": ["Entwurf"]},
            [],
            None,
            id="type-is-draft",
        ),
        pytest.param(
            {},
            {"caption": ["Hi"], "platform": ["instagram"], "typ": ["Reel"]},
            ["ig-1"],
            "Reel",
            id="type-reel",
        ),
    ],
)
def test_draft_rows_have_no_profiles(
    settings: dict[str, object],
    columns: dict[str, list[object]],
    expected_profiles: list[str],
    expected_type: str | None,
) -> None:
    """A draft is sent without profiles, which Ocoya makes a draft."""
    table = table_for(columns, **settings)

    assert table.frame.loc[0, "profiles"] == expected_profiles
    assert table.frame.loc[0, "post_type"] == expected_type
    assert table.problems == []


def test_draft_row_unknown_profile_not_reported() -> None:
    """A draft needs no profile ids, so an unknown name is no error there."""
    table = table_for({"caption": ["Hi"], "platform": ["tiktok"], "draft": ["yes"]})

    assert table.frame.loc[0, "profiles"] == []
    assert table.problems == []


def test_invalid_draft_value() -> None:
    table = table_for({"caption": ["Hi"], "platform": ["instagram"], "draft": ["soon"]})

    assert table.frame.loc[0, "profiles"] == ["ig-1"]
    assert [(problem.column, problem.code) for problem in table.problems] == [
        ("draft", "invalid-draft-flag")
    ]
    assert table.problems[0].message == (
        'draft is "soon", which is neither true nor false: write true to create the post '
        "as a draft, or false to schedule it."
    )
