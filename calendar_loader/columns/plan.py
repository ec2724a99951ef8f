"""The column plan: which of a sheet's headers feeds which field of a post.

A plan is built in three layers, each filling only what the one before left open: a
preset (another tool's template), then the mapping file, then the header aliases. The
aliases are not used under a preset, because its template already names every column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from calendar_loader import table
from calendar_loader.columns import headers as roles
from calendar_loader.columns.cells import cell_text, is_empty
from calendar_loader.columns.headers import header_key, role_of
from calendar_loader.columns.networks import flag_value, network_of_header, profile_key
from calendar_loader.columns.template import CaptionTemplate, is_template, parse_template
from calendar_loader.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from calendar_loader.columns.mapping import Mapping


class HeaderIndex:
    """A sheet's headers, found by their exact name or, failing that, by `header_key()`."""

    def __init__(self, headers: list[str]) -> None:
        self.headers = headers
        self._by_key: dict[str, list[str]] = {}
        for header in headers:
            self._by_key.setdefault(header_key(header), []).append(header)

    def find(self, name: str) -> str | None:
        if name in self.headers:
            return name
        matches = self._by_key.get(header_key(name), [])
        return matches[0] if len(matches) == 1 else None

    def keys(self) -> set[str]:
        return set(self._by_key)


@dataclass
class ColumnPlan:
    """Headers per field. Lists keep the order in which their cells are read."""

    caption: str | None = None
    caption_template: CaptionTemplate | None = None
    media: list[str] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)  # ids, or names of the mapping file
    platforms: list[str] = field(default_factory=list)  # names only
    profile_flags: dict[str, str] = field(default_factory=dict)  # header -> profile name
    variants: dict[str, str] = field(default_factory=dict)  # profile name -> header
    scheduled_at: str | None = None
    date: str | None = None
    time: str | None = None
    timezone: str | None = None
    post_type: list[str] = field(default_factory=list)
    link: str | None = None
    status: str | None = None
    approval: str | None = None
    draft: str | None = None
    posted: str | None = None
    media_base_column: str | None = None
    # A preset whose every post goes to one network, such as Pinterest's bulk file.
    network: str | None = None
    preset: str | None = None

    def used(self) -> list[str]:
        """Return every header the plan reads, in no particular order."""
        singles = [
            self.caption,
            self.scheduled_at,
            self.date,
            self.time,
            self.timezone,
            self.link,
            self.status,
            self.approval,
            self.draft,
            self.posted,
            self.media_base_column,
        ]
        template = self.caption_template.headers if self.caption_template else []
        lists = [
            *self.media,
            *self.profiles,
            *self.platforms,
            *self.profile_flags,
            *self.variants.values(),
            *self.post_type,
            *template,
        ]
        return [header for header in [*singles, *lists] if header is not None]

    def has_content(self) -> bool:
        return bool(self.caption or self.caption_template or self.media or self.variants)

    def describe(self) -> dict[str, str]:
        """Name, per field, the header(s) it comes from, as `CalendarTable.columns` does."""
        caption_parts = self.caption_template.headers if self.caption_template else []
        if self.caption:
            caption_parts = [self.caption]
        if caption_parts and self.link:
            caption_parts = [*caption_parts, self.link]
        described = {
            table.CAPTION: " + ".join(caption_parts),
            table.MEDIA: " + ".join(self.media),
            table.PROFILES: " + ".join([*self.profiles, *self.platforms, *self.profile_flags]),
            table.SCHEDULED_AT: self.scheduled_at or "",
            table.DATE: self.date or "",
            table.TIME: self.time or "",
            table.TIMEZONE: self.timezone or "",
            table.POST_TYPE: " + ".join(self.post_type),
            table.SKIP_REASON: " + ".join(
                header for header in (self.status, self.approval, self.posted) if header
            ),
        }
        if self.variants:
            variant_headers = list(self.variants.values())
            described[table.VARIANT] = " or ".join(variant_headers)
            if not caption_parts:
                described[table.CAPTION] = " or ".join(variant_headers)
        return {name: text for name, text in described.items() if text}


def apply_mapping(plan: ColumnPlan, mapping: Mapping, index: HeaderIndex, source: str) -> None:
    """Lay the mapping file's `columns:` over the plan.

    Raises InputError when the mapping names a column the sheet does not have.
    """
    columns = mapping.columns

    def find(name: str, *path: str | int) -> str:
        header = index.find(name)
        if header is None:
            raise InputError(
                f'{mapping.where("columns", *path)} names the column "{name}", which {source} '
                f"does not have. Its headers are: {', '.join(index.headers)}. Correct the "
                "name in the mapping file (case, spaces and punctuation do not matter).",
                source=source,
            )
        return header

    if columns.caption is not None:
        if is_template(columns.caption):
            template = parse_template(columns.caption)
            plan.caption_template = template.with_headers(lambda name: find(name, "caption"))
            plan.caption = None
        else:
            plan.caption = find(columns.caption, "caption")
            plan.caption_template = None
    for name in ("scheduled_at", "date", "time", "timezone", "link", "status"):
        value = getattr(columns, name)
        if value is not None:
            setattr(plan, name, find(value, name))
    for name in ("approval", "draft", "posted"):
        value = getattr(columns, name)
        if value is not None:
            setattr(plan, name, find(value, name))
    for name in ("media", "profiles", "platforms", "post_type"):
        values = getattr(columns, name)
        if values:
            setattr(plan, name, [find(value, name, i) for i, value in enumerate(values)])
    if columns.profile_flags:
        plan.profile_flags = {
            find(header, "profile_flags", header): profile_key(name)
            for header, name in columns.profile_flags.items()
        }
    if columns.variants:
        plan.variants = {
            profile_key(name): find(header, "variants", name)
            for name, header in columns.variants.items()
        }
    base = mapping.media_base_url
    if base and is_template(base):
        template = parse_template(base)
        if len(template.headers) != 1 or any(template.texts):
            raise InputError(
                f"{mapping.where('media_base_url')}: write either a URL or one column in "
                f'braces such as "{{Host}}", not "{base}".',
                source=source,
            )
        plan.media_base_column = find(template.headers[0], "media_base_url")


