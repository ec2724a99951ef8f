"""Rows not to post: marked already posted, not ready or not approved, or sent nowhere.

A row is sent nowhere when the mapping file sets every profile it names to null.

A skipped row keeps its record with its skip reasons, each naming the column that gives
it, and the checking stage counts and lists it. Values compare case-folded and without
accents, so `Publié`, `publie` and `PUBLIÉ` are the same word. A mapping file's `skip:`
section replaces these lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from calendar_loader.columns.cells import cell_text, is_empty
from calendar_loader.columns.networks import fold_word, profile_key
from calendar_loader.columns.profiles import RowProfiles
from calendar_loader.table import RowReason

# Status values meaning the post is already out.
DEFAULT_DONE = (
    "posted",
    "published",
    "done",
    "completed",
    "complete",
    "sent",
    "live",
    "publié",
    "publiée",
    "posté",
    "veröffentlicht",
    "gepostet",
    "publicado",
    "publicada",
    "pubblicato",
    "已发布",
)
# Status values meaning the post is not ready to go out.
DEFAULT_NOT_READY = (
    "to do",
    "todo",
    "idea",
    "in progress",
    "wip",
    "not ready",
    "à produire",
    "à faire",
    "en cours",
    "idée",
    "in arbeit",
    "in bearbeitung",
    "zu erledigen",
    "por hacer",
    "en progreso",
    "da fare",
    "in corso",
)
# Approval values meaning the post is not approved.
DEFAULT_NOT_APPROVED = (
    "pending",
    "rejected",
    "declined",
    "not approved",
    "needs changes",
    "changes requested",
    "in review",
    "awaiting approval",
    "no",
    "false",
    "en attente",
    "refusé",
    "rejeté",
    "abgelehnt",
    "ausstehend",
    "pendiente",
    "rechazado",
    "in attesa",
    "rifiutato",
)


@dataclass(frozen=True)
class SkipRules:
    done: frozenset[str]
    not_ready: frozenset[str]
    not_approved: frozenset[str]

    @classmethod
    def from_words(
        cls, done: Iterable[str], not_ready: Iterable[str], not_approved: Iterable[str]
    ) -> SkipRules:
        return cls(
            done=frozenset(fold_word(word) for word in done),
            not_ready=frozenset(fold_word(word) for word in not_ready),
            not_approved=frozenset(fold_word(word) for word in not_approved),
        )


DEFAULT_RULES = SkipRules.from_words(DEFAULT_DONE, DEFAULT_NOT_READY, DEFAULT_NOT_APPROVED)


def status_reason(header: str, value: object, rules: SkipRules) -> RowReason | None:
    """Return why a status cell skips its row, such as a status of "posted"."""
    text = cell_text(value)
    if text is None:
        return None
    word = fold_word(text)
    if word in rules.done:
        return _marked(header, text.strip(), "already posted")
    if word in rules.not_ready:
        return _marked(header, text.strip(), "not ready")
    return None


def approval_reason(header: str, value: object, rules: SkipRules) -> RowReason | None:
    """Return why an approval cell skips its row, such as an approval of "pending"."""
    text = cell_text(value)
    if text is None or fold_word(text) not in rules.not_approved:
        return None
    return _marked(header, text.strip(), "not approved")


def posted_reason(header: str, value: object, variant: str | None) -> RowReason | None:
    """Return why a `posted` cell skips a record, or None when it records no posting.

    A mapping such as `posted: {x: 2025-12-22T14:50:57Z}` lists the networks already
    posted to, and skips only the record of that network's caption (`variant`). A record
    without a variant is skipped by any entry. Any other non-empty value, such as a
    timestamp or `true`, means the whole row was posted, except `false` and `no`.
    """
    if is_empty(value):
        return None
    if isinstance(value, dict):
        entries = {
            profile_key(str(name)): moment
            for name, moment in value.items()
            if not is_empty(moment) and moment is not False
        }
        # The report quotes the entry that skips the record: its time, or the networks.
        if variant is not None:
            moment = entries.get(profile_key(variant))
            if moment is None:
                return None
            entry = _moment_text(moment)
            networks = f"{variant} at {entry}"
        elif entries:
            entry = networks = ", ".join(entries)
        else:
            return None
        return RowReason(
            column=header,
            value=entry,
            message=f"The row is skipped because {header} lists it as already posted to "
            f"{networks}.",
        )
    text = cell_text(value) or ""
    if fold_word(text) in ("false", "no", "0"):
        return None
    return _marked(header, text.strip(), "already posted")


def null_profiles_reason(
    profiles: RowProfiles, headers: list[str], mapping_source: str
) -> RowReason | None:
    """Return why a record is skipped when all its profiles are set to null, or None.

    `headers` are the columns the record's profile names came from. It is empty when
    the names came from the mapping file's defaults, which then decides alone.
    """
    if not profiles.skipped or profiles.ids or profiles.unknown:
        return None
    names = ", ".join(profiles.skipped)
    return RowReason(
        column=" + ".join(dict.fromkeys(headers)) or None,
        value=names,
        message=f"The row is skipped because {mapping_source} sets {names} to null under "
        f"profiles:, so posts to {names} are not sent.",
    )


def _marked(header: str, text: str, state: str) -> RowReason:
    return RowReason(
        column=header,
        value=text,
        message=f'The row is skipped because {header} is "{text}", which marks it as {state}.',
    )


def _moment_text(moment: object) -> str:
    if isinstance(moment, datetime):
        return moment.isoformat()
    return cell_text(moment) or ""
