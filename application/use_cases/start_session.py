"""/new without a brief: leave the active session behind and open an empty one."""

from __future__ import annotations

from dataclasses import dataclass

from application.lookups import require_user
from application.views import SessionView
from domain.ports import Clock, UnitOfWorkFactory
from domain.sessions import Session


@dataclass(frozen=True, slots=True)
class StartSessionRequest:
    user_id: int


class StartSession:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow_factory = uow_factory
        self._clock = clock

    def __call__(self, request: StartSessionRequest) -> SessionView:
        with self._uow_factory() as uow:
            now = self._clock.now()
            user = require_user(uow, request.user_id)
            active = uow.sessions.active_for(request.user_id)
            if active is not None:
                uow.sessions.update(active.abandon(now))
            session = uow.sessions.add(Session(request.user_id, now))
            uow.users.update(user.counted(sessions_count=1).touched(now))
            uow.commit()
        return SessionView.of(session, [])
