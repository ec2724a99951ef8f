"""The SQLite ledger: which calendar row became which Ocoya post, and how far each got.

Every request is bracketed by two committed writes. Before it leaves, the record turns
`sending` and its attempt count goes up. After the outcome is known, the record turns
`sent`, `unknown`, `failed` or `pending`. A crash between the two leaves `sending`, which
the next run settles by looking the post up in Ocoya before it sends anything again.

Statuses of a record:
    pending   not sent yet, or sent and known to have created nothing: may be sent
    sending   a request is in flight, or was when the process died
    sent      Ocoya created the post, and `post_group_id` holds its id
    unknown   the request may have created a post (a 5xx, a timeout after sending)
    failed    Ocoya rejected the body (400, 404, 422), and `last_error` holds its message
    skipped   the same post appears earlier in the calendar, and `duplicate_of` names it

The ledger holds one live record per fingerprint (see `dispatch.fingerprint`), so a post
is sent at most once however often the calendar is pushed. Row numbers follow
`calendar_loader.problems`: the header is row 1.
"""

from calendar_loader.ledger.records import (
    CalendarRow,
    LedgerRecord,
    LedgerTransitionError,
    RecordStatus,
)
from calendar_loader.ledger.store import SCHEMA_VERSION, Ledger, default_ledger_path

__all__ = [
    "SCHEMA_VERSION",
    "CalendarRow",
    "Ledger",
    "LedgerRecord",
    "LedgerTransitionError",
    "RecordStatus",
    "default_ledger_path",
]
