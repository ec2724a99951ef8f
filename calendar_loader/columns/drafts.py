"""Records made drafts on purpose, and the reason the report gives for each.

A record is a draft on purpose when its draft column is true, when its post type is a
word for draft (`Entwurf`, `brouillon`), or when the mapping file's defaults say
`draft: true`. A draft is sent without social profiles, because Ocoya makes a post
without profiles a draft.
"""

from __future__ import annotations

from calendar_loader.columns.cells import cell_text
from calendar_loader.columns.networks import DRAFT_WORDS, flag_value, fold_word
from calendar_loader.table import RowReason

_DRAFT = "The post will be created as a draft in Ocoya, without social profiles, because"


def read_draft_cell(value: object) -> bool | None:
    """Read a draft cell: False when empty, None when it is neither true, false nor draft."""
    text = cell_text(value)
    if text is None:
        return False
    if isinstance(value, bool):
        return value
    chosen = flag_value(text)
    if chosen is None and fold_word(text) in DRAFT_WORDS:
        chosen = True
    return chosen


def is_draft_word(value: object) -> bool:
    """Tell whether a post type cell is a word for draft, such as `Entwurf`."""
    return isinstance(value, str) and fold_word(value) in DRAFT_WORDS


def cell_draft_reason(header: str, value: object) -> RowReason:
    """Return the reason for a draft that a cell requests: a draft flag or a draft post type."""
    text = (cell_text(value) or "").strip()
    return RowReason(
        column=header,
        value=text,
        message=f'{_DRAFT} {header} is "{text}". To schedule it instead, clear that cell.',
    )


def default_draft_reason(mapping_source: str) -> RowReason:
    """Return the reason for a draft that the mapping file's `defaults: draft: true` makes."""
    return RowReason(
        column=None,
        value=None,
        message=f"{_DRAFT} {mapping_source} sets draft: true under defaults:. To schedule "
        "the posts instead, remove that setting.",
    )
