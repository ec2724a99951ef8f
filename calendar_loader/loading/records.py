"""Find the posts in a parsed YAML or JSON document and lay them out as a `RawSheet`.

Accepted shapes:
  - a list of records;
  - a mapping with a `posts:` list and an optional `defaults:` mapping, whose values
    every record gets unless it sets them itself;
  - with `records_path` such as `weeks[].posts[]`, the records found along that path
    (keys separated by dots, `[]` steps into every item of a list).
A record is a mapping, or a list of single-key mappings read as one mapping. Columns are
the union of the records' keys in first-seen order, and a missing key is None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from calendar_loader.errors import InputError, UsageError
from calendar_loader.loading.grid import make_frame, unique_name
from calendar_loader.problems import Problem, Severity, shorten
from calendar_loader.table import ROW, RawSheet

_PATH_SEGMENT = re.compile(r"(?P<key>[^.\[\]]*)(?P<expand>\[\])?")


@dataclass
class Positions:
    """Line numbers (1-based) of the lists and mappings of a document, keyed by `id()`.

    The document must stay alive while the positions are used, so that ids stay unique.
    """

    lines: dict[int, int] = field(default_factory=dict)  # where a list or mapping starts
    item_lines: dict[int, list[int]] = field(default_factory=dict)  # where each item starts

    def line_of(self, value: object) -> int | None:
        return self.lines.get(id(value))

    def item_line(self, items: list[object], index: int) -> int | None:
        lines = self.item_lines.get(id(items))
        return lines[index] if lines is not None and index < len(lines) else None


@dataclass(frozen=True)
class Terms:
    """The words a message uses for the file's containers: YAML and JSON name them differently."""

    mapping: str
    sequence: str

    @property
    def a_mapping(self) -> str:
        return _with_article(self.mapping)

    @property
    def a_sequence(self) -> str:
        return _with_article(self.sequence)


YAML_TERMS = Terms("mapping", "list")
JSON_TERMS = Terms("object", "array")


@dataclass(frozen=True)
class _Found:
    value: object
    label: str  # "posts[3]", "weeks[0].posts[2]"
    line: int


def sheet_from_document(
    document: object,
    positions: Positions,
    *,
    source: str,
    terms: Terms,
    records_path: str | None = None,
) -> RawSheet:
    """Lay out the records of a document as a sheet; `_row` is the line where each starts.

    Raises InputError when the document has another shape, or a record is not a mapping.
    Raises UsageError when `records_path` is not a valid path.
    """
    if document is None:
        raise InputError(
            f"{source} contains no posts: the file is empty. Write {terms.a_sequence} of posts.",
            source=source,
        )
    defaults: dict[str, object] = {}
    if records_path is not None:
        found = _follow_path(document, records_path, positions, source, terms)
    elif isinstance(document, list):
        found = _items(document, "", 1, positions)
    elif isinstance(document, dict) and "posts" in document:
        found, defaults = _posts_and_defaults(document, positions, source, terms)
    else:
        raise InputError(_shape_message(document, source, terms), source=source)

    records: list[dict[str, object]] = []
    row_numbers: list[int] = []
    blank_rows = 0
    for item in found:
        record = _as_mapping(item, positions, source, terms)
        if all(value is None for value in record.values()):
            blank_rows += 1
            continue
        records.append({**defaults, **record} if defaults else record)
        row_numbers.append(item.line)

    names: dict[str, None] = {}
    for record in records:
        names.update(dict.fromkeys(record))
    columns = [[record.get(name) for record in records] for name in names]
    frame_names = list(names)
    problems: list[Problem] = []
    if ROW in names:
        renamed = unique_name(ROW, set(names))
        frame_names[frame_names.index(ROW)] = renamed
        problems.append(_reserved_key_problem(source, renamed))
    return RawSheet(
        source=source,
        sheet=None,
        frame=make_frame(frame_names, columns, row_numbers),
        problems=problems,
        blank_rows=blank_rows,
        document=document,
    )


def _items(values: list[object], label: str, line: int, positions: Positions) -> list[_Found]:
    return [
        _Found(item, f"{label}[{index}]", positions.item_line(values, index) or line)
        for index, item in enumerate(values)
    ]


def _posts_and_defaults(
    document: dict[str, object], positions: Positions, source: str, terms: Terms
) -> tuple[list[_Found], dict[str, object]]:
    posts = document["posts"]
    defaults = document.get("defaults")
    line = positions.line_of(document) or 1
    if posts is None:
        posts = []
    if not isinstance(posts, list):
        raise InputError(
            f"{source}: “posts” must be {terms.a_sequence} of posts, but it is "
            f"{_describe(posts, terms)}.",
            source=source,
        )
    if defaults is None:
        defaults = {}
    if not isinstance(defaults, dict):
        raise InputError(
            f"{source}: “defaults” must be {terms.a_mapping} of field: value, but it is "
            f"{_describe(defaults, terms)}.",
            source=source,
        )
    return _items(posts, "posts", positions.line_of(posts) or line, positions), defaults


def _as_mapping(item: _Found, positions: Positions, source: str, terms: Terms) -> dict[str, object]:
    value = item.value
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    if isinstance(value, list):
        return _merge_pairs(value, item, positions, source, terms)
    raise InputError(
        f"{source}, line {item.line}: the record {item.label} is {_describe(value, terms)}, but "
        f"each post must be {terms.a_mapping} of field: value, such as “caption: Hello”.",
        source=source,
    )


