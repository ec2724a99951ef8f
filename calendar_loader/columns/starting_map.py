"""`calendar-loader init-map`: a commented starting mapping file for a calendar.

Each field is filled in where a header names it, and every other column is listed in a
comment. `# TODO decide:` marks what only a person can know, such as profile ids, the
time zone and the public folder of media files. The file loads as it is written,
because what needs deciding stays commented out until someone fills it in.
"""

from __future__ import annotations

import yaml

from calendar_loader import table
from calendar_loader.columns.cells import split_items
from calendar_loader.columns.headers import ALIASES, header_key, is_hashtag_header, role_of
from calendar_loader.columns.media import resolve_media
from calendar_loader.columns.networks import ALL_WORDS, profile_key
from calendar_loader.columns.plan import (
    ColumnPlan,
    HeaderIndex,
    fill_from_aliases,
    settle_dates,
)
from calendar_loader.columns.presets import HOOTSUITE, get_preset, looks_like_hootsuite
from calendar_loader.columns.presets import recognise_preset as recognise
from calendar_loader.table import RawSheet

_ID_PLACEHOLDER = '"<Ocoya profile id>"'


def write_starting_map(raw: RawSheet) -> str:
    """Return the text of a commented YAML mapping file for `raw`, guessed from its headers."""
    index = HeaderIndex([str(column) for column in raw.frame.columns if column != table.ROW])
    preset = get_preset(HOOTSUITE) if looks_like_hootsuite(raw) else recognise(index)
    lines = [
        f"# Mapping file for {raw.source}, written by `calendar-loader init-map`.",
        "# It names the column that feeds each part of a post. Check each line, settle every",
        '# "TODO decide", then save it as calendar-loader.yaml beside the calendar (read',
        "# by default) or give it with --map FILE.",
        "",
    ]
    if preset is not None:
        plan = preset.build(index) if preset.name != HOOTSUITE else ColumnPlan()
        lines += [
            f"# The headers are those of a {preset.info.tool} bulk file, so its preset",
            "# reads the columns. Name a column under columns: to read it otherwise.",
            f"preset: {preset.name}",
            "",
        ]
    else:
        plan = ColumnPlan()
        fill_from_aliases(plan, raw.frame, index)
        settle_dates(plan)
        lines += _columns_section(plan, index, headerless=raw.headerless)
    lines += _profiles_section(raw, plan)
    lines += _defaults_section(raw, plan)
    lines += _media_section(raw, plan)
    return "\n".join(lines).rstrip("\n") + "\n"


def _columns_section(plan: ColumnPlan, index: HeaderIndex, *, headerless: bool) -> list[str]:
    lines = ["columns:"]
    if headerless:
        lines += [
            "  # The file has no header row: its columns are named by number, such as",
            "  # caption: 2 for the second column.",
        ]
    lines += _caption_lines(plan, index)
    lines += _field_lines(plan)
    lines.append("")

    used = set(plan.used())
    unused = [header for header in index.headers if header not in used]
    if unused:
        lines.append("# Columns that feed no field, so nothing in them is sent. To use one,")
        lines.append("# name it under columns:, for example in the caption template.")
        lines += [f"#   {header}" for header in unused]
        lines.append("")
    return lines


def _caption_lines(plan: ColumnPlan, index: HeaderIndex) -> list[str]:
    """Write the caption line, guessing a column such as `Caption (FR)` if none is known.

    A guessed column is put in `plan`, so that it is not listed as unused.
    """
    guessed = plan.caption is None and not plan.variants and plan.caption_template is None
    if guessed:
        plan.caption = _loose_caption(index, plan)
    if plan.caption is None:
        if plan.variants:
            return []
        return [
            "  # TODO decide: no column was recognised as the caption. Name it, or join",
            '  # several columns with a template such as "{Title}\\n\\n{Hashtags}".',
            "  # caption: <column>",
        ]

    lines = [f"  caption: {_scalar(plan.caption)}"]
    if guessed:
        lines += [
            "  # TODO decide: guessed from the header's name. Check that this column",
            "  # contains the post text.",
        ]
    hashtags = [header for header in index.headers if is_hashtag_header(header)]
    if hashtags:
        template = "{" + plan.caption + "}\\n\\n{" + hashtags[0] + "}"
        lines += [
            f"  # TODO decide: add the {hashtags[0]} column to the caption with a template:",
            f'  # caption: "{template}"',
        ]
    return lines


