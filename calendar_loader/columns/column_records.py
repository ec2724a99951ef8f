"""Rows to records for a whole sheet, one field at a time over whole columns.

Each field of the records is worked out for every row in one pass over its columns.
Rows with a caption per network, and rows with a problem to report, are mapped one at a
time by `records.RowMapper`, because their records, skip reasons and problems depend on
each other. Their records then take their places in row order. Rows with nothing to
post are dropped and counted, as `RowMapper` does.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

import numpy as np
import pandas as pd

from calendar_loader import table
from calendar_loader.collector import collector_paused
from calendar_loader.columns.cells import cell_text
from calendar_loader.columns.column_cells import (
    first_filled,
    items_of_row,
    link_column,
    map_distinct,
    text_column,
    typed_column,
    web_url_column,
)
from calendar_loader.columns.column_profiles import CellProfiles, profile_column
from calendar_loader.columns.drafts import (
    cell_draft_reason,
    default_draft_reason,
    is_draft_word,
    read_draft_cell,
)
from calendar_loader.columns.media import resolve_media
from calendar_loader.columns.plan import ColumnPlan
from calendar_loader.columns.records import MappedRows, RowMapper, SheetSettings, with_link
from calendar_loader.columns.skipping import approval_reason, posted_reason, status_reason
from calendar_loader.table import RowReason

# A name without a profile id, where it first shows: (row position, order in the row,
# name, header). Sorting these restores the order in which one row at a time finds them.
UnmappedName = tuple[int, int, str, str]


def map_rows(frame: pd.DataFrame, plan: ColumnPlan, settings: SheetSettings) -> MappedRows:
    """Turn every row of a sheet into its records, in row order.

    The records, problems, legend count and unmapped names equal those of `RowMapper`
    run on each row in turn.
    """
    rows = frame[table.ROW].to_numpy(dtype=np.int64)
    cells = {header: frame[header].tolist() for header in set(plan.used())}
    with collector_paused():
        return _SheetMapper(rows, cells, plan, settings).run()


class _SheetMapper:
    """The mapping of one sheet's rows, one field at a time, for `map_rows`."""

    def __init__(
        self,
        rows: np.ndarray,
        cells: dict[str, list[object]],
        plan: ColumnPlan,
        settings: SheetSettings,
    ) -> None:
        self.rows = rows
        self.count = len(rows)
        self.cells = cells
        self.plan = plan
        self.settings = settings
        # Positions of the rows that RowMapper maps one at a time.
        self.by_row: set[int] = set()

    def column(self, header: str | None) -> list[object]:
        return [None] * self.count if header is None else self.cells[header]

    def typed(self, header: str | None) -> list[object]:
        return [None] * self.count if header is None else typed_column(self.cells[header])

    def run(self) -> MappedRows:
        plan = self.plan
        captions = self._captions()
        self._find_variant_rows()
        media = self._media()
        profiles = profile_column(self.cells, plan, self.settings, self.count)
        # A sheet usually has a handful of distinct sets of profile cells, so each test
        # below runs over every row only when one of the sets needs it.
        distinct = set(profiles)
        if any(found.has_problems for found in distinct):
            self.by_row.update(
                position for position, found in enumerate(profiles) if found.has_problems
            )
        moments = [self.typed(header) for header in (plan.scheduled_at, plan.date, plan.time)]
        post_types = [None] * self.count
        if plan.post_type:
            post_types = first_filled([self.typed(header) for header in plan.post_type])
        legend = self._legend_rows(captions, media, profiles, moments, post_types)
        drafts, post_types = self._drafts(post_types)
        skip_reasons = self._skip_reasons(profiles, distinct)

        fields: dict[str, list[Any]] = {
            table.CAPTION: self._with_links(captions),
            table.MEDIA: media,
            table.PROFILES: _sent_profiles(profiles, drafts),
            table.SCHEDULED_AT: moments[0],
            table.DATE: moments[1],
            table.TIME: moments[2],
            table.TIMEZONE: self._zones(),
            table.POST_TYPE: post_types,
            table.VARIANT: [None] * self.count,
            table.SKIP_REASON: skip_reasons,
            table.DRAFT_REASON: [None] * self.count if drafts is None else drafts,
        }
        unmapped: list[UnmappedName] = []
        if any(found.unmapped for found in distinct):
            unmapped = self._unmapped_names(profiles, legend, skip_reasons, drafts)
        return self._merge(fields, legend, unmapped)

    def _captions(self) -> list[str | None]:
        plan = self.plan
        if plan.caption_template is not None:
            return plan.caption_template.render_column(self.cells, self.count)
        return text_column(self.column(plan.caption))

    def _with_links(self, captions: list[str | None]) -> list[str | None]:
        if self.plan.link is None:
            return captions
        links = link_column(self.cells[self.plan.link])
        return [
            caption if link is None else with_link(caption, link)
            for caption, link in zip(captions, links, strict=True)
        ]

    def _find_variant_rows(self) -> None:
        for header in self.plan.variants.values():
            texts = text_column(self.cells[header])
            self.by_row.update(position for position, text in enumerate(texts) if text is not None)

    def _media(self) -> list[list[str] | None]:
        """Return the media URLs of each row, and send rows with local files to RowMapper."""
        columns = [self.cells[header] for header in self.plan.media]
        if not columns:
            return [[] for _ in range(self.count)]
        urls = web_url_column(columns[0])
        for column in columns[1:]:
            urls = [
                None if found is None or more is None else found + more
                for found, more in zip(urls, web_url_column(column), strict=True)
            ]
        base_column = self.plan.media_base_column
        for position in [position for position, found in enumerate(urls) if found is None]:
            base = self.settings.media_base_url
            if base_column is not None:
                base = (cell_text(self.cells[base_column][position]) or "").strip() or None
            urls[position], local = resolve_media(items_of_row(columns, position), base)
            if local:
                self.by_row.add(position)
        return urls

    def _zones(self) -> list[object]:
        zone = self.settings.document_zone
        if self.plan.timezone is None:
            return [zone] * self.count
        zones = typed_column(self.cells[self.plan.timezone])
        if zone is None:
            return zones
        return [zone if value is None else value for value in zones]

    def _legend_rows(
        self,
        captions: list[str | None],
        media: list[list[str] | None],
        profiles: list[CellProfiles],
        moments: list[list[object]],
        post_types: list[object],
    ) -> list[int]:
        """Return the positions of rows with nothing to post, among those mapped here."""
        return [
            position
            for position, caption in enumerate(captions)
            if caption is None
            and position not in self.by_row
            and not media[position]
            and not profiles[position].has_items
            and all(column[position] is None for column in moments)
            and post_types[position] is None
        ]

    def _drafts(
        self, post_types: list[object]
    ) -> tuple[list[RowReason | None] | None, list[object]]:
        """Return why each row is a draft (None: no row is), and the post types left.

        A post type that is a draft word makes its row a draft, unless the row already is
        one, and is itself dropped.
        """
        drafts: list[RowReason | None] | None = None
        if self.settings.draft:
            drafts = [default_draft_reason(self.settings.mapping_source)] * self.count
        elif (header := self.plan.draft) is not None:
            chosen = map_distinct(self.cells[header], read_draft_cell)
            self.by_row.update(position for position, value in enumerate(chosen) if value is None)
            drafts = map_distinct(
                self.cells[header],
                lambda value: cell_draft_reason(header, value) if read_draft_cell(value) else None,
            )
        if not self.plan.post_type:
            return drafts, post_types
        draft_words = map_distinct(post_types, is_draft_word)
        positions = [position for position, is_word in enumerate(draft_words) if is_word]
        if positions:
            post_types = list(post_types)
            drafts = drafts if drafts is not None else [None] * self.count
            # Rows repeat the same draft word, so each (column, word) gets one reason.
            reasons: dict[tuple[str, object], RowReason] = {}
            for position in positions:
                if drafts[position] is None:
                    header = self._post_type_header(position)
                    key = (header, post_types[position])
                    if key not in reasons:
                        reasons[key] = cell_draft_reason(header, post_types[position])
                    drafts[position] = reasons[key]
                post_types[position] = None
        return drafts, post_types

    def _post_type_header(self, position: int) -> str:
        """Return the first post-type column with a value in the row at `position`."""
        return next(
            header
            for header in self.plan.post_type
            if typed_column([self.cells[header][position]])[0] is not None
        )

    def _skip_reasons(
        self, profiles: list[CellProfiles], distinct: set[CellProfiles]
    ) -> list[tuple[RowReason, ...] | None]:
        """Return the skip reasons of each row, as `RowMapper` gives them, or None."""
        plan, rules = self.plan, self.settings.rules
        status, approval, posted = plan.status, plan.approval, plan.posted
        # Each cell's reason comes as a tuple of one, once per distinct cell, so a row
        # with a single reason shares that tuple with every row like it.
        reasons: list[list[tuple[RowReason, ...] | None]] = []
        if status is not None:
            reasons.append(
                map_distinct(
                    self.cells[status], lambda value: _one(status_reason(status, value, rules))
                )
            )
        if approval is not None:
            reasons.append(
                map_distinct(
                    self.cells[approval],
                    lambda value: _one(approval_reason(approval, value, rules)),
                )
            )
        if posted is not None:
            reasons.append(
                map_distinct(
                    self.cells[posted], lambda value: _one(posted_reason(posted, value, None))
                )
            )
        if any(found.null_reason is not None for found in distinct):
            null_reasons = {found: _one(found.null_reason) for found in distinct}
            reasons.append([null_reasons[found] for found in profiles])

        if not reasons:
            return [None] * self.count
        if len(reasons) == 1:
            return reasons[0]
        return [
            tuple(reason for found in row if found for reason in found) or None
            for row in zip(*reasons, strict=True)
        ]

    def _unmapped_names(
        self,
        profiles: list[CellProfiles],
        legend: list[int],
        skip_reasons: list[tuple[RowReason, ...] | None],
        drafts: list[RowReason | None] | None,
    ) -> list[UnmappedName]:
        """Return where each set of profile names without ids is first reported."""
        legend_rows = set(legend)
        reported: set[int] = set()
        names: list[UnmappedName] = []
        for position, found in enumerate(profiles):
            if not found.unmapped or id(found) in reported:
                continue
            if position in self.by_row or position in legend_rows:
                continue
            if skip_reasons[position] is not None or (
                drafts is not None and drafts[position] is not None
            ):
                continue
            reported.add(id(found))
            names += [(position, order, *name) for order, name in enumerate(found.unmapped)]
        return names

    def _merge(
        self, fields: dict[str, list[Any]], legend: list[int], unmapped: list[UnmappedName]
    ) -> MappedRows:
        """Put the records of the rows that RowMapper maps in their places, in row order.

        The lists in `fields`, one value per row, were made for this sheet, and are
        changed in place.
        """
        mapped = MappedRows(legend_rows=len(legend))
        row_mapped = MappedRows()
        # (position, first, end): where the records of a row mapped one at a time are in
        # row_mapped.columns. A legend row found here has none.
        spans = [(position, 0, 0) for position in legend]
        for position in sorted(self.by_row):
            first = len(row_mapped.columns[table.ROW])
            names_before = len(row_mapped.unmapped_names)
            cells = {header: column[position] for header, column in self.cells.items()}
            row = int(self.rows[position])
            RowMapper(row, cells, self.plan, self.settings, row_mapped).run()
            spans.append((position, first, len(row_mapped.columns[table.ROW])))
            new_names = islice(row_mapped.unmapped_names.items(), names_before, None)
            unmapped += [(position, order, *name) for order, name in enumerate(new_names)]
        spans.sort()
        mapped.legend_rows += row_mapped.legend_rows
        mapped.problems = row_mapped.problems
        for _, _, name, header in sorted(unmapped):
            mapped.unmapped_names.setdefault(name, header)

        counts = np.ones(self.count, dtype=np.int64)
        for position, first, end in spans:
            counts[position] = end - first
        mapped.arrays[table.ROW] = np.repeat(self.rows, counts)
        one_each = all(end - first == 1 for _, first, end in spans)
        for name, values in fields.items():
            records = row_mapped.columns[name]
            if one_each:
                # The usual case: each row mapped one at a time gave one record, which
                # takes its row's place without copying the column.
                for position, first, _ in spans:
                    values[position] = records[first]
            else:
                values = _splice(values, records, spans)
            mapped.arrays[name] = _object_array(values)
        return mapped


def _sent_profiles(
    profiles: list[CellProfiles], drafts: list[RowReason | None] | None
) -> list[list[str]]:
    # Each record gets a list of its own, as RowMapper gives it.
    if drafts is None:
        return [found.ids.copy() for found in profiles]
    return [
        [] if draft is not None else found.ids.copy()
        for found, draft in zip(profiles, drafts, strict=True)
    ]


def _splice(values: list[Any], records: list[Any], spans: list[tuple[int, int, int]]) -> list[Any]:
    """Replace the value at each span's position by the records in the span, in order."""
    spliced: list[Any] = []
    previous = 0
    for position, first, end in spans:
        spliced += values[previous:position]
        spliced += records[first:end]
        previous = position + 1
    spliced += values[previous:]
    return spliced


def _object_array(values: list[Any]) -> np.ndarray:
    # fromiter keeps each list of media or profiles as one cell, where np.array would
    # make a two-dimensional array of equal-length lists.
    return np.fromiter(values, dtype=object, count=len(values))


def _one(reason: RowReason | None) -> tuple[RowReason, ...] | None:
    return None if reason is None else (reason,)
