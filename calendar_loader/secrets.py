"""The sources of the API key, and the guard that keeps it out of every line we print.

The key is read from the `OCOYA_API_KEY` environment variable or from a file named with
`--api-key-file`. It is never taken from a command-line argument, because those show up
in `ps` output and shell history.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from calendar_loader.errors import ConfigurationError

KEY_VARIABLE = "OCOYA_API_KEY"

HOW_TO_SET_KEY = (
    "Set the OCOYA_API_KEY environment variable (export OCOYA_API_KEY=...) or pass "
    "--api-key-file PATH naming a file that holds only the key. Create a key in Ocoya "
    "under Settings > API. To try calendar-loader without an account, use --sandbox."
)

REDACTED = "[redacted]"


def read_api_key(key_file: Path | None) -> str | None:
    """Return the API key from `key_file` if given, else from OCOYA_API_KEY, else None.

    Raises ConfigurationError when the file cannot be read or is empty.
    """
    if key_file is not None:
        try:
            key = Path(key_file).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ConfigurationError(
                f"Cannot read the API key file {key_file}: {error.strerror}."
            ) from None
        if not key:
            raise ConfigurationError(f"The API key file {key_file} is empty. {HOW_TO_SET_KEY}")
        return key
    key = os.environ.get(KEY_VARIABLE, "").strip()
    return key or None


class RedactingFilter(logging.Filter):
    """Replace the API key with `[redacted]` in every log record, as a last guard.

    The code never passes the key to a logger; this filter catches the mistake that
    would otherwise leak it, for example inside a third-party exception message.
    """

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secret:
            return True
        message = record.getMessage()
        if self.secret in message:
            record.msg = message.replace(self.secret, REDACTED)
            record.args = None
        for name, value in list(vars(record).items()):
            if isinstance(value, str) and self.secret in value:
                setattr(record, name, value.replace(self.secret, REDACTED))
        return True
