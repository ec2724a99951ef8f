"""Reading a whole column of cells at once, with the results of the one-cell readers.

Each function returns one value per cell, equal to what `cells` and `records` return for
that cell alone. Text cells, nearly every cell of a CSV or Excel file, take a short path
written for text, and any other cell goes through the one-cell reader. The short paths
are inline in list comprehensions where they can be, because a function call per cell
costs about as much as the work itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from calendar_loader.columns.cells import cell_text, split_items, typed

Result = TypeVar("Result")

# Schemes that `media.resolve_media` keeps as written. It also keeps any other scheme and
# `www.` names, which take the one-cell path here.
_WEB_SCHEMES = ("https://", "http://")


def typed_column(values: list[object]) -> list[object]:
    """Apply `cells.typed` to each cell: as typed, with every kind of empty cell as None."""
    return [value if type(value) is str and value.strip() else typed(value) for value in values]


def text_column(values: list[object]) -> list[str | None]:
    """Read each cell with `cell_text`, and blank text as None, as a caption is read."""
    return [
        value if type(value) is str and value.strip() else _filled_text(value) for value in values
    ]


def _filled_text(value: object) -> str | None:
    text = cell_text(value)
    return text if text is not None and text.strip() else None


def link_column(values: list[object]) -> list[str | None]:
    """Apply `cell_text` to each cell."""
    return [value if type(value) is str and value.strip() else cell_text(value) for value in values]


def web_url_column(values: list[object]) -> list[list[str] | None]:
    """Return the media URLs of each cell that contains one web URL or nothing, else None.

    A cell returns a list only when `split_items` gives at most one item and that item
    starts with http:// or https://, so `resolve_media` would keep it as written under
    any base URL. For every other cell (several items, a file name, a YAML list) the
    caller splits and resolves the cell in full.
    """
    return [
        _web_url_items(value) if type(value) is str else ([] if value is None else None)
        for value in values
    ]


def _web_url_items(text: str) -> list[str] | None:
    if "," in text or ";" in text or "|" in text or "\n" in text or "\r" in text:
        return None
    url = text.strip()
    if not url:
        return []
    return [url] if url.startswith(_WEB_SCHEMES) else None


def items_of_row(columns: list[list[object]], position: int) -> list[str]:
    """Split the cells of one row, in the order of the columns, into their items."""
    return [item for column in columns for item in split_items(column[position])]


def map_distinct(values: list[object], function: Callable[[object], Result]) -> list[Result]:
    """Apply `function` to each cell, once per distinct text for text and empty cells.

    Status, approval, draft and hashtag columns repeat a few values over many rows. Other
    cells are not looked up, because `True == 1` would let a boolean cell take the result
    of a number cell, and lists and mappings cannot be looked up at all.
    """
    try:
        distinct = set(values)
    except TypeError:
        # A list or mapping cell cannot go in a set: collect the others one by one.
        distinct = {value for value in values if type(value) is str or value is None}
    found = {value: function(value) for value in distinct if type(value) is str or value is None}
    return [
        found[value] if type(value) is str or value is None else function(value) for value in values
    ]


def first_filled(columns: list[list[object]]) -> list[object]:
    """Return, per row, the first of the typed columns' values that is not None."""
    if len(columns) == 1:
        return columns[0]
    return [
        next((value for value in row if value is not None), None)
        for row in zip(*columns, strict=True)
    ]