def _merge_pairs(
    pairs: list[object], item: _Found, positions: Positions, source: str, terms: Terms
) -> dict[str, object]:
    """Read a record written as a list of single-key mappings (`- caption: Hi`) as one."""
    merged: dict[str, object] = {}
    for index, pair in enumerate(pairs):
        line = positions.item_line(pairs, index) or item.line
        if not isinstance(pair, dict) or len(pair) != 1:
            raise InputError(
                f"{source}, line {line}: the record {item.label} is {terms.a_sequence}, so each "
                f"of its items must be one “field: value” pair, but item {index + 1} is "
                f"{_describe(pair, terms)}.",
                source=source,
            )
        ((key, value),) = pair.items()
        if key in merged:
            raise InputError(
                f"{source}, line {line}: the key “{key}” appears twice in the record "
                f"{item.label}. Remove or rename one of them.",
                source=source,
            )
        merged[key] = value
    return merged


def _follow_path(
    document: object, path: str, positions: Positions, source: str, terms: Terms
) -> list[_Found]:
    segments = _parse_path(path)
    current = [_Found(document, "", positions.line_of(document) or 1)]
    for key, expand in segments:
        following: list[_Found] = []
        for found in current:
            if key:
                found = _step_into(found, key, path, positions, source, terms)
            if not expand:
                following.append(found)
                continue
            if found.value is None:
                continue  # an empty list written as `posts:` contains no records
            if not isinstance(found.value, list):
                raise InputError(
                    f"{source}, line {found.line}: the records path {path} expects "
                    f"{terms.a_sequence} at {found.label or 'the top level'}, but it is "
                    f"{_describe(found.value, terms)}.",
                    source=source,
                )
            following.extend(_items(found.value, found.label, found.line, positions))
        current = following
    if not segments[-1][1]:
        # A path ending in a key (`posts`) means the records of the list found there.
        expanded: list[_Found] = []
        for found in current:
            if isinstance(found.value, list):
                expanded.extend(_items(found.value, found.label, found.line, positions))
            else:
                expanded.append(found)
        current = expanded
    return current


def _step_into(
    found: _Found, key: str, path: str, positions: Positions, source: str, terms: Terms
) -> _Found:
    where = found.label or "the top level"
    if not isinstance(found.value, dict):
        raise InputError(
            f"{source}, line {found.line}: the records path {path} expects {terms.a_mapping} "
            f"with the key “{key}” at {where}, but it is {_describe(found.value, terms)}.",
            source=source,
        )
    if key not in found.value:
        keys = ", ".join(str(name) for name in found.value) or "none"
        raise InputError(
            f"{source}, line {found.line}: the records path {path} expects the key “{key}” at "
            f"{where}, which has the keys: {keys}.",
            source=source,
        )
    value = found.value[key]
    label = f"{found.label}.{key}" if found.label else key
    return _Found(value, label, positions.line_of(value) or found.line)


def _parse_path(path: str) -> list[tuple[str, bool]]:
    segments: list[tuple[str, bool]] = []
    for text in path.split("."):
        match = _PATH_SEGMENT.fullmatch(text.strip())
        if match is None or not (match.group("key") or match.group("expand")):
            raise UsageError(
                f"Invalid records path “{path}”: write keys separated by dots, with [] after "
                "a key whose value is a list to take every item, for example weeks[].posts[]."
            )
        segments.append((match.group("key"), match.group("expand") is not None))
    return segments


def _shape_message(document: object, source: str, terms: Terms) -> str:
    expected = (
        f"{source}: expected {terms.a_sequence} of posts, or {terms.a_mapping} with a “posts” "
        f"{terms.sequence} (and optional “defaults”), but the file holds "
        f"{_describe(document, terms)}."
    )
    if not isinstance(document, dict):
        return expected
    candidates = _record_paths(document, "", 0)[:3]
    if not candidates:
        return expected
    listed = ", ".join(candidates)
    return (
        f"{expected} If the posts are further down, give their path as “records:” in the "
        f"mapping file (calendar-loader.yaml), such as “records: {candidates[-1]}”. Lists of "
        f"{terms.mapping}s in this file: {listed}."
    )


def _record_paths(value: object, prefix: str, depth: int) -> list[str]:
    """List the paths, in records-path syntax, of lists whose items are all mappings."""
    if depth > 5:
        return []
    paths: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            paths.extend(_record_paths(item, f"{prefix}.{key}" if prefix else str(key), depth + 1))
    elif isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        paths.append(f"{prefix}[]")
        for item in value[:20]:
            for path in _record_paths(item, f"{prefix}[]", depth + 1):
                if path not in paths:
                    paths.append(path)
    return paths


def _describe(value: object, terms: Terms) -> str:
    if value is None:
        return "empty"
    if isinstance(value, dict):
        keys = ", ".join(str(key) for key in list(value)[:6])
        return f"{terms.a_mapping} with the keys {keys}" if keys else f"an empty {terms.mapping}"
    if isinstance(value, list):
        return f"{terms.a_sequence} of {len(value)} items"
    return f"the value “{shorten(value)}”"


def _with_article(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _reserved_key_problem(source: str, renamed: str) -> Problem:
    return Problem(
        source=source,
        sheet=None,
        row=None,
        column=renamed,
        code="duplicate-header",
        message=(
            f"The key “{ROW}” is reserved for the line number of each post, so it is read as "
            f"“{renamed}”. Rename it in the file to keep its own name."
        ),
        value=ROW,
        severity=Severity.WARNING,
    )
