"""A user says hello (first message, /start, terminal start): create or refresh them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from domain.ports import Clock, UnitOfWorkFactory
from domain.users import User


@dataclass(frozen=True, slots=True)
class RegisterUserRequest:
    user_id: int
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None


@dataclass(frozen=True, slots=True)
class RegisterUserResult:
    user_id: int
    is_new: bool


class RegisterUser:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow_factory = uow_factory
        self._clock = clock

    def __call__(self, request: RegisterUserRequest) -> RegisterUserResult:
        with self._uow_factory() as uow:
            now = self._clock.now()
            user = uow.users.get(request.user_id)
            if user is None:
                user = User(id=request.user_id, created_at=now, last_active_at=now)
                uow.users.add(user)
                is_new = True
            else:
                is_new = False
            uow.users.update(
                replace(
                    user,
                    last_active_at=now,
                    username=request.username,
                    first_name=request.first_name,
                    last_name=request.last_name,
                )
            )
            uow.commit()
        return RegisterUserResult(request.user_id, is_new=is_new)
