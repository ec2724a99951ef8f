"""Settling: finding out whether an unconfirmed request created its post after all.

A record left `sending` (the process died mid-request) or `unknown` (a 5xx or a timeout
after sending) may or may not have a post in Ocoya. One pass pages through GET /post
and matches every such record at once against what the list shows of a post group:

    caption       any of `posts[].caption`, compared after normalising line endings,
                  Unicode form (NFC) and surrounding white space; no caption matches
                  an empty or null one
    profiles      the set of `socialProfiles[].socialProfile.id`
    media         the number of `creatives` of a post whose caption matched (the list
                  does not show the media URLs as sent)
    scheduledAt   the same instant (the list writes milliseconds), or null for a draft

A post group the ledger already owns never matches, and each listed group matches at
most one record. A match records the group's id and turns the record `sent`; a record
still unmatched after the whole list turns `pending`, to be sent again.

NOTE: two unconfirmed records whose bodies differ only in their media URLs (same
caption, profiles, time and number of media) cannot be distinguished in the list, so each
takes the first match in ledger order. Settling also assumes that GET /post lists every
post group of the workspace at once, a just-created one included (the documentation does
not say); a post missing from the list is sent again.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from calendar_loader import ocoya
from calendar_loader.dispatch.client import OcoyaClient, OutcomeKind
from calendar_loader.dispatch.events import RetryScheduled
from calendar_loader.dispatch.limiter import RateLimiter, WaitRules
from calendar_loader.errors import ApiError, TransportError
from calendar_loader.ledger import Ledger, LedgerRecord

NOT_FOUND_MESSAGE = "not found in Ocoya's post list after an unconfirmed request"


@dataclass
class Settlement:
    """The result of one settling pass: record id to postGroupId, and the records not found.

    `pages` counts the pages of GET /post read.
    """

    found: dict[int, str] = field(default_factory=dict)
    not_found: list[int] = field(default_factory=list)
    pages: int = 0

    @property
    def checked(self) -> int:
        return len(self.found) + len(self.not_found)


@dataclass(frozen=True)
class Signature:
    """The fields of a post that GET /post shows, in comparable form."""

    caption: str
    profiles: frozenset[str]
    media: int
    scheduled_at: datetime | None


def settle_unconfirmed(
    ledger: Ledger,
    client: OcoyaClient,
    limiter: RateLimiter,
    *,
    workspace: str,
    rules: WaitRules | None = None,
    on_retry: Callable[[RetryScheduled], None] | None = None,
    per_page: int = ocoya.MAX_PAGE_SIZE,
) -> Settlement:
    """Settle every `sending` or `unknown` record of this API and workspace in one pass.

    Each page goes through `limiter`. A failed page is retried with the limiter's retry
    policy (a GET creates nothing, so every failure may be retried). Each match is
    committed as soon as it is found, so a stop halfway loses nothing.

    Raises AuthenticationError on 401/403, WaitStopped when `rules` stop a wait,
    ApiError when Ocoya rejects the list request, and TransportError when a page fails
    on every attempt. Records not yet matched then stay as they were.
    """
    settlement = Settlement()
    remaining = ledger.unsettled(client.ledger_url, workspace)
    if not remaining:
        return settlement
    owned = ledger.owned_post_group_ids(client.ledger_url, workspace)
    signatures = {record.id: body_signature(record) for record in remaining}
    seen: set[Any] = set()
    page = 0
    while remaining:
        groups = fetch_page(client, limiter, workspace, page, per_page, rules, on_retry)
        settlement.pages += 1
        ids = {group.get("id") for group in groups if isinstance(group, dict)}
        if not ids - seen:
            # An empty page ends the list; a page of ids already seen means the server
            # ignores `page`, and reading on would loop for ever.
            break
        seen |= ids
        for group in groups:
            record = _match(group, remaining, signatures, owned)
            if record is None:
                continue
            post_group_id = group["id"]
            ledger.mark_sent(record.id, post_group_id)
            owned.add(post_group_id)
            settlement.found[record.id] = post_group_id
            remaining.remove(record)
        if len(groups) < per_page:
            break
        page += 1
    for record in remaining:
        ledger.mark_pending(record.id, NOT_FOUND_MESSAGE)
        settlement.not_found.append(record.id)
    return settlement


def fetch_page(
    client: OcoyaClient,
    limiter: RateLimiter,
    workspace: str,
    page: int,
    per_page: int,
    rules: WaitRules | None,
    on_retry: Callable[[RetryScheduled], None] | None,
) -> list[Any]:
    policy = limiter.retry
    for attempt in range(1, policy.max_attempts + 1):
        limiter.acquire(rules)
        outcome = client.list_posts(workspace, page, per_page)
        limiter.record(outcome.status_code, outcome.headers)
        if outcome.kind is OutcomeKind.SUCCESS:
            return list(outcome.data)
        if outcome.kind is OutcomeKind.REJECTED:
            raise ApiError(
                f"Ocoya rejected the post list request: {outcome.message}",
                status_code=outcome.status_code,
            )
        if attempt == policy.max_attempts:
            break
        if outcome.kind is not OutcomeKind.RATE_LIMITED:
            limiter.back_off(policy.delay(attempt))
        if on_retry is not None:
            upcoming = limiter.next_wait()
            wait = upcoming.seconds if upcoming else 0.0
            on_retry(RetryScheduled(None, attempt, outcome.message, wait))
    raise TransportError(
        f"Could not read page {page} of Ocoya's post list in {policy.max_attempts} attempts: "
        f"{outcome.message}. Unconfirmed rows stay unconfirmed and are not sent again."
    )


def _match(
    group: Any,
    remaining: list[LedgerRecord],
    signatures: dict[int, Signature],
    owned: set[str],
) -> LedgerRecord | None:
    if not isinstance(group, dict):
        return None
    group_id = group.get("id")
    if not isinstance(group_id, str) or group_id in owned:
        return None
    listed = listed_signatures(group)
    for record in remaining:
        if signatures[record.id] in listed:
            return record
    return None


def body_signature(record: LedgerRecord) -> Signature:
    body = record.body
    caption = body.get("caption")
    return Signature(
        caption=_normalise_caption(caption if isinstance(caption, str) else None),
        profiles=frozenset(str(item) for item in body.get("socialProfileIds") or []),
        media=len(body.get("mediaUrls") or []),
        scheduled_at=_instant(body.get("scheduledAt")),
    )


def listed_signatures(group: dict[str, Any]) -> set[Signature]:
    """Return one signature per listed post of the group: its caption and media count."""
    profiles: set[str] = set()
    for entry in group.get("socialProfiles") or []:
        profile = entry.get("socialProfile") if isinstance(entry, dict) else None
        if isinstance(profile, dict) and profile.get("id") is not None:
            profiles.add(str(profile["id"]))
    scheduled_at = _instant(group.get("scheduledAt"))
    if scheduled_at is None and group.get("scheduledAt") is not None:
        return set()  # an unreadable time matches no record, not even a draft
    signatures: set[Signature] = set()
    for post in group.get("posts") or []:
        if not isinstance(post, dict):
            continue
        caption = post.get("caption")
        signatures.add(
            Signature(
                caption=_normalise_caption(caption if isinstance(caption, str) else None),
                profiles=frozenset(profiles),
                media=len(post.get("creatives") or []),
                scheduled_at=scheduled_at,
            )
        )
    return signatures


def _normalise_caption(caption: str | None) -> str:
    if caption is None:
        return ""
    text = caption.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).strip()


def _instant(value: Any) -> datetime | None:
    """Parse `2030-01-01T10:00:00Z` or `2030-01-01T10:00:00.000Z`, else return None."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
