"""Every command has help with an example, every option has help, and the README names both."""

from __future__ import annotations

import re

import click
import pytest
from cli_support import PROJECT, invoke

from calendar_loader.cli import cli

COMMANDS = sorted(cli.commands)
README = (PROJECT / "README.md").read_text(encoding="utf-8")


def test_command_list() -> None:
    assert COMMANDS == ["init-map", "ledger", "presets", "push", "sandbox", "validate"]


def test_top_level_help_lists_every_command() -> None:
    result = invoke("--help")

    assert result.exit_code == 0
    for name in COMMANDS:
        assert re.search(rf"^  {re.escape(name)}\s", result.stdout, re.MULTILINE), name


@pytest.mark.parametrize("name", COMMANDS)
def test_command_help_has_example(name: str) -> None:
    result = invoke(name, "--help")

    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: calendar-loader {name} ")
    assert "Example" in result.stdout
    assert f"calendar-loader {name}" in result.stdout.split("Example", 1)[1]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_has_help(name: str) -> None:
    options = [param for param in cli.commands[name].params if isinstance(param, click.Option)]

    assert [option.name for option in options if not (option.help or "").strip()] == []


@pytest.mark.parametrize("name", COMMANDS)
def test_readme_names_command(name: str) -> None:
    assert re.search(rf"^\| `{re.escape(name)}[ `]", README, re.MULTILINE), name


def test_readme_lists_exit_codes() -> None:
    for code in range(6):
        assert re.search(rf"^\| {code} \| ", README, re.MULTILINE), code
