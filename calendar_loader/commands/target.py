"""The destination of a push or a verification: the configured API, or the sandbox."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from calendar_loader import ocoya
from calendar_loader.dispatch.client import check_api_url
from calendar_loader.errors import ConfigurationError
from calendar_loader.sandbox import Sandbox, default_state_path
from calendar_loader.secrets import HOW_TO_SET_KEY


@dataclass(frozen=True)
class Target:
    """The destination of the posts: API URL, key, workspace, and the URL the ledger records."""

    api_url: str
    api_key: str
    workspace: str
    ledger_url: str


@contextlib.contextmanager
def resolve_target(options: dict[str, Any], api_key: str | None) -> Iterator[Target]:
    """Yield where to send: the in-process sandbox with --sandbox, else the configured API."""
    if options["sandbox"]:
        from calendar_loader.commands.sandbox import sandbox_config

        state = options["sandbox_state"] or default_state_path()
        with Sandbox(sandbox_config(state, f"{ocoya.RATE_LIMIT_REQUESTS}/60s")) as sandbox:
            yield Target(
                api_url=sandbox.url,
                api_key=ocoya.DEMO_API_KEY,
                workspace=options["workspace"] or ocoya.DEMO_WORKSPACE_ID,
                # The port changes every run; the state file is what stays the same.
                ledger_url=f"sandbox://{Path(state).resolve()}",
            )
        return
    if api_key is None:
        raise ConfigurationError(f"No Ocoya API key. {HOW_TO_SET_KEY}")
    if not options["workspace"]:
        raise ConfigurationError(
            "No workspace: pass --workspace ID or set OCOYA_WORKSPACE_ID. "
            "GET /workspaces lists the workspaces your key can use."
        )
    api_url = check_api_url(options["api_url"])
    yield Target(api_url, api_key, options["workspace"], api_url)
