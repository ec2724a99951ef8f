"""Post groups stored by the sandbox, in memory and optionally in a JSON state file.

Post groups are kept in the shape that GET /post returns, plus the id of their workspace.
Every change rewrites the whole state file, so a state file suits up to some thousands of
posts. Benchmarks with more should run the sandbox with no state file.
"""

from __future__ import annotations

import copy
import json
import os
import secrets
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from calendar_loader.errors import InputError
from calendar_loader.sandbox.rules import NewPost

_STATE_VERSION = 1
_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def format_timestamp(moment: datetime) -> str:
    """Format an aware datetime the way Ocoya's responses do: `2030-01-01T10:00:00.000Z`."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _base36(number: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, remainder = divmod(number, 36)
        digits.append(_BASE36[remainder])
    return "".join(reversed(digits))


class PostStore:
    """Thread-safe storage of post groups, written atomically to `path` after every change.

    With `path` None the posts live in memory only. Raises InputError at construction when
    the file exists but is not a state file this sandbox wrote.
    """

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._groups: list[dict[str, object]] = self._load() if path else []
        self._counter = 0
        # Four characters of the process id, like the host fingerprint inside a cuid, so
        # that two sandboxes writing in the same second make different ids.
        self._fingerprint = _base36(os.getpid(), 4)

    @property
    def path(self) -> Path | None:
        return self._path

    def add(self, workspace_id: str, post: NewPost) -> dict[str, object]:
        """Store a new post group, save the state file and return the group as listed."""
        with self._lock:
            known = {group["id"] for group in self._groups}
            post_id = self._new_id()
            while post_id in known:
                post_id = self._new_id()
            group = _build_group(post_id, post, datetime.now(UTC))
            self._commit([*self._groups, {"workspaceId": workspace_id, **group}])
            return copy.deepcopy(group)

    def post_groups(self, workspace_id: str | None = None) -> list[dict[str, object]]:
        """Return copies of the stored post groups, oldest first, of one workspace or all."""
        with self._lock:
            return [
                _public(group)
                for group in self._groups
                if workspace_id is None or group["workspaceId"] == workspace_id
            ]

    def reschedule(self, post_id: str, scheduled_at: datetime) -> dict[str, object] | None:
        """Set a post group's `scheduledAt`, save, and return the group (None if not found).

        A group with social profiles becomes SCHEDULED.
        """
        with self._lock:
            for index, group in enumerate(self._groups):
                if group["id"] == post_id:
                    changed = {
                        **group,
                        "scheduledAt": format_timestamp(scheduled_at),
                        "status": "SCHEDULED" if group["socialProfiles"] else "DRAFT",
                    }
                    self._commit([*self._groups[:index], changed, *self._groups[index + 1 :]])
                    return _public(changed)
            return None

    def delete(self, post_id: str) -> bool:
        """Remove a post group and save. Return False when no group has that id."""
        with self._lock:
            for index, group in enumerate(self._groups):
                if group["id"] == post_id:
                    self._commit([*self._groups[:index], *self._groups[index + 1 :]])
                    return True
            return False

    def count(self) -> int:
        with self._lock:
            return len(self._groups)

    def _new_id(self) -> str:
        """Make an id shaped like Ocoya's cuids: `c` and 24 lowercase base36 characters.

        The parts are the time in milliseconds, a counter, the process fingerprint and
        random characters, 8, 4, 4 and 8 characters long.
        """
        self._counter += 1
        random_part = "".join(secrets.choice(_BASE36) for _ in range(8))
        return (
            "c"
            + _base36(time.time_ns() // 1_000_000, 8)
            + _base36(self._counter, 4)
            + self._fingerprint
            + random_part
        )

    def _load(self) -> list[dict[str, object]]:
        assert self._path is not None
        try:
            text = self._path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except OSError as error:
            raise InputError(
                f"Cannot read the sandbox state file {self._path}: {error.strerror}.",
                source=str(self._path),
            ) from None
        try:
            state = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(
                f"The sandbox state file {self._path} is not valid JSON ({error.msg}, line"
                f" {error.lineno}). Move it away to start the sandbox with no posts.",
                source=str(self._path),
            ) from None
        if (
            not isinstance(state, dict)
            or state.get("version") != _STATE_VERSION
            or not isinstance(state.get("postGroups"), list)
        ):
            raise InputError(
                f"The sandbox state file {self._path} is not a version {_STATE_VERSION} state"
                " file of the calendar-loader sandbox. Move it away to start with no posts.",
                source=str(self._path),
            )
        groups = state["postGroups"]
        for group in groups:
            if not (
                isinstance(group, dict)
                and isinstance(group.get("id"), str)
                and isinstance(group.get("workspaceId"), str)
            ):
                raise InputError(
                    f"The sandbox state file {self._path} contains a post group without an id"
                    " or a workspaceId. Move the file away to start with no posts.",
                    source=str(self._path),
                )
        return list(groups)

    def _commit(self, groups: list[dict[str, object]]) -> None:
        """Save `groups` and then keep them, so a failed write changes nothing."""
        if self._path is not None:
            _write_atomically(self._path, {"version": _STATE_VERSION, "postGroups": groups})
        self._groups = groups


def _write_atomically(path: Path, state: dict[str, object]) -> None:
    """Replace `path` with `state` as JSON, so that a crash leaves the old or the new file.

    The data goes to a temporary file of mode 0600 in the same folder, is flushed to
    disk, and replaces the file with os.replace. The folder is then synced too, because
    on Linux the rename itself is durable only after that.
    """
    data = json.dumps(state, indent=1).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def _build_group(post_id: str, post: NewPost, created_at: datetime) -> dict[str, object]:
    """Build a post group the way GET /post lists it.

    It contains one post per distinct provider of the chosen profiles, or one post with
    provider None for a draft without profiles.
    """
    providers: list[str | None] = list(
        dict.fromkeys(profile["provider"] for profile in post.profiles)
    )
    creatives = [{"url": url} for url in post.media_urls]
    posts = [
        {"provider": provider, "caption": post.caption, "creatives": copy.deepcopy(creatives)}
        for provider in providers or [None]
    ]
    scheduled = post.scheduled_at is not None and bool(post.profiles)
    return {
        "id": post_id,
        "postType": "POST",
        "status": "SCHEDULED" if scheduled else "DRAFT",
        "scheduledAt": format_timestamp(post.scheduled_at) if post.scheduled_at else None,
        "createdAt": format_timestamp(created_at),
        "posts": posts,
        "socialProfiles": [{"socialProfile": dict(profile)} for profile in post.profiles],
    }


def _public(group: dict[str, object]) -> dict[str, object]:
    return {key: copy.deepcopy(value) for key, value in group.items() if key != "workspaceId"}
