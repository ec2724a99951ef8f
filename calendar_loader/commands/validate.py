"""`calendar-loader validate`: the dry run, read by a person before anything is sent."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from calendar_loader import exit_codes
from calendar_loader.commands.common import check_rows, read_all
from calendar_loader.commands.sent import already_sent_lookup
from calendar_loader.files import write_private_atomically
from calendar_loader.logs import configure_logging


def run_validate(files: tuple[Path, ...], **options: Any) -> int:
    configure_logging(options["log_format"], verbose=options["verbose"])
    read = read_all(files, options)
    with already_sent_lookup(options) as already_sent:
        report = check_rows(read.tables, files, options, already_sent)

    if options["output_format"] == "json":
        # Files that could not be read at all are listed too, so that a script reading
        # only this document never takes a missing file for an empty calendar.
        document = {**report.to_json(), "unreadable": read.failures_json()}
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if options["output"]:
            write_private_atomically(options["output"], text)
        else:
            click.echo(text, nl=False)
    elif options["output"]:
        file_console = Console(record=True, width=160, file=io.StringIO())
        report.render(file_console)
        write_private_atomically(options["output"], file_console.export_text())
    else:
        report.render(Console(highlight=False, soft_wrap=False))

    rows_code = exit_codes.ROWS_FAILED if report.summary.invalid else exit_codes.OK
    return exit_codes.combine([read.code, rows_code])
