"""`calendar-loader sandbox`: serve the local Ocoya stand-in until stopped."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from calendar_loader import exit_codes
from calendar_loader.durations import parse_rate_limit
from calendar_loader.errors import UsageError
from calendar_loader.logs import configure_logging
from calendar_loader.sandbox import Faults, Sandbox, SandboxConfig, default_state_path


def sandbox_config(
    state: Path | None, rate_limit: str, reset_form: str = "epoch-s", faults: Faults | None = None
) -> SandboxConfig:
    """Build the stand-in's settings from command-line values, raising UsageError if invalid."""
    limit = parse_rate_limit(rate_limit)
    try:
        return SandboxConfig(
            state_path=state or default_state_path(),
            rate_limit=limit.requests,
            window=limit.window,
            reset_form=reset_form,
            faults=faults or Faults(),
        )
    except ValueError as error:
        raise UsageError(str(error)) from None


def run_sandbox(**options: Any) -> int:
    configure_logging(options["log_format"], verbose=options["verbose"])
    # Serving is this command's whole job, so its request lines are shown.
    logging.getLogger("calendar_loader.sandbox").setLevel(logging.INFO)
    try:
        faults = Faults(
            fail_before_store=options["fail_before_store"],
            fail_after_store=options["fail_after_store"],
            hang_after_store=options["hang_after_store"],
            drop_after_store=options["drop_after_store"],
            burst_429=options["burst_429"],
            slow=options["slow"],
            hang_seconds=options["hang_seconds"],
            seed=options["seed"],
        )
    except ValueError as error:
        raise UsageError(str(error)) from None
    config = sandbox_config(options["state"], options["rate_limit"], options["reset_form"], faults)
    try:
        server = Sandbox(config, port=options["port"])
        server.start()
    except OSError as error:
        raise UsageError(
            f"Cannot listen on 127.0.0.1:{options['port']}: {error.strerror}. "
            "Choose another --port."
        ) from None
    print(f"Ocoya stand-in serving at {server.url}", flush=True)
    print("Demo key: demo-key-calendar-loader   workspace: demo-workspace", flush=True)
    print("Stop it with Ctrl-C.", flush=True)
    server.serve_forever()
    return exit_codes.OK
