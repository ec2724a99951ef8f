"""`calendar-loader presets`: the other tools' templates that are recognised."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

from calendar_loader.columns import list_presets


def print_presets(output_format: str) -> None:
    presets = list_presets()
    if output_format == "json":
        documents = [
            {"name": preset.name, "tool": preset.tool, "columns": list(preset.columns)}
            for preset in presets
        ]
        click.echo(json.dumps(documents, ensure_ascii=False, indent=2))
        return
    table = Table(title="Recognised bulk templates (use with --preset NAME)", title_justify="left")
    table.add_column("name", no_wrap=True)
    table.add_column("tool")
    table.add_column("columns", overflow="fold")
    for preset in presets:
        table.add_row(preset.name, preset.tool, ", ".join(preset.columns))
    Console(highlight=False).print(table)
