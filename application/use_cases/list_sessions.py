"""A user's sessions, newest first, each with its brief and latest draft."""

from __future__ import annotations

from dataclasses import dataclass

from application.lookups import require_user
from application.views import SessionView
from domain.ports import UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class ListSessionsRequest:
    user_id: int
    limit: int | None = 10


class ListSessions:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    def __call__(self, request: ListSessionsRequest) -> list[SessionView]:
        with self._uow_factory(read_only=True) as uow:
            require_user(uow, request.user_id)
            sessions = uow.sessions.list_for_user(request.user_id, request.limit)
            return [
                SessionView.of(s, uow.posts.list_for_session(s.id))  # type: ignore[arg-type]
                for s in sessions
            ]
