"""Rows the calendar itself marks as not to post: already posted, not ready, not approved.

A skipped row keeps its record with a `skip_reason`; the checking stage counts and lists
it. Values compare case-folded and without accents, so `Publié`, `publie` and `PUBLIÉ`
are the same word. A mapping file's `skip:` section replaces these lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from calendar_loader.columns.cells import cell_text, is_empty
from calendar_loader.columns.networks import fold_word, profile_key

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


def status_reason(header: str, value: object, rules: SkipRules) -> str | None:
    """Return why a status cell skips its row, such as `status "posted": already posted`."""
    text = cell_text(value)
    if text is None:
        return None
    word = fold_word(text)
    if word in rules.done:
        return f'{header} "{text.strip()}": already posted'
    if word in rules.not_ready:
        return f'{header} "{text.strip()}": not ready'
    return None


def approval_reason(header: str, value: object, rules: SkipRules) -> str | None:
    """Return why an approval cell skips its row, such as `approval "pending": not approved`."""
    text = cell_text(value)
    if text is None or fold_word(text) not in rules.not_approved:
        return None
    return f'{header} "{text.strip()}": not approved'


def posted_reason(header: str, value: object, variant: str | None) -> str | None:
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
        if variant is not None:
            moment = entries.get(profile_key(variant))
            if moment is None:
                return None
            return f"{header}: already posted to {variant} at {_moment_text(moment)}"
        if not entries:
            return None
        return f"{header}: already posted to {', '.join(entries)}"
    text = cell_text(value) or ""
    if fold_word(text) in ("false", "no", "0"):
        return None
    return f'{header} "{text.strip()}": already posted'


def _moment_text(moment: object) -> str:
    if isinstance(moment, datetime):
        return moment.isoformat()
    return cell_text(moment) or ""
