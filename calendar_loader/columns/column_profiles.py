"""The profiles of every row at once, worked out once per distinct set of profile cells.

Calendars repeat the same profile cells ("instagram, facebook", a flag column of yes and
no) on most rows, so a sheet of a million rows usually has a handful of distinct sets.
Each set is split and looked up in the mapping file by the same functions that map one
row, and every row with that set shares the result.
"""

from __future__ import annotations

from dataclasses import dataclass

from calendar_loader.columns.plan import ColumnPlan
from calendar_loader.columns.records import SheetSettings, resolve_profiles, row_tokens
from calendar_loader.columns.skipping import null_profiles_reason
from calendar_loader.table import RowReason


@dataclass(frozen=True, eq=False)
class CellProfiles:
    """The profiles that one set of profile cells gives a record without a network caption.

    Every row with that set shares the object, so it is compared and hashed by identity.
    """

    has_items: bool  # the cells name at least one profile, so the row is not a legend row
    # The cells lead to a row problem (a name the mapping lacks, a flag neither true nor
    # false), which only `RowMapper` reports the way the checks expect.
    has_problems: bool
    ids: list[str]  # what the record sends, unless it is a draft
    unmapped: list[tuple[str, str]]  # names without a mapping file, and their header
    null_reason: RowReason | None  # the skip reason when every profile is set to null


def profile_column(
    cells: dict[str, list[object]], plan: ColumnPlan, settings: SheetSettings, count: int
) -> list[CellProfiles]:
    """Return the profiles of each of the `count` rows, sharing one object per set."""
    headers = [*plan.profiles, *plan.platforms, *plan.profile_flags]
    if not headers:
        return [_profiles_of(headers, (), plan, settings)] * count
    keys = _keys([cells[header] for header in headers])
    found: dict[object, CellProfiles] = {}
    column: list[CellProfiles] = []
    for key in keys:
        try:
            profiles = found.get(key)
        except TypeError:
            # A YAML or JSON list or mapping in a cell cannot be a key, so it is resolved
            # without the cache.
            column.append(_profiles_of(headers, key, plan, settings))
            continue
        if profiles is None:
            profiles = found[key] = _profiles_of(headers, key, plan, settings)
        column.append(profiles)
    return column


def _keys(columns: list[list[object]]) -> list[object]:
    # A cell other than text is keyed with its type, because True == 1 == 1.0 would
    # otherwise let a boolean cell take the items of a number cell.
    typed_keys = [
        [value if type(value) is str else (type(value), value) for value in column]
        for column in columns
    ]
    if len(typed_keys) == 1:
        return typed_keys[0]
    return list(zip(*typed_keys, strict=True))


def _profiles_of(
    headers: list[str], key: object, plan: ColumnPlan, settings: SheetSettings
) -> CellProfiles:
    parts = (key,) if len(headers) == 1 else key
    assert isinstance(parts, tuple)
    values = [part[1] if isinstance(part, tuple) else part for part in parts]
    tokens, invalid_flags = row_tokens(plan, dict(zip(headers, values, strict=True)))
    profiles = resolve_profiles(tokens, plan, settings)
    header_of = {token.text: token.header for token in tokens}
    return CellProfiles(
        has_items=bool(tokens),
        has_problems=bool(invalid_flags or profiles.unknown),
        ids=[] if profiles.unmapped else profiles.ids,
        unmapped=[(name, header_of.get(name) or "") for name in profiles.unmapped],
        null_reason=null_profiles_reason(
            profiles, [token.header for token in tokens], settings.mapping_source
        ),
    )
