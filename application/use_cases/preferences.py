"""/preferences, /set <key> <value> and /reset_preferences."""

from __future__ import annotations

from dataclasses import dataclass

from application.lookups import require_user
from application.views import PreferenceView
from domain.dimensions import STYLE_KEYS
from domain.learning import explicit
from domain.ports import Clock, UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class PreferencesRequest:
    user_id: int


@dataclass(frozen=True, slots=True)
class SetPreferenceRequest:
    user_id: int
    key: str
    value: str


class ShowPreferences:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    def __call__(self, request: PreferencesRequest) -> list[PreferenceView]:
        """Every style dimension, learned, set or default, in a fixed order."""
        with self._uow_factory(read_only=True) as uow:
            require_user(uow, request.user_id)
            profile = uow.preferences.get_profile(request.user_id)
        style = profile.style()
        return [PreferenceView.of(key, style, profile.get(key)) for key in STYLE_KEYS]


class SetPreference:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow_factory = uow_factory
        self._clock = clock

    def __call__(self, request: SetPreferenceRequest) -> PreferenceView:
        with self._uow_factory() as uow:
            now = self._clock.now()
            require_user(uow, request.user_id)
            preference = explicit(request.key, request.value, now)
            uow.preferences.save(request.user_id, [preference])
            style = uow.preferences.get_profile(request.user_id).style()
            uow.commit()
        return PreferenceView.of(preference.key, style, preference)


class ResetPreferences:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    def __call__(self, request: PreferencesRequest) -> int:
        """Forget everything learned and set; returns how many preferences were dropped."""
        with self._uow_factory() as uow:
            require_user(uow, request.user_id)
            dropped = len(uow.preferences.get_profile(request.user_id).entries)
            uow.preferences.clear(request.user_id)
            uow.commit()
        return dropped
