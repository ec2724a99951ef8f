"""`map_columns`: a sheet as typed becomes a table of posts under the field names."""

from __future__ import annotations

from calendar_loader import table
from calendar_loader.columns.cells import cell_text, is_empty
from calendar_loader.columns.column_records import map_rows
from calendar_loader.columns.headers import understood_names
from calendar_loader.columns.mapping import Mapping
from calendar_loader.columns.networks import profile_key
from calendar_loader.columns.plan import (
    ColumnPlan,
    HeaderIndex,
    apply_mapping,
    fill_from_aliases,
    settle_dates,
)
from calendar_loader.columns.presets import (
    HOOTSUITE,
    Preset,
    get_preset,
    looks_like_hootsuite,
    preset_names,
    recognise_preset,
)
from calendar_loader.columns.profiles import ProfileBook
from calendar_loader.columns.records import MappedRows, SheetSettings
from calendar_loader.columns.skipping import DEFAULT_RULES
from calendar_loader.errors import InputError, UsageError
from calendar_loader.problems import Problem, Severity
from calendar_loader.table import CalendarTable, RawSheet


def map_columns(
    raw: RawSheet, *, mapping: Mapping | None = None, preset: str | None = None
) -> CalendarTable:
    """Turn a sheet as typed into one record per post, under the field names of `table`.

    `preset` (from `--preset`) forces another tool's template by name; otherwise the
    mapping file's `preset:` does, or the headers are recognised. The mapping file's
    `columns:` override the preset, and header aliases fill what neither names.

    Raises UsageError for an unknown preset name, and InputError when the sheet has no
    caption and no media column, when the mapping names a column the sheet lacks, or
    when a forced preset does not fit the file. Row-level problems (unknown profiles,
    local media files) are `Problem`s in the table, and rows are never dropped, except
    blank and legend rows, which are counted in `blank_rows`.

    Example:
        table = map_columns(load_calendar(Path("april.csv"))[0], mapping=load_mapping(path))
    """
    chosen = _chosen_preset(raw, mapping, preset)
    wants_headerless = (mapping is not None and not mapping.header) or (
        chosen is not None and chosen.name == HOOTSUITE
    )
    if wants_headerless and not raw.headerless:
        if not raw.header:
            raise InputError(
                f"{raw.source} has no header row to read as data: header: false and the "
                "Hootsuite preset apply only to CSV and Excel files.",
                source=raw.source,
            )
        # Imported here because the loading package imports nothing from this one.
        from calendar_loader.loading import headerless

        raw = headerless(raw)

    index = HeaderIndex([str(column) for column in raw.frame.columns if column != table.ROW])
    if chosen is None:
        chosen = recognise_preset(index)
    elif chosen.name != HOOTSUITE and not chosen.recognise(index):
        raise InputError(
            f"{raw.source} is not a {chosen.info.tool} bulk file: its headers are "
            f"{', '.join(index.headers)}, and the {chosen.info.tool} template has "
            f"{', '.join(chosen.info.columns)}. Leave out --preset to read it as a calendar.",
            source=raw.source,
        )

    plan = chosen.build(index) if chosen else ColumnPlan()
    plan.preset = chosen.name if chosen else None
    if mapping is not None:
        apply_mapping(plan, mapping, index, raw.source)
    if chosen is None:
        fill_from_aliases(plan, raw.frame, index)
    settle_dates(plan)
    if not plan.has_content():
        raise InputError(_no_content_message(raw.source, index.headers), source=raw.source)

    mapped = map_rows(raw.frame, plan, _settings(raw, mapping))
    # A row the loader could not read right (a missing comma shifts its cells) already
    # has its error. Problems found in its shifted cells would only mislead.
    unreadable = {problem.row for problem in raw.problems if problem.is_error and problem.row}
    row_problems = [problem for problem in mapped.problems if problem.row not in unreadable]
    used = set(plan.used())
    unused = [header for header in index.headers if header not in used]
    file_problems = _file_problems(raw, plan, chosen, unused, mapped)
    return CalendarTable(
        source=raw.source,
        sheet=raw.sheet,
        frame=mapped.frame(),
        columns=plan.describe(),
        problems=[*raw.problems, *file_problems, *row_problems],
        preset=plan.preset,
        ignored_columns=unused,
        blank_rows=raw.blank_rows + mapped.legend_rows,
        default_timezone=mapping.default_timezone if mapping else None,
        default_time=mapping.default_time if mapping else None,
    )


