"""Parsing POSTMIND_DATABASE_URL into the storage it names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from infrastructure.config import ConfigurationError

StorageKind = Literal["sqlite", "memory"]


@dataclass(frozen=True, slots=True)
class DatabaseUrl:
    kind: StorageKind
    path: Path | None = None


def parse_database_url(url: str) -> DatabaseUrl:
    """`sqlite:///relative.db`, `sqlite:////abs/path.db` or `memory://`."""
    scheme, sep, rest = url.strip().partition("://")
    if not sep:
        raise ConfigurationError(
            "POSTMIND_DATABASE_URL is not a URL: use sqlite:///path.db or memory://."
        )
    scheme = scheme.lower()
    if scheme == "memory":
        return DatabaseUrl("memory")
    if scheme == "sqlite":
        if not rest.startswith("/") or rest in ("/", "/:memory:"):
            raise ConfigurationError(
                f"POSTMIND_DATABASE_URL '{url}' names no file: use sqlite:///relative.db or "
                "sqlite:////absolute/path.db (memory:// for a throwaway store)."
            )
        return DatabaseUrl("sqlite", Path(rest[1:]))
    if scheme in ("postgres", "postgresql"):
        raise ConfigurationError("PostgreSQL is not supported yet: use sqlite:///path.db.")
    raise ConfigurationError(
        f"Unknown database URL scheme '{scheme}' in POSTMIND_DATABASE_URL: "
        "use sqlite:///path.db or memory://."
    )
