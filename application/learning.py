"""Applying the learning rules inside a unit of work, or not at all when learning is off.

Learning can be switched off (POSTMIND_LEARNING=false) to measure what it is worth: every
session then starts from the defaults and explicit settings alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from domain.learning import Observation, learn
from domain.ports import UnitOfWork
from domain.preferences import PreferenceSource, changed_keys
from domain.style import Style


class PreferenceLearner:
    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled

    def observe(
        self, uow: UnitOfWork, user_id: int, observations: Iterable[Observation], now: datetime
    ) -> None:
        """Fold the observations into the user's stored profile (within the caller's uow)."""
        if not self.enabled:
            return
        profile = uow.preferences.get_profile(user_id)
        learned = learn(profile, observations, now)
        uow.preferences.save(user_id, changed_keys(profile, learned))

    def starting_style(self, uow: UnitOfWork, user_id: int) -> Style:
        """The style of a new session's first draft: what is known of the user, else defaults.

        With learning off, only what the user set explicitly counts.
        """
        profile = uow.preferences.get_profile(user_id)
        if not self.enabled:
            profile = profile.only(PreferenceSource.EXPLICIT)
        return profile.style()
