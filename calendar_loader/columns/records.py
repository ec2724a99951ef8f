"""Rows to records: one record per post, under the field names of `calendar_loader.table`.

A row usually gives one record. A row with a caption per network (`x:`, `linkedin:`)
gives one record per network, with `variant` set to the network. A row with nothing to
post (no caption, media, date, profile or post type, as in a legend under the calendar)
gives none and is counted.

`RowMapper` maps one row at a time and is the reference for these rules.
`column_records.map_rows` maps whole columns at once and hands it only the rows that
need it: rows with network captions and rows with problems to report.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import NamedTuple

import numpy as np
import pandas as pd

from calendar_loader import table
from calendar_loader.columns.cells import cell_text, is_empty, split_items, typed
from calendar_loader.columns.drafts import (
    cell_draft_reason,
    default_draft_reason,
    is_draft_word,
    read_draft_cell,
)
from calendar_loader.columns.media import LocalMedia, resolve_media
from calendar_loader.columns.networks import flag_value, profile_key
from calendar_loader.columns.plan import ColumnPlan
from calendar_loader.columns.profiles import ProfileBook, RowProfiles
from calendar_loader.columns.skipping import (
    SkipRules,
    approval_reason,
    null_profiles_reason,
    posted_reason,
    status_reason,
)
from calendar_loader.problems import Problem, Severity, shorten
from calendar_loader.table import RowReason


@dataclass(frozen=True)
class SheetSettings:
    """Settings of the mapping file, or their defaults, for every row of a sheet."""

    source: str
    sheet: str | None
    mapping_source: str
    book: ProfileBook
    rules: SkipRules
    default_profiles: tuple[str, ...] = ()
    draft: bool = False
    media_base_url: str | None = None
    document_zone: str | None = None


@dataclass
class MappedRows:
    """The records of a sheet, column-wise, with the problems their rows raised."""

    columns: dict[str, list[object]] = field(
        default_factory=lambda: {name: [] for name in (table.ROW, *table.FIELDS)}
    )
    problems: list[Problem] = field(default_factory=list)
    legend_rows: int = 0
    # Names that no mapping file turned into ids, with the header they came from.
    unmapped_names: dict[str, str] = field(default_factory=dict)
    # Whole columns as object arrays, built at once. `frame()` prefers them to `columns`.
    arrays: dict[str, np.ndarray] = field(default_factory=dict)

    def frame(self) -> pd.DataFrame:
        arrays = dict(self.arrays)
        for name, values in self.columns.items():
            if name not in arrays:
                # fromiter keeps each list of media or profiles as one cell, where
                # np.array would make a two-dimensional array of equal-length lists.
                arrays[name] = np.fromiter(values, dtype=object, count=len(values))
        data = {table.ROW: pd.Series(arrays[table.ROW], dtype="int64")}
        for name in table.FIELDS:
            data[name] = pd.Series(arrays[name], dtype=object, copy=False)
        return pd.DataFrame(data)


class Token(NamedTuple):
    """One profile item of a row: its text, whether it must be a name, and its column."""

    text: str
    names_only: bool
    header: str


class RowMapper:
    """Map one row of a sheet into `mapped`.

    `run()` appends the row's records to `mapped.columns` and its problems to
    `mapped.problems`. A legend row only adds one to `mapped.legend_rows`.
    """

    def __init__(
        self,
        row: int,
        cells: dict[str, object],
        plan: ColumnPlan,
        settings: SheetSettings,
        mapped: MappedRows,
    ) -> None:
        self.row = row
        self.cells = cells
        self.plan = plan
        self.settings = settings
        self.mapped = mapped
        # Problems of the row's own cells, reported unless every record of it is skipped.
        self.problems: list[Problem] = []

    def cell(self, header: str | None) -> object:
        return None if header is None else self.cells.get(header)

    def run(self) -> None:
        plan = self.plan
        shared_caption = self._caption()
        media_items = [
            (item, header) for header in plan.media for item in split_items(self.cells[header])
        ]
        tokens = self._tokens()
        moments = {
            name: typed(self.cell(getattr(plan, name)))
            for name in (table.SCHEDULED_AT, table.DATE, table.TIME)
        }
        variants = {
            name: text
            for name, header in plan.variants.items()
            if (text := cell_text(self.cells[header])) is not None and text.strip()
        }
        post_type_header, post_type = next(
            (
                (header, value)
                for header in plan.post_type
                if not is_empty(value := self.cells[header])
            ),
            (None, None),
        )
        has_content = shared_caption is not None or variants or media_items or tokens
        has_moment = any(value is not None for value in moments.values())
        if not has_content and not has_moment and post_type is None:
            self.mapped.legend_rows += 1
            return

        draft_reason = self._draft_reason()
        if post_type_header is not None and is_draft_word(post_type):
            if draft_reason is None:
                draft_reason = cell_draft_reason(post_type_header, post_type)
            post_type = None
        draft = draft_reason is not None
        urls, local = self._media([item for item, _ in media_items])
        link = cell_text(self.cell(plan.link))

        unskipped: list[str | None] = []
        for variant, caption, record_tokens in self._records(shared_caption, variants, tokens):
            profiles = self._profiles(record_tokens)
            skip_reason = self._skip_reason(variant, profiles, record_tokens)
            if skip_reason is None:
                unskipped.append(variant)
                self._report_profiles(profiles, record_tokens, draft, variant)
            self._append(
                {
                    table.CAPTION: with_link(caption, link),
                    table.MEDIA: list(urls),
                    table.PROFILES: [] if draft or profiles.unmapped else profiles.ids,
                    **moments,
                    table.TIMEZONE: self._zone(),
                    table.POST_TYPE: post_type,
                    table.VARIANT: variant,
                    table.SKIP_REASON: skip_reason,
                    table.DRAFT_REASON: draft_reason,
                }
            )

        if unskipped:
            # Problems of the row's own cells concern every record that will be posted.
            # The checks read a problem without a variant as one of each record of its row.
            variant = unskipped[0] if len(unskipped) == 1 else None
            media_header = {item: header for item, header in media_items}
            for problem in self.problems:
                self._add(problem, variant)
            for item in local:
                self._add(self._local_media(item, media_header.get(item.item)), variant)

    def _records(
        self, shared_caption: str | None, variants: dict[str, str], tokens: list[Token]
    ) -> list[tuple[str | None, str | None, list[Token]]]:
        """Split a row into (variant, caption, profile items), one per record."""
        if not variants:
            return [(None, shared_caption, tokens)]
        records: list[tuple[str | None, str | None, list[Token]]] = [
            (name, text, [Token(name, True, self.plan.variants[name])])
            for name, text in variants.items()
        ]
        own = [token for token in tokens if profile_key(token.text) not in variants]
        # NOTE: the checks read a problem without a variant as one of every record of its
        # row, so a profile problem of this shared record shows on the network records too.
        if own and shared_caption is not None:
            records.append((None, shared_caption, own))
        return records

    def _skip_reason(
        self, variant: str | None, profiles: RowProfiles, tokens: list[Token]
    ) -> tuple[RowReason, ...] | None:
        plan = self.plan
        reasons = []
        if plan.status:
            reasons.append(status_reason(plan.status, self.cells[plan.status], self._rules))
        if plan.approval:
            reasons.append(approval_reason(plan.approval, self.cells[plan.approval], self._rules))
        if plan.posted:
            reasons.append(posted_reason(plan.posted, self.cells[plan.posted], variant))
        headers = [token.header for token in tokens]
        reasons.append(null_profiles_reason(profiles, headers, self.settings.mapping_source))
        return tuple(reason for reason in reasons if reason) or None

    @property
    def _rules(self) -> SkipRules:
        return self.settings.rules

    def _caption(self) -> str | None:
        if self.plan.caption_template is not None:
            return self.plan.caption_template.render(self.cells)
        text = cell_text(self.cell(self.plan.caption))
        return text if text is not None and text.strip() else None

    def _tokens(self) -> list[Token]:
        tokens, invalid_flags = row_tokens(self.plan, self.cells)
        for header, text in invalid_flags:
            self._problem(
                header,
                "invalid-profile-flag",
                f'{header} is "{shorten(text)}", which is neither true nor false: '
                "write true to post to this profile, or false.",
                text,
            )
        return tokens

    def _draft_reason(self) -> RowReason | None:
        """Return why the mapping file or the draft cell makes the row a draft, if they do."""
        if self.settings.draft:
            return default_draft_reason(self.settings.mapping_source)
        header = self.plan.draft
        if header is None:
            return None
        value = self.cells[header]
        chosen = read_draft_cell(value)
        if chosen is None:
            text = cell_text(value) or ""
            self._problem(
                header,
                "invalid-draft-flag",
                f'{header} is "{shorten(text)}", which is neither true nor false: write true '
                "to create the post as a draft, or false to schedule it.",
                text,
            )
            return None
        return cell_draft_reason(header, value) if chosen else None

    def _media(self, items: list[str]) -> tuple[list[str], list[LocalMedia]]:
        base = self.settings.media_base_url
        if self.plan.media_base_column is not None:
            base = (cell_text(self.cells[self.plan.media_base_column]) or "").strip() or None
        return resolve_media(items, base)

    def _profiles(self, tokens: list[Token]) -> RowProfiles:
        return resolve_profiles(tokens, self.plan, self.settings)

    def _zone(self) -> object:
        zone = typed(self.cell(self.plan.timezone))
        return zone if zone is not None else self.settings.document_zone

    def _report_profiles(
        self, profiles: RowProfiles, tokens: list[Token], draft: bool, variant: str | None
    ) -> None:
        header_of = {token.text: token.header for token in tokens}
        if draft:
            # A draft needs no profile ids, so names without one are no problem there.
            return
        for name in profiles.unknown:
            key = profile_key(name)
            message = (
                f'The profile "{shorten(name)}" has no Ocoya profile id in '
                f"{self.settings.mapping_source}: add `{key}: <profile id>` under profiles: "
                f"there, or `{key}: null` to skip its posts."
            )
            self._add(self._make(header_of.get(name), "unknown-profile", message, name), variant)
        for name in profiles.unmapped:
            self.mapped.unmapped_names.setdefault(name, header_of.get(name) or "")

    def _local_media(self, item: LocalMedia, header: str | None) -> Problem:
        if item.absolute:
            advice = (
                "is a path on this computer, and Ocoya only fetches public URLs: upload "
                "the file somewhere public and write its URL."
            )
        else:
            advice = (
                "is a file name, not a URL, and Ocoya only fetches public URLs: upload the "
                "file somewhere public and write its URL, or set media_base_url in the "
                "mapping file to the public folder that contains it."
            )
        return self._make(
            header, "local-media", f'The media "{shorten(item.item)}" {advice}', item.item
        )

    def _problem(self, header: str, code: str, message: str, value: str) -> None:
        self.problems.append(self._make(header, code, message, value))

    def _make(self, header: str | None, code: str, message: str, value: str) -> Problem:
        return Problem(
            source=self.settings.source,
            sheet=self.settings.sheet,
            row=self.row,
            column=header,
            code=code,
            message=message,
            value=shorten(value),
            severity=Severity.ERROR,
        )

    def _add(self, problem: Problem, variant: str | None) -> None:
        if variant is not None:
            problem = replace(problem, variant=variant)
        self.mapped.problems.append(problem)

    def _append(self, record: dict[str, object]) -> None:
        self.mapped.columns[table.ROW].append(self.row)
        for name in table.FIELDS:
            self.mapped.columns[name].append(record[name])


def row_tokens(
    plan: ColumnPlan, cells: dict[str, object]
) -> tuple[list[Token], list[tuple[str, str]]]:
    """Return a row's profile items, and the flag cells that are neither true nor false.

    Each such flag cell is given as (header, text). Only `cells` of the plan's profiles,
    platforms and profile flags are read.
    """
    tokens = [
        Token(item, False, header)
        for header in plan.profiles
        for item in split_items(cells[header])
    ]
    tokens += [
        Token(item, True, header)
        for header in plan.platforms
        for item in split_items(cells[header])
    ]
    invalid_flags: list[tuple[str, str]] = []
    for header, name in plan.profile_flags.items():
        value = cells[header]
        text = cell_text(value)
        if text is None:
            continue
        chosen = value if isinstance(value, bool) else flag_value(text)
        if chosen is None:
            invalid_flags.append((header, text))
        elif chosen:
            tokens.append(Token(name, True, header))
    return tokens, invalid_flags


def resolve_profiles(tokens: list[Token], plan: ColumnPlan, settings: SheetSettings) -> RowProfiles:
    """Turn a record's profile items into ids, with the mapping's defaults when it has none."""
    book = settings.book
    profiles = RowProfiles()
    for token in tokens:
        book.resolve(token.text, names_only=token.names_only, into=profiles)
    if not tokens and settings.default_profiles:
        for name in settings.default_profiles:
            book.resolve(name, names_only=False, into=profiles)
    elif not tokens and plan.network:
        book.resolve(plan.network, names_only=True, into=profiles)
    return profiles


def with_link(caption: str | None, link: str | None) -> str | None:
    """Append a link after a blank line, unless the caption already contains it."""
    link = link.strip() if link else None
    if not link:
        return caption
    if caption is None:
        return link
    if link in caption:
        return caption
    return f"{caption.rstrip()}\n\n{link}"
