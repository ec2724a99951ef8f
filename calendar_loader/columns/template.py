"""Caption templates: several columns joined into one caption.

A template such as `"{Caption (FR)}\\n\\n{Hashtags}"` names columns in braces. Text
between two placeholders is a separator: it appears only when there is a non-empty part
on both sides, so an empty column leaves no stray blank lines. Text before the first or
after the last placeholder appears when any part is non-empty. `{{` and `}}` are literal
braces, and the two characters `\\n` stand for a newline, as a person typing the template
in a plain YAML scalar would mean.

A placeholder whose header is a hashtags column (`Hashtags`, `tags`), or that ends with
`|hashtags`, puts `#` before each word that lacks one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from calendar_loader.columns.cells import cell_text, hashtag_text
from calendar_loader.columns.column_cells import map_distinct
from calendar_loader.columns.headers import is_hashtag_header

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_HASHTAG_SUFFIX = "|hashtags"


class TemplateError(ValueError):
    """A caption template is malformed. The message gives the character position."""


@dataclass(frozen=True)
class Placeholder:
    header: str
    hashtags: bool


@dataclass(frozen=True)
class CaptionTemplate:
    """A parsed template: literal text and placeholders, alternating, text first."""

    texts: tuple[str, ...]  # one more than placeholders
    placeholders: tuple[Placeholder, ...]

    @property
    def headers(self) -> list[str]:
        return [placeholder.header for placeholder in self.placeholders]

    def with_headers(self, resolve: Callable[[str], str]) -> CaptionTemplate:
        """Return the template with each header replaced by `resolve(header)`."""
        placeholders = tuple(
            Placeholder(resolve(placeholder.header), placeholder.hashtags)
            for placeholder in self.placeholders
        )
        return CaptionTemplate(self.texts, placeholders)

    def render(self, cells: dict[str, object]) -> str | None:
        """Join the cells of one row; None when every placeholder is empty.

        Each part is trimmed, so that a YAML block scalar's final newline does not pile
        up with the separator after it.
        """
        pieces: list[str] = []
        for index, placeholder in enumerate(self.placeholders):
            part = _part_text(cells.get(placeholder.header), placeholder.hashtags)
            if part is None:
                continue
            if pieces:
                # The separator is the text just before this part, so an empty part
                # takes its own separator away with it.
                pieces.append(self.texts[index])
            pieces.append(part)
        if not pieces:
            return None
        return self.texts[0] + "".join(pieces) + self.texts[-1]

    def render_column(self, cells: dict[str, list[object]], count: int) -> list[str | None]:
        """Render each of the `count` rows of whole columns, as `render` renders one row."""
        if not self.placeholders:
            return [None] * count
        parts = [
            _part_column(cells[placeholder.header], placeholder.hashtags)
            for placeholder in self.placeholders
        ]
        # `body` contains each row's parts joined so far, None while all were empty.
        body = parts[0]
        for separator, column in zip(self.texts[1:-1], parts[1:], strict=True):
            body = [
                _join_parts(current, separator, part)
                for current, part in zip(body, column, strict=True)
            ]
        head, tail = self.texts[0], self.texts[-1]
        if not head and not tail:
            return body
        return [None if current is None else head + current + tail for current in body]


def _join_parts(current: str | None, separator: str, part: str | None) -> str | None:
    # A separator goes in only between two non-empty parts, as in `render`.
    if part is None:
        return current
    if current is None:
        return part
    return current + separator + part


def _part_column(values: list[object], hashtags: bool) -> list[str | None]:
    if hashtags:
        # Hashtag cells repeat a few sets of tags over many rows.
        return map_distinct(values, lambda value: _part_text(value, True))
    # Plain text takes the short path: `cell_text` returns it as written.
    return [
        (value.strip() or None) if type(value) is str else _part_text(value, False)
        for value in values
    ]


def _part_text(value: object, hashtags: bool) -> str | None:
    text = hashtag_text(value) if hashtags else cell_text(value)
    if text is None or not text.strip():
        return None
    return text.strip()


def is_template(text: str) -> bool:
    """Tell a template from a plain header name: a template has a `{…}` placeholder."""
    return _TOKEN.search(text) is not None and re.search(r"\{[^{}]+\}", text) is not None


def parse_template(text: str) -> CaptionTemplate:
    """Parse a caption template; raise TemplateError for an unmatched or empty brace."""
    text = text.replace("\\n", "\n")
    texts: list[str] = []
    placeholders: list[Placeholder] = []
    literal: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        literal.append(text[position : match.start()])
        position = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            literal.append(token[0])
            continue
        if token in ("{", "}"):
            raise TemplateError(
                f"the template {text!r} has an unmatched {token!r} at character "
                f"{match.start() + 1}: write {{{{ or }}}} for a literal brace"
            )
        name = match.group(1).strip()
        if not name:
            raise TemplateError(f"the template {text!r} has an empty placeholder {{}}")
        hashtags = False
        if name.casefold().endswith(_HASHTAG_SUFFIX):
            name = name[: -len(_HASHTAG_SUFFIX)].strip()
            hashtags = True
        texts.append("".join(literal))
        literal = []
        placeholders.append(Placeholder(name, hashtags or is_hashtag_header(name)))
    literal.append(text[position:])
    texts.append("".join(literal))
    return CaptionTemplate(tuple(texts), tuple(placeholders))