def _field_lines(plan: ColumnPlan) -> list[str]:
    lists = {
        "media": plan.media,
        "profiles": plan.profiles,
        "platforms": plan.platforms,
        "post_type": plan.post_type,
        "profile_flags": list(plan.profile_flags),
    }
    lines = [line for name, headers in lists.items() for line in _list_lines(name, headers)]
    if plan.variants:
        lines.append("  variants:")
        lines += [
            f"    {_scalar(name)}: {_scalar(header)}" for name, header in plan.variants.items()
        ]

    singles = {
        "scheduled_at": plan.scheduled_at,
        "date": plan.date,
        "time": plan.time,
        "timezone": plan.timezone,
        "link": plan.link,
        "status": plan.status,
        "approval": plan.approval,
        "draft": plan.draft,
        "posted": plan.posted,
    }
    lines += [f"  {name}: {_scalar(header)}" for name, header in singles.items() if header]
    if plan.status or plan.approval:
        lines += [
            "  # Rows whose status means posted or not ready, and rows not approved, are",
            "  # skipped. The word lists can be replaced under skip: (done, not_ready,",
            "  # not_approved).",
        ]
    return lines


def _loose_caption(index: HeaderIndex, plan: ColumnPlan) -> str | None:
    """Guess a caption column whose name starts with an alias, such as `Caption (FR)`."""
    used = set(plan.used())
    prefixes = [header_key(alias) for alias in ALIASES[table.CAPTION] if len(alias) >= 4]
    for header in index.headers:
        key = header_key(header)
        if header not in used and any(key.startswith(prefix) for prefix in prefixes):
            return header
    return None


def _list_lines(name: str, headers: list[str]) -> list[str]:
    if not headers:
        return []
    if len(headers) == 1:
        return [f"  {name}: {_scalar(headers[0])}"]
    return [f"  {name}:", *(f"    - {_scalar(header)}" for header in headers)]


def _profiles_section(raw: RawSheet, plan: ColumnPlan) -> list[str]:
    names: dict[str, None] = {}
    for header in plan.platforms:
        for value in raw.frame[header].tolist():
            names.update((profile_key(item), None) for item in split_items(value))
    names.update((name, None) for name in plan.profile_flags.values())
    names.update((name, None) for name in plan.variants)
    if plan.network:
        names[plan.network] = None
    has_all_word = any(name in ALL_WORDS for name in names)
    names = {name: None for name in names if name not in ALL_WORDS}
    lines = [
        "# TODO decide: the Ocoya profile id of each profile the calendar names. A post",
        "# whose profiles have no id yet is made as a draft. Set a profile to null to",
        "# skip its posts.",
        "profiles:",
    ]
    lines += [f"  # {_scalar(name)}: {_ID_PLACEHOLDER}" for name in names]
    if has_all_word:
        members = ", ".join(_scalar(name) for name in names) or "<profile names>"
        lines.append(f"  # all: [{members}]   # what `all` in the calendar means")
    if not names:
        lines.append("  # instagram: " + _ID_PLACEHOLDER)
    lines.append("")
    return lines


def _defaults_section(raw: RawSheet, plan: ColumnPlan) -> list[str]:
    lines = ["defaults:"]
    if plan.time is None:
        lines += [
            "  # TODO decide: the time of day for rows that give a date but no time.",
            '  # time: "09:00"',
        ]
    if plan.timezone is None:
        found = _document_zone_path(raw.document)
        lines.append("  # TODO decide: the IANA time zone of the calendar's times.")
        if found:
            lines.append(f"  # timezone: {{from: {found}}}")
        lines.append("  # timezone: Europe/Paris")
    if not plan.profiles and not plan.platforms and not plan.profile_flags and not plan.variants:
        lines += [
            "  # TODO decide: the profiles every post goes to (names listed under",
            "  # profiles:, or Ocoya profile ids).",
            "  # profiles: [instagram]",
        ]
    lines += ["  draft: false", ""]
    return lines


def _media_section(raw: RawSheet, plan: ColumnPlan) -> list[str]:
    items = [
        item
        for header in plan.media
        for value in raw.frame[header].tolist()
        for item in split_items(value)
    ]
    _, local = resolve_media(items, None)
    if not any(not item.absolute for item in local):
        return []
    return [
        "# TODO decide: the media column contains file names, and Ocoya only fetches public",
        "# URLs. Upload the files to one public folder and give its URL here:",
        "# media_base_url: https://example.com/calendar-media/",
        "",
    ]


def _document_zone_path(document: object) -> str | None:
    """Find a time-zone key in a YAML or JSON document, such as `meta.timezone`."""
    if not isinstance(document, dict):
        return None
    for key, value in document.items():
        if role_of(str(key)) == table.TIMEZONE and isinstance(value, str):
            return str(key)
        if isinstance(value, dict):
            for inner, inner_value in value.items():
                if role_of(str(inner)) == table.TIMEZONE and isinstance(inner_value, str):
                    return f"{key}.{inner}"
    return None


def _scalar(text: str) -> str:
    """Write text as a YAML scalar, quoted only when YAML would misread it."""
    dumped = yaml.safe_dump(text, allow_unicode=True, width=10_000)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()
