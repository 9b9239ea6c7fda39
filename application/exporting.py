"""Everything stored about one user, as one JSON-ready document (format postmind-export v1)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from application.lookups import require_user
from domain.ports import UnitOfWork

EXPORT_FORMAT = "postmind-export"
EXPORT_VERSION = 1


def export(uow: UnitOfWork, user_id: int) -> dict[str, Any]:
    """The user's rows, read in `uow`, oldest first, as plain data."""
    user = require_user(uow, user_id)
    sessions = list(reversed(uow.sessions.list_for_user(user.id)))  # oldest first
    messages = [m for s in sessions for m in uow.messages.list_for_session(_id(s.id))]
    posts = [
        replace(p, measured=p.metrics)  # every post with its measurement
        for s in sessions
        for p in uow.posts.list_for_session(_id(s.id))
    ]
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "user": _plain(user),
        "sessions": [_plain(s) for s in sessions],
        "messages": [_plain(m) for m in messages],
        "posts": [_plain(p) for p in posts],
        "feedback": [_plain(f) for f in uow.feedback.list_for_user(user.id)],
        "preferences": [_plain(p) for p in uow.preferences.get_profile(user.id).entries.values()],
    }


def _id(value: int | None) -> int:
    assert value is not None
    return value


def _plain(obj: Any) -> Any:
    """A domain object as JSON-ready data: dataclasses as dicts, datetimes as ISO 8601 UTC."""
    if hasattr(obj, "__dataclass_fields__"):
        return {name: _plain(getattr(obj, name)) for name in obj.__dataclass_fields__}
    if isinstance(obj, datetime):
        return obj.isoformat()
    if isinstance(obj, tuple | list):
        return [_plain(item) for item in obj]
    if isinstance(obj, dict):
        return {key: _plain(value) for key, value in obj.items()}
    return obj