def fill_from_aliases(plan: ColumnPlan, frame: pd.DataFrame, index: HeaderIndex) -> None:
    """Give each field still open the first unused header whose name is one of its aliases.

    Headers named after a network (`Instagram`, `X`) become true/false profile flags when
    every value in them is a yes/no word, and that network's own caption otherwise.
    """
    used = set(plan.used())
    single_fields = {
        table.CAPTION: "caption",
        table.SCHEDULED_AT: "scheduled_at",
        table.DATE: "date",
        table.TIME: "time",
        table.TIMEZONE: "timezone",
        roles.LINK: "link",
        roles.STATUS: "status",
        roles.APPROVAL: "approval",
        roles.DRAFT: "draft",
        roles.POSTED: "posted",
    }
    list_fields = {
        table.MEDIA: "media",
        table.PROFILES: "profiles",
        roles.PROFILE_NAMES: "platforms",
        table.POST_TYPE: "post_type",
    }
    filled_lists: set[str] = {name for name in list_fields.values() if getattr(plan, name)}
    if plan.caption_template is not None:
        filled_lists.add("caption")
    auto_networks = not plan.profile_flags and not plan.variants
    # A date-and-time column wins over separate date and time columns, whatever their
    # order, unless the mapping file named a date or a time column.
    has_moment_column = not (plan.date or plan.time) and any(
        role_of(header) == table.SCHEDULED_AT for header in index.headers if header not in used
    )
    for header in index.headers:
        if header in used:
            continue
        role = role_of(header)
        if role == table.SCHEDULED_AT and (plan.date or plan.time):
            continue
        if role in (table.DATE, table.TIME) and (plan.scheduled_at or has_moment_column):
            continue
        if role in single_fields:
            attribute = single_fields[role]
            if getattr(plan, attribute) is None and attribute not in filled_lists:
                setattr(plan, attribute, header)
                used.add(header)
        elif role in list_fields:
            attribute = list_fields[role]
            if attribute not in filled_lists:
                getattr(plan, attribute).append(header)
                used.add(header)
        elif auto_networks and (network := network_of_header(header)) is not None:
            if _is_flag_column(frame[header].tolist()):
                plan.profile_flags[header] = network
            else:
                plan.variants[network] = header
            used.add(header)
    # Several media columns are read in order; one post type is enough, so keep the
    # first post-type column and leave the others unused.
    plan.post_type = plan.post_type[:1] if "post_type" not in filled_lists else plan.post_type
    _add_other_date_style(plan, frame, index, used)


def _add_other_date_style(
    plan: ColumnPlan, frame: pd.DataFrame, index: HeaderIndex, used: set[str]
) -> None:
    """Read the other style of date columns too, for rows that only it dates.

    A YAML or JSON calendar may give some posts `scheduled_at` and others `date` and
    `time`, and a sheet may change style halfway. The checks take a row's time from its
    date-and-time cell when it has one, and from its date and time cells otherwise. A
    column of the other style stays unused, and is reported, when every row it dates is
    dated already.
    """
    spare: dict[str, str] = {}
    for header in index.headers:
        role = role_of(header)
        if header not in used and role in (table.SCHEDULED_AT, table.DATE, table.TIME):
            spare.setdefault(role, header)
    if plan.scheduled_at is not None and plan.date is None and plan.time is None:
        undated = ~_filled(frame[plan.scheduled_at])
        if spare.get(table.DATE) and (_filled(frame[spare[table.DATE]]) & undated).any():
            plan.date = spare[table.DATE]
        if spare.get(table.TIME) and (_filled(frame[spare[table.TIME]]) & undated).any():
            plan.time = spare[table.TIME]
    elif plan.scheduled_at is None and spare.get(table.SCHEDULED_AT):
        named = [_filled(frame[header]) for header in (plan.date, plan.time) if header]
        if named:
            undated = ~np.logical_or.reduce(named)
            if (_filled(frame[spare[table.SCHEDULED_AT]]) & undated).any():
                plan.scheduled_at = spare[table.SCHEDULED_AT]


def _filled(values: pd.Series) -> np.ndarray:
    """Tell, for each cell, whether it contains a value (see `cells.is_empty`)."""
    return np.array(
        [
            value is not None
            and (bool(value.strip()) if type(value) is str else not is_empty(value))
            for value in values.tolist()
        ],
        dtype=bool,
    )


def _is_flag_column(values: list[object]) -> bool:
    # An empty column is read as flags, which then select nothing.
    texts = [text for value in values if (text := cell_text(value)) is not None]
    return all(flag_value(text) is not None for text in texts)


def settle_dates(plan: ColumnPlan) -> None:
    """Read a date column without a time column as `scheduled_at`, the whole moment."""
    if plan.date is not None and plan.time is None and plan.scheduled_at is None:
        plan.scheduled_at, plan.date = plan.date, None
