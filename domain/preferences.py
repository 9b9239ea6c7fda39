"""What postmind has learned about a user's style, one dimension at a time.

First version of learning (the full rules are a later issue): an approval is evidence for
every dimension of the approved style; the next session starts from the learned values.
Explicit settings win over learned ones until they are reset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from domain.style import Style

STYLE_KEYS: tuple[str, ...] = ("length", "formality", "emoji", "hashtags", "cta")
CONFIDENCE_PER_EVIDENCE = 0.2


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
        base = (default or Style()).to_dict()
        base.update({key: pref.value for key, pref in self.entries.items() if key in STYLE_KEYS})
        return Style.from_dict(base)

    def with_preference(self, preference: Preference) -> PreferenceProfile:
        return PreferenceProfile(
            self.user_id, MappingProxyType({**self.entries, preference.key: preference})
        )


def learn_from_approval(
    profile: PreferenceProfile, approved: Style, now: datetime
) -> PreferenceProfile:
    """Each dimension of an approved style becomes the learned value, one more piece of evidence.

    Explicit settings are left alone: the user said what they want.
    """
    learned = profile
    for key, value in approved.to_dict().items():
        current = profile.get(key)
        if current is not None and current.source is PreferenceSource.EXPLICIT:
            continue
        evidence = (current.evidence_count if current else 0) + 1
        learned = learned.with_preference(
            Preference(
                key=key,
                value=value,
                confidence=min(1.0, evidence * CONFIDENCE_PER_EVIDENCE),
                evidence_count=evidence,
                source=PreferenceSource.LEARNED,
                updated_at=now,
            )
        )
    return learned


def changed_keys(before: PreferenceProfile, after: PreferenceProfile) -> list[Preference]:
    """The preferences of `after` that differ from `before` (what a repository must write)."""
    return [pref for key, pref in after.entries.items() if before.get(key) != pref]
