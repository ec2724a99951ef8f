"""Rows the calendar marks as not to post keep a record with a skip reason."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest

from calendar_loader.columns import Mapping, map_columns
from calendar_loader.table import ROW, RawSheet, RowReason


def sheet(columns: dict[str, list[object]]) -> RawSheet:
    count = len(next(iter(columns.values())))
    frame = pd.DataFrame(
        {
            ROW: pd.Series(range(2, count + 2), dtype="int64"),
            **{name: pd.Series(values, dtype=object) for name, values in columns.items()},
        }
    )
    return RawSheet("plan.csv", None, frame, header=list(columns))


def marked(header: str, text: str, state: str) -> tuple[RowReason, ...]:
    """Return the one skip reason of a cell `text` in column `header` that means `state`."""
    message = f'The row is skipped because {header} is "{text}", which marks it as {state}.'
    return (RowReason(header, text, message),)


@pytest.mark.parametrize(
    ("header", "value", "reasons"),
    [
        pytest.param("status", "posted", marked("status", "posted", "already posted"), id="posted"),
        pytest.param(
            "Status", "Published", marked("Status", "Published", "already posted"), id="published"
        ),
        pytest.param("status", "DONE ", marked("status", "DONE", "already posted"), id="done"),
        pytest.param(
            "status", "completed", marked("status", "completed", "already posted"), id="completed"
        ),
        pytest.param("Statut", "Publié", marked("Statut", "Publié", "already posted"), id="publie"),
        pytest.param(
            "Statut", "publie", marked("Statut", "publie", "already posted"), id="no-accent"
        ),
        pytest.param(
            "Status",
            "veröffentlicht",
            marked("Status", "veröffentlicht", "already posted"),
            id="german",
        ),
        pytest.param(
            "Statut", "À produire", marked("Statut", "À produire", "not ready"), id="a-produire"
        ),
        pytest.param("status", "To do", marked("status", "To do", "not ready"), id="to-do"),
        pytest.param(
            "approval_status",
            "pending",
            marked("approval_status", "pending", "not approved"),
            id="pending",
        ),
        pytest.param(
            "Approval", "Rejected", marked("Approval", "Rejected", "not approved"), id="rejected"
        ),
        pytest.param("approved", "no", marked("approved", "no", "not approved"), id="approved-no"),
    ],
)
def test_skip_by_status_and_approval(
    header: str, value: str, reasons: tuple[RowReason, ...]
) -> None:
    """Status and approval words skip the row; the record stays, with the reason."""
    table = map_columns(sheet({"caption": ["Hi", "Yo"], header: [value, None]}))

    assert table.frame["skip_reason"].tolist() == [reasons, None]
    assert table.frame["caption"].tolist() == ["Hi", "Yo"]
    assert table.columns["skip_reason"] == header
    assert table.problems == []


@pytest.mark.parametrize(
    "value", ["planned", "待发布", "scheduled", "approved", "ready", "yes", "Draft"]
)
def test_other_words_do_not_skip(value: str) -> None:
    table = map_columns(sheet({"caption": ["Hi"], "status": [value], "approval": [value]}))

    assert table.frame.loc[0, "skip_reason"] is None


def test_status_and_approval_reasons_kept_apart() -> None:
    """Each reason names its own column, in the order status, approval."""
    table = map_columns(
        sheet({"caption": ["Hi"], "status": ["idea"], "approval_status": ["pending"]})
    )

    assert table.frame.loc[0, "skip_reason"] == (
        *marked("status", "idea", "not ready"),
        *marked("approval_status", "pending", "not approved"),
    )
    assert table.columns["skip_reason"] == "status + approval_status"


def test_mapping_replaces_skip_words() -> None:
    """The mapping file's skip lists replace the built-in words."""
    mapping = Mapping.model_validate(
        {
            "columns": {"status": "Etapa", "approval": "OK?"},
            "skip": {"done": ["Listo"], "not_ready": [], "not_approved": ["nein"]},
        }
    )
    raw = sheet(
        {
            "caption": ["a", "b", "c", "d"],
            "Etapa": ["listo", "posted", "idea", None],
            "OK?": [None, None, None, "NEIN"],
        }
    )
    table = map_columns(raw, mapping=mapping)

    assert table.frame["skip_reason"].tolist() == [
        marked("Etapa", "listo", "already posted"),
        None,
        None,
        marked("OK?", "NEIN", "not approved"),
    ]


@pytest.mark.parametrize(
    ("value", "reasons"),
    [
        pytest.param(
            {"x": datetime(2025, 12, 22, 14, 50, tzinfo=UTC)},
            (
                RowReason(
                    "posted",
                    "x",
                    "The row is skipped because posted lists it as already posted to x.",
                ),
            ),
            id="map",
        ),
        pytest.param({}, None, id="empty-map"),
        pytest.param(
            "2025-12-22T14:50:57Z",
            marked("posted", "2025-12-22T14:50:57Z", "already posted"),
            id="time",
        ),
        pytest.param("false", None, id="false"),
        pytest.param(True, marked("posted", "true", "already posted"), id="true"),
    ],
)
def test_posted_column_skips_row(value: object, reasons: tuple[RowReason, ...] | None) -> None:
    """A `posted` value marks the row as posted. Without variants, any entry skips it."""
    table = map_columns(sheet({"caption": ["Hi"], "posted": [value]}))

    assert table.frame.loc[0, "skip_reason"] == reasons


def test_skipped_row_reports_no_row_errors() -> None:
    """A row that will not be posted gets no profile or media errors."""
    mapping = Mapping.model_validate({"profiles": {"instagram": "ig-1"}})
    raw = sheet(
        {
            "caption": ["Hi", "Yo"],
            "image": ["a.jpg", "b.jpg"],
            "platform": ["tiktok", "tiktok"],
            "status": ["posted", None],
        }
    )
    table = map_columns(raw, mapping=mapping)

    assert [(problem.row, problem.code) for problem in table.problems] == [
        (3, "unknown-profile"),
        (3, "local-media"),
    ]
