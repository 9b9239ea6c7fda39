"""What postmind knows about a user's style, one dimension at a time.

Each preference holds its dimension's value on the numeric scale of domain.dimensions, a
confidence (0..1), how many pieces of evidence made it, and whether it was learned or set
by the user. The rules that change it are in domain.learning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from domain.dimensions import STYLE_KEYS, as_number, style_from
from domain.style import Style


class PreferenceSource(StrEnum):
    LEARNED = "learned"
    EXPLICIT = "explicit"


@dataclass(frozen=True, slots=True)
class Preference:
    key: str
    value: Any  # JSON-compatible
    confidence: float
    evidence_count: int
    source: PreferenceSource
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class PreferenceProfile:
    user_id: int
    entries: MappingProxyType[str, Preference] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def of(cls, user_id: int, preferences: list[Preference]) -> PreferenceProfile:
        return cls(user_id, MappingProxyType({p.key: p for p in preferences}))

    def get(self, key: str) -> Preference | None:
        return self.entries.get(key)

    def style(self, default: Style | None = None) -> Style:
        """The style a new draft should start from: the defaults overlaid with what is known."""
        known = {}
        for key, pref in self.entries.items():
            if key in STYLE_KEYS:
                try:
                    known[key] = as_number(key, pref.value)
                except ValueError:
                    continue  # an unreadable stored value is as good as none
        return style_from(known, default)

    def set_since(self, moment: datetime) -> dict[str, float]:
        """The values the user set (/set) after `moment`, on their dimensions' scales: they
        apply to the next version of a draft written at `moment`."""
        found = {}
        for key, pref in self.entries.items():
            if pref.source is PreferenceSource.EXPLICIT and pref.updated_at > moment:
                try:
                    found[key] = as_number(key, pref.value)
                except ValueError:
                    continue
        return found

    def only(self, source: PreferenceSource) -> PreferenceProfile:
        """The profile with just the preferences that came from `source`."""
        kept = [pref for pref in self.entries.values() if pref.source is source]
        return PreferenceProfile.of(self.user_id, kept)

    def with_preference(self, preference: Preference) -> PreferenceProfile:
        return PreferenceProfile(
            self.user_id, MappingProxyType({**self.entries, preference.key: preference})
        )


def changed_keys(before: PreferenceProfile, after: PreferenceProfile) -> list[Preference]:
    """The preferences of `after` that differ from `before` (what a repository must write)."""
    return [pref for key, pref in after.entries.items() if before.get(key) != pref]
