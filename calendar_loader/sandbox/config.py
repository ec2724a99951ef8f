"""Settings of the local Ocoya stand-in: accepted keys, workspaces, profiles, limits and faults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from calendar_loader import ocoya

# Forms of the X-RateLimit-Reset header. Ocoya's documentation does not say which form it
# uses, so the sandbox can send each one, or all three in turn ("rotate").
RESET_FORMS = ("epoch-s", "epoch-ms", "delta-s", "rotate")

# The four social profiles of the demo workspace, for Lumen & Loaf, the fictional
# bakery of the sample calendars.
# The ids have the shape of Ocoya's cuid ids and exist only in the sandbox.
DEMO_PROFILES: tuple[dict[str, str], ...] = (
    {"id": "cmx9f9gej0000jp7qwmaqstv2", "provider": "instagram", "name": "@lumenandloaf"},
    {"id": "cmx9f9mii0001jp7qpq5nkacp", "provider": "facebook", "name": "Lumen & Loaf Bakery"},
    {
        "id": "cmx9f9smh0002jp7qzgjk6llw",
        "provider": "linkedin",
        "name": "Lumen & Loaf GmbH",
    },
    {"id": "cmx9f9yqg0003jp7q531gp1m4", "provider": "twitter", "name": "@lumenloaf"},
)

_PROFILE_KEYS = {"id", "provider", "name"}

# The fault kinds that have a rate, in the order they are reported by `Sandbox.stats()`.
RATE_NAMES = (
    "fail_before_store",
    "fail_after_store",
    "hang_after_store",
    "drop_after_store",
    "burst_429",
    "slow",
)


@dataclass
class Faults:
    """Faults that the sandbox injects on purpose, for tests and the chaos script.

    Each rate is a probability from 0 to 1, drawn per request from a random generator
    seeded with `seed` (None seeds it from the operating system).

    - `fail_before_store`: POST /post responds 503 and stores nothing.
    - `fail_after_store`: POST /post stores the post, then responds 500 "Unknown error".
    - `hang_after_store`: POST /post stores the post, sends nothing for `hang_seconds`,
      then closes the connection.
    - `drop_after_store`: POST /post stores the post, then closes the connection without
      a response.
    - `burst_429`: any authenticated request starts a burst, in which it and the next
      `burst_length - 1` requests get 429 with rate-limit headers.
    - `slow`: any authenticated request gets its normal response `slow_seconds` late.

    Faults apply only to a POST /post whose body passed every rule, so a bad body always
    gets its 422. When several after-store faults are enabled, they are drawn in the
    order fail, hang, drop, and at most one applies.
    """

    fail_before_store: float = 0.0
    fail_after_store: float = 0.0
    hang_after_store: float = 0.0
    drop_after_store: float = 0.0
    burst_429: float = 0.0
    burst_length: int = 3
    slow: float = 0.0
    slow_seconds: float = 0.5
    hang_seconds: float = 30.0
    seed: int | None = None

    def __post_init__(self) -> None:
        for name in RATE_NAMES:
            rate = getattr(self, name)
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"Faults.{name} is {rate!r}: a rate must be from 0 to 1.")
        if self.burst_length < 1:
            raise ValueError(f"Faults.burst_length is {self.burst_length!r}: it must be 1 or more.")
        for name in ("slow_seconds", "hang_seconds"):
            seconds = getattr(self, name)
            if seconds < 0:
                raise ValueError(f"Faults.{name} is {seconds!r}: it must be 0 or more.")


def _demo_workspaces() -> dict[str, str]:
    return {ocoya.DEMO_WORKSPACE_ID: "Demo workspace"}


def _demo_profiles() -> dict[str, list[dict[str, str]]]:
    return {ocoya.DEMO_WORKSPACE_ID: [dict(profile) for profile in DEMO_PROFILES]}


@dataclass
class SandboxConfig:
    """Settings of a sandbox: accepted keys, workspaces, profiles, rate limit and faults.

    `state_path` is the JSON file that keeps the posts between runs (None keeps them in
    memory only). `rate_limit` requests per API key are allowed in each fixed window of
    `window` seconds. `reset_form` is one of RESET_FORMS. `workspaces` maps a workspace id
    to its name, and `profiles` maps a workspace id to its social profiles, each a dict
    with `id`, `provider` and `name`. With `reject_past`, a `scheduledAt` in the past gets
    422, which Ocoya's documentation neither promises nor rules out.

    Raises ValueError for a setting that cannot work, naming the setting.
    """

    state_path: Path | None = None
    rate_limit: int = ocoya.RATE_LIMIT_REQUESTS
    window: float = ocoya.RATE_LIMIT_WINDOW_SECONDS
    reset_form: str = "epoch-s"
    api_keys: frozenset[str] = field(default_factory=lambda: frozenset({ocoya.DEMO_API_KEY}))
    workspaces: dict[str, str] = field(default_factory=_demo_workspaces)
    profiles: dict[str, list[dict[str, str]]] = field(default_factory=_demo_profiles)
    faults: Faults = field(default_factory=Faults)
    reject_past: bool = False

    def __post_init__(self) -> None:
        if self.state_path is not None:
            self.state_path = Path(self.state_path)
        if self.rate_limit < 1:
            raise ValueError(f"rate_limit is {self.rate_limit!r}: it must be 1 or more.")
        if self.window <= 0:
            raise ValueError(f"window is {self.window!r}: it must be more than 0 seconds.")
        if self.reset_form not in RESET_FORMS:
            raise ValueError(
                f"reset_form is {self.reset_form!r}: use one of {', '.join(RESET_FORMS)}."
            )
        if not self.api_keys or not all(isinstance(key, str) and key for key in self.api_keys):
            # The keys themselves stay out of the message because they are secrets.
            raise ValueError("api_keys must contain at least one key, and no empty key.")
        self._check_profiles()

    def _check_profiles(self) -> None:
        seen: set[str] = set()
        for workspace_id, profiles in self.profiles.items():
            if workspace_id not in self.workspaces:
                raise ValueError(
                    f"profiles lists workspace {workspace_id!r}, which is not in workspaces."
                )
            for profile in profiles:
                if set(profile) != _PROFILE_KEYS:
                    raise ValueError(
                        f"Profile {profile!r} of workspace {workspace_id!r} must have exactly"
                        " the keys id, provider and name."
                    )
                if profile["id"] in seen:
                    raise ValueError(f"Profile id {profile['id']!r} appears more than once.")
                seen.add(profile["id"])


def default_state_path() -> Path:
    """Return where `calendar-loader sandbox` keeps its posts by default.

    That is `$XDG_DATA_HOME/calendar-loader/sandbox-state.json`, with XDG_DATA_HOME
    defaulting to ~/.local/share. A relative XDG_DATA_HOME is ignored, as the XDG Base
    Directory specification requires.
    """
    data_home = os.environ.get("XDG_DATA_HOME", "")
    base = Path(data_home) if os.path.isabs(data_home) else Path.home() / ".local" / "share"
    return base / "calendar-loader" / "sandbox-state.json"