def _chosen_preset(raw: RawSheet, mapping: Mapping | None, forced: str | None) -> Preset | None:
    name = forced or (mapping.preset if mapping else None)
    if name is not None:
        chosen = get_preset(name)
        if chosen is None:
            raise UsageError(
                f'Unknown preset "{name}": the presets are {", ".join(preset_names())} '
                "(calendar-loader presets lists their columns)."
            )
        return chosen
    if (mapping is None or mapping.header) and looks_like_hootsuite(raw):
        return get_preset(HOOTSUITE)
    return None


def _settings(raw: RawSheet, mapping: Mapping | None) -> SheetSettings:
    if mapping is None:
        return SheetSettings(
            source=raw.source,
            sheet=raw.sheet,
            mapping_source="a mapping file",
            book=ProfileBook(None),
            rules=DEFAULT_RULES,
        )
    return SheetSettings(
        source=raw.source,
        sheet=raw.sheet,
        mapping_source=mapping.source,
        book=ProfileBook(mapping.profiles),
        rules=mapping.skip_rules,
        default_profiles=tuple(mapping.defaults.profiles),
        draft=mapping.defaults.draft,
        media_base_url=mapping.media_base_url,
        document_zone=_document_zone(raw, mapping),
    )


def _document_zone(raw: RawSheet, mapping: Mapping) -> str | None:
    path = mapping.timezone_from
    if path is None:
        return None
    value: object = raw.document
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    text = cell_text(value)
    if text is None:
        raise InputError(
            f"{mapping.where('defaults', 'timezone')} reads the time zone from {path}, but "
            f"{raw.source} has no value there. Write the zone itself instead, such as "
            "timezone: Europe/Paris.",
            source=raw.source,
        )
    return text.strip()


def _no_content_message(source: str, headers: list[str]) -> str:
    return (
        f"{source} has no caption column and no media column, so it contains no post. "
        f"Its headers are: {', '.join(headers) or '(none)'}. "
        f"A caption column is understood under the names {understood_names(table.CAPTION)}; "
        f"a media column under {understood_names(table.MEDIA)} "
        "(case, spaces and punctuation do not matter). To read other columns, name them "
        f"in a mapping file given with --map FILE: `calendar-loader init-map {source}` "
        "writes a starting one."
    )


def _file_problems(
    raw: RawSheet,
    plan: ColumnPlan,
    chosen: Preset | None,
    unused: list[str],
    mapped: MappedRows,
) -> list[Problem]:
    problems: list[Problem] = []

    def warn(code: str, message: str) -> None:
        problems.append(
            Problem(
                source=raw.source,
                sheet=raw.sheet,
                row=None,
                column=None,
                code=code,
                message=message,
                severity=Severity.WARNING,
            )
        )

    if chosen is None and unused:
        warn(
            "unknown-column",
            f"These columns feed no field, so nothing in them is sent: {', '.join(unused)}. "
            "To use one, for example in the caption, name it in a mapping file (--map).",
        )
    if chosen is not None:
        with_values = [
            header
            for header in unused
            if not all(is_empty(value) for value in raw.frame[header].tolist())
        ]
        if with_values:
            warn(
                "column-not-sent",
                f"An Ocoya post cannot carry these {chosen.info.tool} columns, so they are "
                f"not sent: {', '.join(with_values)}.",
            )
    if mapped.unmapped_names:
        names = list(mapped.unmapped_names)
        headers = sorted({header for header in mapped.unmapped_names.values() if header})
        if len(headers) == 1:
            where = f"The column {headers[0]} names"
        elif headers:
            where = f"The columns {', '.join(headers)} name"
        else:
            where = "The calendar names"
        example = profile_key(names[0])
        warn(
            "profiles-not-mapped",
            f"{where} the profiles {', '.join(names)}, but no mapping file gives their "
            "Ocoya profile ids, so these posts become drafts (Ocoya makes a post without "
            "profiles a draft). To schedule them, list the ids in a mapping file, for "
            f"example profiles: {{{example}: <profile id>}}.",
        )
    return problems
