"""Fixtures shared by every test: a clean environment, and the Ocoya stand-in.

The autouse fixture keeps each test away from the real home folder, from proxies and
from any Ocoya settings of the person running the tests. Helpers for running the
command line live in `cli_support`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_support import make_sandbox

from calendar_loader.sandbox import Sandbox

_PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
# The command line configures these loggers, so each test puts them back as it found them.
_LOGGERS = ("calendar_loader", "calendar_loader.sandbox", "httpx")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Clear proxy and OCOYA_* variables, and point XDG_DATA_HOME and HOME into tmp_path.

    Logger handlers are restored afterwards because a handler left writing to a
    captured stream that has been closed would break the logging of later tests.
    """
    for name in list(os.environ):
        if name.lower() in _PROXY_VARIABLES or name.startswith("OCOYA_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    saved = {name: _logger_state(logging.getLogger(name)) for name in _LOGGERS}
    yield
    for name, (handlers, level, propagate) in saved.items():
        logger = logging.getLogger(name)
        logger.handlers = handlers
        logger.setLevel(level)
        logger.propagate = propagate


def _logger_state(logger: logging.Logger) -> tuple[list[logging.Handler], int, bool]:
    return list(logger.handlers), logger.level, logger.propagate


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    """The Ocoya stand-in on a free 127.0.0.1 port, its posts in tmp_path/sandbox.json."""
    with make_sandbox(tmp_path / "sandbox.json") as served:
        yield served
