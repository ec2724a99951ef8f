"""The ledger lookup that lets `validate` report rows already sent."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from calendar_loader.dispatch.client import check_api_url
from calendar_loader.ledger import Ledger

Lookup = Callable[[dict[str, Any]], str | None]


@contextlib.contextmanager
def already_sent_lookup(options: dict[str, Any]) -> Iterator[Lookup | None]:
    """Yield a body -> postGroupId lookup, or None without a workspace or a ledger file.

    The ledger is only read, and not created, so a dry run leaves no file behind.
    """
    ledger_path = Path(options["ledger_path"])
    workspace = options.get("workspace")
    if not workspace or not ledger_path.exists():
        yield None
        return
    with Ledger(ledger_path, create=False) as ledger:
        yield ledger.already_sent_lookup(check_api_url(options["api_url"]), workspace)
