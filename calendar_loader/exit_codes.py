"""Exit codes, a contract with cron jobs and scripts.

| code | meaning |
|---|---|
| 0 | every valid row was sent or is already in the ledger (validate: every row is valid) |
| 1 | some rows are invalid or failed |
| 2 | usage or input error: a bad option, a missing or unreadable file, no caption or media column |
| 3 | credentials or configuration: no API key, 401, 403, a bad API URL |
| 4 | incomplete: stopped by a signal, by --max-duration, or by a rate-limit wait over --max-wait |
| 5 | another run holds the ledger |

When several apply, the first in the order 5, 3, 2, 4, 1 wins: the code names what
someone must act on first.
"""

from __future__ import annotations

from collections.abc import Iterable

OK = 0
ROWS_FAILED = 1
USAGE = 2
CONFIGURATION = 3
INCOMPLETE = 4
LEDGER_BUSY = 5

PRECEDENCE = (LEDGER_BUSY, CONFIGURATION, USAGE, INCOMPLETE, ROWS_FAILED)


def combine(codes: Iterable[int]) -> int:
    """Return the code that wins when several apply, or 0 when none does."""
    present = set(codes)
    for code in PRECEDENCE:
        if code in present:
            return code
    return OK
