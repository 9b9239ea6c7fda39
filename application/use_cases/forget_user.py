"""Erase a user and everything of theirs; report what is left (it must be nothing)."""

from __future__ import annotations

from dataclasses import dataclass

from application.lookups import require_user
from domain.ports import StorageAdmin, UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class ForgetUserRequest:
    user_id: int


@dataclass(frozen=True, slots=True)
class ForgetUserResult:
    user_id: int
    sessions_erased: int
    rows_left: int  # the user's rows still stored after the erase: 0


class ForgetUser:
    def __init__(self, uow_factory: UnitOfWorkFactory, admin: StorageAdmin) -> None:
        self._uow_factory = uow_factory
        self._admin = admin

    def __call__(self, request: ForgetUserRequest) -> ForgetUserResult:
        with self._uow_factory() as uow:
            require_user(uow, request.user_id)
            sessions = len(uow.sessions.list_for_user(request.user_id))
            uow.users.delete(request.user_id)
            uow.commit()
        self._admin.scrub()  # not even the bytes of what was deleted stay behind
        with self._uow_factory() as uow:
            left = (
                (uow.users.get(request.user_id) is not None)
                + len(uow.sessions.list_for_user(request.user_id))
                + uow.messages.count_for_user(request.user_id)
                + len(uow.posts.list_for_user(request.user_id))
                + len(uow.feedback.list_for_user(request.user_id))
                + len(uow.preferences.get_profile(request.user_id).entries)
            )
        return ForgetUserResult(request.user_id, sessions, left)
