"""Column types that keep domain values exact across a round trip."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from peewee import TextField


class UtcDateTimeField(TextField):
    """An aware datetime stored as UTC ISO-8601 text with microseconds: sortable and readable."""

    field_type = "TEXT"

    def db_value(self, value: datetime | None) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: pass an aware UTC datetime")
        return value.astimezone(UTC).isoformat(timespec="microseconds")

    def python_value(self, value: str | None) -> datetime | None:
        return None if value is None else datetime.fromisoformat(value)


class JsonField(TextField):
    """Any JSON value, stored as compact UTF-8 text (emoji kept as they are; None is 'null')."""

    def db_value(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def python_value(self, value: str | None) -> Any:
        return None if value is None else json.loads(value)
