"""Checking after the fact: does Ocoya hold what the ledger says was sent?

`ledger --verify` reads every post group of the workspace (GET /post, 50 per page,
each page through the rate limiter) and compares it with the ledger's records:

    missing         the ledger says `sent` with a postGroupId that Ocoya does not list
    unrecorded      Ocoya lists a post that looks like a ledger row's (same caption,
                    profiles, number of media and time) under an id the ledger does not
                    hold: most likely a post sent twice, or sent by another tool
    time differs    the post exists, but its scheduledAt is not the one the ledger sent,
                    because someone moved it in Ocoya after it was created
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from calendar_loader import ocoya
from calendar_loader.dispatch.client import OcoyaClient
from calendar_loader.dispatch.fingerprint import normalise_api_url
from calendar_loader.dispatch.limiter import RateLimiter
from calendar_loader.dispatch.settle import Signature, body_signature, fetch_page, listed_signatures
from calendar_loader.ledger import Ledger, LedgerRecord, RecordStatus


@dataclass
class Disagreement:
    """One difference between the ledger and the API, for a person to look at."""

    kind: str  # "missing" | "unrecorded" | "time-differs"
    record: LedgerRecord
    post_group_id: str | None
    detail: str

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "source": self.record.source,
            "sheet": self.record.sheet,
            "row": self.record.row,
            "variant": self.record.variant,
            "postGroupId": self.post_group_id,
            "detail": self.detail,
        }


@dataclass
class Verification:
    records_checked: int = 0
    posts_listed: int = 0
    disagreements: list[Disagreement] = field(default_factory=list)


def list_all_posts(
    client: OcoyaClient, limiter: RateLimiter, workspace: str
) -> list[dict[str, Any]]:
    """Return every post group of `workspace`, paging until a short or repeated page."""
    groups: list[dict[str, Any]] = []
    seen: set[Any] = set()
    page = 0
    while True:
        batch = [
            group
            for group in fetch_page(
                client, limiter, workspace, page, ocoya.MAX_PAGE_SIZE, None, None
            )
            if isinstance(group, dict)
        ]
        ids = {group.get("id") for group in batch}
        if not ids - seen:
            return groups
        seen |= ids
        groups.extend(batch)
        if len(batch) < ocoya.MAX_PAGE_SIZE:
            return groups
        page += 1


def verify_ledger(
    ledger: Ledger, client: OcoyaClient, limiter: RateLimiter, workspace: str
) -> Verification:
    """Compare the ledger's records for this API and workspace with Ocoya's post list."""
    groups = list_all_posts(client, limiter, workspace)
    by_id = {str(group.get("id")): group for group in groups}
    records = [
        record
        for record in ledger.records()
        if record.api_url == normalise_api_url(client.ledger_url) and record.workspace == workspace
    ]
    owned = {record.post_group_id for record in records if record.post_group_id}
    result = Verification(records_checked=len(records), posts_listed=len(groups))

    for record in records:
        if record.status is not RecordStatus.SENT or record.post_group_id is None:
            continue
        group = by_id.get(record.post_group_id)
        if group is None:
            result.disagreements.append(
                Disagreement("missing", record, record.post_group_id, "not in Ocoya's post list")
            )
            continue
        sent = body_signature(record).scheduled_at
        listed = _listed_time(group)
        if sent != listed:
            result.disagreements.append(
                Disagreement(
                    "time-differs",
                    record,
                    record.post_group_id,
                    f"ledger sent {record.body.get('scheduledAt')}, "
                    f"Ocoya has {group.get('scheduledAt')}",
                )
            )

    signatures: dict[Signature, LedgerRecord] = {
        body_signature(record): record
        for record in records
        if record.status in (RecordStatus.SENT, RecordStatus.UNKNOWN, RecordStatus.SENDING)
    }
    for group_id, group in by_id.items():
        if group_id in owned:
            continue
        for signature in listed_signatures(group):
            matched = signatures.get(signature)
            if matched is not None:
                result.disagreements.append(
                    Disagreement(
                        "unrecorded",
                        matched,
                        group_id,
                        "Ocoya holds a post like this row's under an id the ledger does not know",
                    )
                )
                break
    return result


def _listed_time(group: dict[str, Any]) -> Any:
    signatures = listed_signatures(group)
    if signatures:
        return next(iter(signatures)).scheduled_at
    return None
