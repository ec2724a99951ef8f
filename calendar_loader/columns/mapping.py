"""The mapping file: how a team's calendar becomes posts, written once per calendar.

preset: metricool               # read the file as another tool's template (optional)
header: true                    # false: the file has no header row; name columns 1, 2, …
records: weeks[].posts[]        # JSON and YAML: where the records are
columns:                        # which column feeds which field; unnamed fields are
  caption: "{Caption (FR)}\\n\\n{Hashtags}"   # guessed from the headers
  media: [Picture 1, Picture 2]
  platforms: Plateforme         # network or profile names, looked up under profiles
  profiles: Account ids         # profile ids, or names listed under profiles
  profile_flags: [Facebook, Instagram]        # true/false columns, one per profile
  variants: {x: Tweet, linkedin: LinkedIn text}  # a caption per network
  date: Date
  time: Heure
  link: Link                    # appended to the caption unless already in it
  status: Statut
profiles:                       # profile names to Ocoya profile ids
  instagram: "1789…"
  facebook: "1022…"
  reddit: null                  # never posted through Ocoya: the row is skipped
  all: [instagram, facebook]    # a group; `all`, `alle`, `tous` … name it
defaults:
  time: "09:00"                 # for rows with a date and no time
  timezone: Europe/Paris        # or {from: meta.timezone}
  profiles: [instagram]
  draft: false
skip:                           # replace the built-in word lists
  done: [posted, published]
  not_ready: [idea]
  not_approved: [pending]
media_base_url: https://cdn.example.com/calendar/   # or "{Host column}"
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from calendar_loader.columns.networks import ALL_WORDS, network_of, profile_key
from calendar_loader.columns.skipping import (
    DEFAULT_DONE,
    DEFAULT_NOT_APPROVED,
    DEFAULT_NOT_READY,
    SkipRules,
)
from calendar_loader.columns.template import TemplateError, is_template, parse_template

_RECORDS_PATH = re.compile(r"^[^.\[\]]+(\[\])?(\.[^.\[\]]+(\[\])?)*$")


class MappingRuleError(ValueError):
    """A rule that spans several keys is broken; `path` is the key to point at."""

    def __init__(self, path: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.path = path


def _header(value: object) -> object:
    # YAML reads `caption: 2` as a number: for a headerless file that is column 2.
    if isinstance(value, bool):
        raise ValueError("write a column header or a column number, not true or false")
    if isinstance(value, int):
        return str(value)
    return value


def _one_or_many(value: object) -> object:
    return [value] if isinstance(value, str | int) and not isinstance(value, bool) else value


Header = Annotated[str, BeforeValidator(_header), Field(min_length=1)]
HeaderList = Annotated[list[Header], BeforeValidator(_one_or_many)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ColumnsSection(_Section):
    caption: Header | None = None
    media: HeaderList = []
    profiles: HeaderList = []
    platforms: HeaderList = []
    profile_flags: dict[Header, str] = {}
    variants: dict[str, Header] = {}
    scheduled_at: Header | None = None
    date: Header | None = None
    time: Header | None = None
    timezone: Header | None = None
    post_type: HeaderList = []
    link: Header | None = None
    status: Header | None = None
    approval: Header | None = None
    draft: Header | None = None
    posted: Header | None = None

    @field_validator("profile_flags", "variants", mode="before")
    @classmethod
    def _list_to_dict(cls, value: object) -> object:
        # A list names columns after their profile: `[Facebook, Instagram]`.
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list):
            return {_header(item): _header(item) for item in value}
        return value

    @field_validator("caption")
    @classmethod
    def _valid_template(cls, value: str | None) -> str | None:
        if value is not None and is_template(value):
            try:
                parse_template(value)
            except TemplateError as error:
                raise ValueError(str(error)) from None
        return value


class ZoneFrom(_Section):
    """A time zone read from the YAML or JSON document, such as `meta.timezone`."""

    from_: str = Field(alias="from", min_length=1)


class DefaultsSection(_Section):
    time: dt.time | None = None
    timezone: str | ZoneFrom | None = None
    profiles: HeaderList = []
    draft: bool = False

    @field_validator("time", mode="before")
    @classmethod
    def _time_text(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", value.strip())
        try:
            if match is None:
                raise ValueError
            hour, minute, second = (int(part or 0) for part in match.groups())
            return dt.time(hour, minute, second)
        except ValueError:
            raise ValueError(
                f'"{value}" is not a time of day: write it as "09:00" or "17:30"'
            ) from None

    @field_validator("timezone", mode="before")
    @classmethod
    def _zone(cls, value: object) -> object:
        advice = (
            "write an IANA name such as Europe/Paris or America/New_York, or "
            "{from: meta.timezone} to read it from the calendar"
        )
        if value is None:
            return None
        if isinstance(value, dict):
            try:
                return ZoneFrom.model_validate(value)
            except ValidationError:
                raise ValueError(f"{advice}; nothing else may stand beside from:") from None
        if not isinstance(value, str):
            raise ValueError(advice)
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f'"{value}" is not a time zone name: {advice}') from None
        return value


class SkipSection(_Section):
    done: list[str] = list(DEFAULT_DONE)
    not_ready: list[str] = list(DEFAULT_NOT_READY)
    not_approved: list[str] = list(DEFAULT_NOT_APPROVED)


def _profile_target(value: object) -> object:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        return [_header(item) for item in value]
    raise ValueError(
        "write an Ocoya profile id in quotes, a list of profile names for a group, "
        "or null to skip rows for this profile"
    )


ProfileTarget = Annotated[str | list[str] | None, BeforeValidator(_profile_target)]


class Mapping(_Section):
    """A validated mapping file. Build it with `load_mapping()`, or in code with
    `Mapping.model_validate({...})`."""

    preset: str | None = None
    header: bool = True
    records: str | None = None
    columns: ColumnsSection = ColumnsSection()
    profiles: dict[str, ProfileTarget] | None = None
    defaults: DefaultsSection = DefaultsSection()
    skip: SkipSection = SkipSection()
    media_base_url: str | None = None

    _source: str = PrivateAttr(default="the mapping file")
    _lines: dict[tuple[str | int, ...], int] = PrivateAttr(default_factory=dict)

    @field_validator("columns", "defaults", "skip", mode="before")
    @classmethod
    def _empty_section(cls, value: object) -> object:
        # A section whose keys are all commented out is null in YAML: read it as empty.
        return {} if value is None else value

    @field_validator("records")
    @classmethod
    def _records_path(cls, value: str | None) -> str | None:
        if value is not None and not _RECORDS_PATH.match(value):
            raise ValueError(
                f'"{value}" is not a records path: write keys joined by dots, with [] after '
                "a list, such as weeks[].posts[]"
            )
        return value

    @field_validator("preset")
    @classmethod
    def _known_preset(cls, value: str | None) -> str | None:
        # Imported here because the presets module reads mappings' column plans too.
        from calendar_loader.columns.presets import preset_names

        if value is not None and value.casefold() not in preset_names():
            raise ValueError(
                f'unknown preset "{value}": the presets are {", ".join(preset_names())}'
            )
        return value.casefold() if value else None

    @model_validator(mode="after")
    def _cross_references(self) -> Mapping:
        book = self.profiles or {}
        keys: dict[str, str] = {}
        for name, target in book.items():
            key = profile_key(name)
            if key in keys:
                raise MappingRuleError(
                    ("profiles", name),
                    f'"{name}" and "{keys[key]}" name the same profile: keep one of them',
                )
            keys[key] = name
            for index, member in enumerate(target if isinstance(target, list) else []):
                if profile_key(member) not in {profile_key(other) for other in book}:
                    raise MappingRuleError(
                        ("profiles", name, index),
                        f'the group "{name}" lists "{member}", which is not a profile name '
                        f"under profiles: add {profile_key(member)}: <Ocoya profile id>",
                    )
        for index, name in enumerate(self.defaults.profiles):
            named = profile_key(name) in keys or profile_key(name) in ALL_WORDS
            if not named and network_of(name) is not None:
                raise MappingRuleError(
                    ("defaults", "profiles", index),
                    f'"{name}" is a network with no profile id: add '
                    f"{profile_key(name)}: <Ocoya profile id> under profiles:",
                )
        return self

    @property
    def source(self) -> str:
        """The mapping file's path as given, for messages."""
        return self._source

    @property
    def default_time(self) -> dt.time | None:
        """The time of day for rows with a date and no time."""
        return self.defaults.time

    @property
    def default_timezone(self) -> str | None:
        """The IANA zone for rows that name none; None when it comes from the document."""
        zone = self.defaults.timezone
        return zone if isinstance(zone, str) else None

    @property
    def timezone_from(self) -> str | None:
        """The dotted path of the document's zone, such as `meta.timezone`, if set."""
        zone = self.defaults.timezone
        return zone.from_ if isinstance(zone, ZoneFrom) else None

    @property
    def skip_rules(self) -> SkipRules:
        return SkipRules.from_words(self.skip.done, self.skip.not_ready, self.skip.not_approved)

    def where(self, *path: str | int) -> str:
        """Locate a key for a message: `calendar-loader.yaml, line 4, key columns.caption`."""
        dotted = ".".join(str(part) for part in path)
        line = line_of(self._lines, path)
        place = f", line {line}" if line else ""
        return f"{self._source}{place}, key {dotted}"


def line_of(lines: dict[tuple, int], path: tuple[str | int, ...]) -> int | None:
    keyed = tuple(part if isinstance(part, int) else str(part) for part in path)
    while keyed:
        if keyed in lines:
            return lines[keyed]
        keyed = keyed[:-1]
    return None
