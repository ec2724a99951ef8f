"""Read a YAML calendar, keeping every scalar as the text typed.

PyYAML's constructors would turn `no` into False, `10:00` into 600, `0123` into 83 and
`2026-08-26` into a date, and silently cut nanoseconds from timestamps. So the document
is built here from the node tree of `yaml.compose` (safe loader): a plain `~`, `null`,
`Null`, `NULL` or empty value is None, and every other scalar is a `str`.
"""

from __future__ import annotations

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from calendar_loader.errors import InputError
from calendar_loader.loading.decoding import normalize_cell
from calendar_loader.loading.records import YAML_TERMS, Positions, sheet_from_document
from calendar_loader.table import RawSheet

_NULL_TAG = "tag:yaml.org,2002:null"
_MERGE_TAG = "tag:yaml.org,2002:merge"

# libyaml's parser is much faster (PyYAML's documentation). It gives the same nodes and
# error positions as the pure-Python one, but words its error messages differently.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(text: str, *, source: str, records_path: str | None = None) -> RawSheet:
    """Read the posts of a YAML calendar; see `records` for the shapes accepted.

    Raises InputError with the line and column of a syntax error, the key and line of a
    duplicate key, or the shape expected when the document contains no list of posts.
    """
    document, positions = parse_yaml(text, source=source)
    return sheet_from_document(
        document, positions, source=source, terms=YAML_TERMS, records_path=records_path
    )


def parse_yaml(text: str, *, source: str) -> tuple[object, Positions]:
    """Build the document with text scalars, and the line of each list and mapping."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        raise InputError(_syntax_message(error, source), source=source) from None
    except ReaderError as error:
        line = text[: error.position].count("\n") + 1
        # libyaml reports the character as its code point, PyYAML as a one-letter string.
        character = error.character
        code = character if isinstance(character, int) else ord(character)
        raise InputError(
            f"{source}, line {line}: the character U+{code:04X} is not allowed in YAML. "
            "Delete it, or put the value in double quotes and write it as an escape.",
            source=source,
        ) from None
    except yaml.YAMLError as error:
        raise InputError(f"{source} is not valid YAML: {error}.", source=source) from None
    except RecursionError:
        raise InputError(_too_deep_message(source), source=source) from None
    builder = _DocumentBuilder(source)
    try:
        document = builder.build(root)
    except RecursionError:
        raise InputError(_too_deep_message(source), source=source) from None
    _reject_alias_bomb(document, source)
    return document, builder.positions


# Aliases let a few lines of YAML stand for billions of values ("billion laughs"), which
# later stages would expand cell by cell. A calendar's aliases repeat a few defaults, so
# a document that expands to far more values than it writes is rejected.
MAX_EXPANSION_FACTOR = 10
EXPANSION_ALLOWED_BELOW = 100_000


def _reject_alias_bomb(document: object, source: str) -> None:
    sizes: dict[int, int] = {}

    def expanded(value: object) -> int:
        if not isinstance(value, (list, dict)):
            return 1
        key = id(value)
        if key not in sizes:
            children = value.values() if isinstance(value, dict) else value
            sizes[key] = 1 + sum(expanded(child) for child in children)
        return sizes[key]

    total = expanded(document)
    written = sum(1 + len(value) for value in _distinct_containers(document))
    if total > EXPANSION_ALLOWED_BELOW and total > MAX_EXPANSION_FACTOR * written:
        raise InputError(
            f"{source}: its aliases (*name) expand to {total:,} values from {written:,} "
            "written ones, far more than a calendar repeats. Write the repeated values out, "
            "or use defaults: for values every post shares.",
            source=source,
        )


def _distinct_containers(document: object) -> list[list[object] | dict[str, object]]:
    seen: dict[int, list[object] | dict[str, object]] = {}
    pending = [document]
    while pending:
        value = pending.pop()
        if isinstance(value, (list, dict)) and id(value) not in seen:
            seen[id(value)] = value
            pending.extend(value.values() if isinstance(value, dict) else value)
    return list(seen.values())


class _DocumentBuilder:
    """Python values from YAML nodes, one value per node so that aliases share it."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.positions = Positions()
        self._built: dict[int, object] = {}
        self._in_progress: set[int] = set()

    def build(self, node: Node | None) -> object:
        if node is None:
            return None
        if isinstance(node, ScalarNode):
            return None if node.tag == _NULL_TAG else normalize_cell(node.value)
        key = id(node)
        if key in self._built:
            return self._built[key]
        if key in self._in_progress:
            raise InputError(
                f"{self.source}, line {_line(node)}: an alias refers to a list or mapping "
                "that contains the alias itself. Replace the alias with the values.",
                source=self.source,
            )
        self._in_progress.add(key)
        try:
            if isinstance(node, SequenceNode):
                value: object = self._sequence(node)
            else:
                value = self._mapping(node)
        finally:
            self._in_progress.discard(key)
        self._built[key] = value
        return value

    def _sequence(self, node: SequenceNode) -> list[object]:
        items = [self.build(child) for child in node.value]
        self.positions.lines[id(items)] = _line(node)
        self.positions.item_lines[id(items)] = [_line(child) for child in node.value]
        return items

    def _mapping(self, node: MappingNode) -> dict[str, object]:
        explicit: dict[str, object] = {}
        key_lines: dict[str, int] = {}
        merged: dict[str, object] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                # `<<: *base` supplies keys the mapping does not set itself; with a list of
                # mappings, an earlier one wins over a later one.
                for base in self._merge_sources(key_node, value_node):
                    for name, value in base.items():
                        merged.setdefault(name, value)
                continue
            name = self._key(key_node)
            if name in explicit:
                raise InputError(
                    f"{self.source}, line {_line(key_node)}: the key “{name}” appears twice in "
                    f"the same mapping (first on line {key_lines[name]}). Remove or rename one "
                    "of them.",
                    source=self.source,
                )
            explicit[name] = self.build(value_node)
            key_lines[name] = _line(key_node)
        mapping = {**merged, **explicit} if merged else explicit
        self.positions.lines[id(mapping)] = _line(node)
        return mapping

    def _merge_sources(self, key_node: Node, value_node: Node) -> list[dict[str, object]]:
        if isinstance(value_node, MappingNode):
            candidates: list[Node] = [value_node]
        elif isinstance(value_node, SequenceNode):
            candidates = list(value_node.value)
        else:
            candidates = []
        bases = [self.build(candidate) for candidate in candidates]
        if not candidates or not all(isinstance(base, dict) for base in bases):
            raise InputError(
                f"{self.source}, line {_line(key_node)}: the merge key “<<” must be followed by "
                "a mapping or a list of mappings, such as “<<: *defaults”.",
                source=self.source,
            )
        return [base for base in bases if isinstance(base, dict)]

    def _key(self, node: Node) -> str:
        if not isinstance(node, ScalarNode):
            kind = "list" if isinstance(node, SequenceNode) else "mapping"
            raise InputError(
                f"{self.source}, line {_line(node)}: a key is a {kind}, but keys must be plain "
                "names such as “caption”.",
                source=self.source,
            )
        return normalize_cell(node.value)


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _syntax_message(error: yaml.MarkedYAMLError, source: str) -> str:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "invalid syntax"
    where = f", line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    context = f" ({error.context})" if error.context and error.problem else ""
    return (
        f"{source}{where}: not valid YAML: {problem}{context}. Check the indentation and "
        "the quotes on this line and the line above it."
    )


def _too_deep_message(source: str) -> str:
    return (
        f"{source} nests lists or mappings too deeply to be a calendar. Write the posts as a "
        "list of flat records."
    )
