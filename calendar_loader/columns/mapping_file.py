"""Reading a mapping file: YAML with line numbers, so that errors point at the line.

The models and what each key means are in `calendar_loader.columns.mapping`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from calendar_loader.columns.mapping import (
    ColumnsSection,
    DefaultsSection,
    Mapping,
    MappingRuleError,
    SkipSection,
    line_of,
)
from calendar_loader.errors import InputError

MAPPING_FILE_NAMES = ("calendar-loader.yaml", "calendar-loader.yml")


def find_mapping_file(calendar: Path) -> Path | None:
    """Return the `calendar-loader.yaml` (or `.yml`) beside a calendar, if there is one."""
    for name in MAPPING_FILE_NAMES:
        candidate = calendar.parent / name
        if candidate.is_file():
            return candidate
    return None


def load_mapping(path: Path) -> Mapping:
    """Read and validate a mapping file.

    Raises InputError naming the file, the line and the key of the first problems found,
    for a file that is missing, not UTF-8, not YAML, or not a valid mapping.
    """
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"Mapping file {source} not found.", source=source) from None
    except UnicodeDecodeError:
        raise InputError(
            f"Mapping file {source} is not UTF-8 text: save it as UTF-8.", source=source
        ) from None
    except OSError as error:
        raise InputError(
            f"Mapping file {source} cannot be read: {error.strerror}.", source=source
        ) from None

    try:
        node = yaml.compose(text, Loader=_MappingLoader)
        data = yaml.load(text, Loader=_MappingLoader) if node is not None else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        place = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise InputError(
            f"Mapping file {source}{place} is not valid YAML: {problem}. "
            "Check the indentation and the quotes there.",
            source=source,
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(
            f"Mapping file {source} must hold keys such as columns: and profiles:, "
            f"not a {type(data).__name__}.",
            source=source,
        )

    lines = _key_lines(node) if node is not None else {}
    try:
        mapping = Mapping.model_validate(data)
    except ValidationError as error:
        raise InputError(_validation_message(source, error, data, lines), source=source) from None
    mapping._source = source
    mapping._lines = lines
    return mapping


class _MappingLoader(yaml.SafeLoader):
    """YAML 1.1, except that `9:30` stays text instead of the number 570, and `yes`,
    `no`, `on` and `off` stay words (header names and skip words), not booleans."""


_MappingLoader.yaml_implicit_resolvers = {
    first: list(resolvers) for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "0123456789":
    _MappingLoader.yaml_implicit_resolvers.setdefault(_first, []).insert(
        0, ("tag:yaml.org,2002:str", re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$"))
    )
# A profile id such as 0123 stays text, where YAML 1.1 would read an octal number.
_MappingLoader.yaml_implicit_resolvers["0"].insert(
    0, ("tag:yaml.org,2002:str", re.compile(r"^0[0-9_]+$"))
)
for _first in "yYnNoO":
    _MappingLoader.yaml_implicit_resolvers.setdefault(_first, []).insert(
        0, ("tag:yaml.org,2002:str", re.compile(r"^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$"))
    )


def _key_lines(node: yaml.Node, path: tuple[str | int, ...] = ()) -> dict[tuple, int]:
    """Map each key path of the document to its 1-based line."""
    lines: dict[tuple, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_path = (*path, str(key_node.value))
            lines[key_path] = key_node.start_mark.line + 1
            lines.update(_key_lines(value_node, key_path))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            lines.update(_key_lines(item, (*path, index)))
    return lines


_SECTION_KEYS: dict[tuple[str, ...], type[BaseModel]] = {
    (): Mapping,
    ("columns",): ColumnsSection,
    ("defaults",): DefaultsSection,
    ("skip",): SkipSection,
}


def _validation_message(
    source: str, error: ValidationError, data: object, lines: dict[tuple, int]
) -> str:
    messages: list[str] = []
    for detail in error.errors():
        cause = detail.get("ctx", {}).get("error")
        location = cause.path if isinstance(cause, MappingRuleError) else detail["loc"]
        path = _document_path(data, tuple(location))
        line = line_of(lines, path)
        place = f"line {line}, " if line else ""
        key = ".".join(str(part) for part in path) or "(top level)"
        text = f"{place}key {key}: {_detail_text(detail, path)}"
        if text not in messages:
            messages.append(text)
    listed = "\n".join(f"  {message}" for message in messages[:5])
    more = f"\n  … and {len(messages) - 5} more" if len(messages) > 5 else ""
    return f"Invalid mapping file {source}:\n{listed}{more}"


def _document_path(data: object, location: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """Cut a pydantic location down to the document's keys.

    Past a scalar, pydantic adds the names of a union's member types (`str`, `list[str]`),
    which are no keys of the file. A key missing from the file is kept, as the last part.
    """
    path: list[str | int] = []
    value = data
    for part in location:
        if isinstance(value, dict):
            path.append(part)
            if part not in value:
                break
            value = value[part]
        elif isinstance(value, list) and isinstance(part, int) and part < len(value):
            path.append(part)
            value = value[part]
        else:
            break
    return tuple(path)


def _detail_text(detail: Any, path: tuple[str | int, ...]) -> str:
    kind = detail["type"]
    if kind == "extra_forbidden":
        model = _SECTION_KEYS.get(tuple(str(part) for part in path[:-1]))
        allowed = ", ".join(model.model_fields) if model else ""
        known = f"; the keys understood here are {allowed}" if allowed else ""
        return f'unknown key "{path[-1]}"{known}.'
    if kind == "value_error":
        return f"{detail['ctx']['error']}."
    return f"{detail['msg']}."
