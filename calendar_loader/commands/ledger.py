"""`calendar-loader ledger`: which calendar row became which Ocoya post."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from calendar_loader import exit_codes
from calendar_loader.commands.target import resolve_target
from calendar_loader.dispatch.client import OcoyaClient
from calendar_loader.dispatch.limiter import RateLimiter
from calendar_loader.dispatch.verify import Verification, verify_ledger
from calendar_loader.durations import RateLimit
from calendar_loader.errors import InputError
from calendar_loader.files import write_private_atomically
from calendar_loader.ledger import Ledger, LedgerRecord
from calendar_loader.logs import configure_logging
from calendar_loader.ocoya import RATE_LIMIT_REQUESTS, RATE_LIMIT_WINDOW_SECONDS
from calendar_loader.secrets import read_api_key

COLUMNS = ("source", "sheet", "row", "variant", "status", "postGroupId", "attempts", "lastError")


def run_ledger(**options: Any) -> int:
    api_key = None if options["sandbox"] else read_api_key(options["api_key_file"])
    configure_logging(options["log_format"], verbose=options["verbose"], secret=api_key)
    if not Path(options["ledger_path"]).exists():
        raise InputError(
            f"No ledger at {options['ledger_path']}: nothing has been pushed with it yet. "
            "Check the --ledger path; `calendar-loader push --help` shows the default."
        )
    with Ledger(options["ledger_path"], create=False) as ledger:
        records = ledger.records()
        if options["verify"]:
            return _verify(ledger, options, api_key)
    _emit(_render(records, options["output_format"]), options["output"])
    return exit_codes.OK


def _render(records: list[LedgerRecord], output_format: str) -> str:
    if output_format == "json":
        documents = [{**record.to_json(), "request": record.body} for record in records]
        return json.dumps(documents, ensure_ascii=False, indent=2) + "\n"
    if output_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        for record in records:
            document = record.to_json()
            writer.writerow(["" if document[name] is None else document[name] for name in COLUMNS])
        return buffer.getvalue()
    table = Table(title=f"Ledger: {len(records)} calendar rows", title_justify="left")
    for name in COLUMNS:
        table.add_column(name, overflow="fold")
    for record in records:
        document = record.to_json()
        table.add_row(*("" if document[name] is None else str(document[name]) for name in COLUMNS))
    console = Console(record=True, width=160, file=io.StringIO())
    console.print(table)
    return console.export_text()


def _verify(ledger: Ledger, options: dict[str, Any], api_key: str | None) -> int:
    limit = RateLimit(RATE_LIMIT_REQUESTS, RATE_LIMIT_WINDOW_SECONDS)
    with (
        resolve_target(options, api_key) as target,
        OcoyaClient(target.api_key, api_url=target.api_url, ledger_url=target.ledger_url) as client,
    ):
        result = verify_ledger(ledger, client, RateLimiter(limit), target.workspace)
    _emit(_render_verification(result, options["output_format"]), options["output"])
    return exit_codes.ROWS_FAILED if result.disagreements else exit_codes.OK


def _render_verification(result: Verification, output_format: str) -> str:
    if output_format == "json":
        document = {
            "recordsChecked": result.records_checked,
            "postsListed": result.posts_listed,
            "disagreements": [item.to_json() for item in result.disagreements],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    lines = [
        f"Checked {result.records_checked} ledger records against {result.posts_listed} "
        f"posts in Ocoya: {len(result.disagreements)} disagreement(s)."
    ]
    for item in result.disagreements:
        where = f"{item.record.source}, row {item.record.row}"
        lines.append(f"{item.kind:<13} {where}: {item.post_group_id} {item.detail}")
    return "\n".join(lines) + "\n"


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        write_private_atomically(output, text)
