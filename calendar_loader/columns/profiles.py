"""Profile names to Ocoya profile ids, through the mapping file's `profiles:` section.

Names compare with `profile_key()`, so `Twitter`, `X` and `x-twitter` find the entry
`x:` (or `twitter:`). `all`, `alle`, `tous` … name the group `all:` when the mapping has
one, and every profile of the mapping otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from calendar_loader.columns.networks import ALL_WORDS, network_of, profile_key


@dataclass
class RowProfiles:
    """Profiles of one record, and the names that could not become ids."""

    ids: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # names the mapping does not list
    unmapped: list[str] = field(default_factory=list)  # names, but no mapping to look them up
    skipped: list[str] = field(default_factory=list)  # names the mapping sets to null

    def add_id(self, profile_id: str) -> None:
        if profile_id not in self.ids:
            self.ids.append(profile_id)


class ProfileBook:
    """The `profiles:` section of a mapping file; `entries` is None when there is none."""

    def __init__(self, entries: dict[str, str | list[str] | None] | None) -> None:
        self.has_entries = entries is not None
        self._entries = {profile_key(name): target for name, target in (entries or {}).items()}
        # Calendars name the same few profiles on every row: resolve each item once.
        self._cache: dict[tuple[str, bool], RowProfiles] = {}

    def resolve(self, token: str, *, names_only: bool, into: RowProfiles) -> None:
        """Add one cell item to `into`.

        With `names_only` False, an item that names neither a network nor a profile of
        the mapping is taken as an Ocoya profile id, as written.
        """
        found = self._cache.get((token, names_only))
        if found is None:
            found = RowProfiles()
            self._resolve(token, names_only, found)
            self._cache[(token, names_only)] = found
        for profile_id in found.ids:
            into.add_id(profile_id)
        into.unknown += found.unknown
        into.unmapped += found.unmapped
        into.skipped += found.skipped

    def _resolve(self, token: str, names_only: bool, into: RowProfiles) -> None:
        key = profile_key(token)
        is_name = key in self._entries or key in ALL_WORDS or network_of(token) is not None
        if not names_only and not is_name:
            into.add_id(token)
            return
        if not self.has_entries:
            into.unmapped.append(token)
            return
        if key in self._entries:
            self._expand(key, token, into, seen=set())
        elif key in ALL_WORDS and "all" in self._entries:
            self._expand("all", token, into, seen=set())
        elif key in ALL_WORDS:
            self._all(into)
        else:
            into.unknown.append(token)

    def _expand(self, key: str, token: str, into: RowProfiles, seen: set[str]) -> None:
        if key in seen:
            return
        seen.add(key)
        target = self._entries[key]
        if target is None:
            into.skipped.append(token)
        elif isinstance(target, str):
            into.add_id(target)
        else:
            for member in target:
                self._expand(profile_key(member), member, into, seen)

    def _all(self, into: RowProfiles) -> None:
        for target in self._entries.values():
            if isinstance(target, str):
                into.add_id(target)
