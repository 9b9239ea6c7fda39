"""What the storage reports to the people who look after it (backup, restore, verify,
migrate, retention), as plain values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from domain.errors import RetentionTooShortError


@dataclass(frozen=True, slots=True)
class VerifyReport:
    integrity: str  # "ok", or what SQLite's integrity check found
    foreign_key_problems: int
    schema_version: int
    expected_version: int
    row_counts: Mapping[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return (
            self.integrity == "ok"
            and self.foreign_key_problems == 0
            and self.schema_version == self.expected_version
        )

    @property
    def problems(self) -> list[str]:
        found = []
        if self.integrity != "ok":
            found.append(f"integrity check failed: {self.integrity}")
        if self.foreign_key_problems:
            found.append(f"{self.foreign_key_problems} row(s) point at rows that do not exist")
        if self.schema_version != self.expected_version:
            found.append(
                f"schema version {self.schema_version}, expected {self.expected_version}"
                " (run postmind migrate)"
            )
        return found


@dataclass(frozen=True, slots=True)
class BackupReport:
    path: str
    size_bytes: int
    schema_version: int
    row_counts: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RestoreReport:
    source: str
    safety_copy: str | None  # the replaced database, kept
    schema_version: int  # after restoring (and migrating, if the backup was older)
    row_counts: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MigrateReport:
    applied: tuple[int, ...]  # the versions applied now, oldest first
    schema_version: int  # after migrating
    descriptions: tuple[str, ...] = ()  # what each applied version changed

    @property
    def from_version(self) -> int:
        """The version before: 0 for a database that was new."""
        return self.applied[0] - 1 if self.applied else self.schema_version


@dataclass(frozen=True, slots=True)
class CopyReport:
    source: str  # where from and to, without passwords
    target: str
    row_counts: Mapping[str, int] = field(default_factory=dict)  # equal on both sides


@dataclass(frozen=True, slots=True)
class CleanupReport:
    cutoff: datetime
    dry_run: bool
    sessions_removed: int  # abandoned sessions, with their history, drafts and feedback
    messages_removed: int  # chat history past the cut-off, of those and of completed sessions
    posts_removed: int
    feedback_removed: int


SHORTEST_RETENTION = timedelta(hours=1)
"""The least history a real cleanup keeps. Zero would delete the sessions people ended a
moment ago, whose drafts may still be on their screens and be pressed, and an admin job on
another host cuts off by its own clock, which may run minutes ahead of the bot's: an hour
leaves room for both, and is short enough for any real need. A dry run deletes nothing, so
it may look at everything (zero)."""


def retention_cutoff(now: datetime, retention: timedelta, *, dry_run: bool = False) -> datetime:
    """The instant before which abandoned sessions and old history go: `retention` before
    `now`. A dry run may keep nothing; a real cleanup keeps at least SHORTEST_RETENTION."""
    shortest = timedelta(0) if dry_run else SHORTEST_RETENTION
    if retention < shortest:
        raise RetentionTooShortError(retention, shortest)
    return now - retention
