"""Parsing POSTMIND_DATABASE_URL into the storage it names."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from infrastructure.config import ConfigurationError

StorageKind = Literal["sqlite", "memory", "postgres"]


@dataclass(frozen=True, slots=True)
class DatabaseUrl:
    kind: StorageKind
    path: Path | None = None
    url: str | None = field(default=None, repr=False)  # postgres: may hold a password


def parse_database_url(url: str, setting: str = "POSTMIND_DATABASE_URL") -> DatabaseUrl:
    """`sqlite:///relative.db`, `sqlite:////abs/path.db`, `postgresql://...` or `memory://`.

    An error names `setting`, where the URL came from: the variable, or an option such as
    `--database-url` when a command line gave it.
    """
    scheme, sep, rest = url.strip().partition("://")
    if not sep:
        raise ConfigurationError(f"{setting} is not a URL: use sqlite:///path.db or memory://.")
    scheme = scheme.lower()
    if scheme == "memory":
        return DatabaseUrl("memory")
    if scheme == "sqlite":
        if not rest.startswith("/") or rest in ("/", "/:memory:"):
            raise ConfigurationError(
                f"{setting} '{url}' names no file: use sqlite:///relative.db or "
                "sqlite:////absolute/path.db (memory:// for a throwaway store)."
            )
        return DatabaseUrl("sqlite", Path(rest[1:]))
    if scheme in ("postgres", "postgresql"):
        return DatabaseUrl("postgres", url="postgresql://" + rest)
    raise ConfigurationError(
        f"Unknown database URL scheme '{scheme}' in {setting}: "
        "use sqlite:///path.db, postgresql://user:password@host:port/db or memory://."
    )
