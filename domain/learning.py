"""How feedback changes what postmind believes about a user's style.

Every signal becomes observations: "for this dimension, the user wants about this value"
(an action on a draft, a setting in free text, an edit, an approval, a good rating) or
"this dimension is less certain than we thought" (a rejection, a poor rating). Each
observation moves the estimate part of the way towards its target, so recent evidence
weighs more than old (an exponential moving average), and moves the confidence towards
how well the target agreed with the estimate. Evidence is read from what the user saw: the
draft's measured style, not the style it was asked to have (a real LLM follows a style
only roughly). Estimates are clamped into each dimension's bounds, confidence into 0..1,
whatever the input. Explicit settings are never touched by learning; they hold until the
user resets them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from domain.actions import STYLE_ACTIONS, Action, apply_action
from domain.dimensions import DIMENSIONS, STYLE_KEYS, as_number, estimates_of
from domain.errors import InvalidSettingError, ValidationError
from domain.preferences import Preference, PreferenceProfile, PreferenceSource
from domain.style import Style
from domain.text_metrics import TextMetrics
from domain.user_text import quoted

# How far one observation moves an estimate (0..1): direct evidence moves it most.
WEIGHT_EDIT = 0.8  # the user wrote the post they wanted
WEIGHT_SETTING = 0.7  # "keep it under 50 words", "no emojis"
WEIGHT_APPROVAL = 0.6  # this style was good enough to publish
WEIGHT_ACTION = 0.5  # "shorter": at least this much shorter
WEIGHT_GOOD_RATING = 0.3  # per rating point above 3
WEIGHT_DOUBT_REJECT = 0.3  # a rejection: every learned value is a little less certain
WEIGHT_DOUBT_RATING = 0.15  # per rating point below 3

ACTION_KEYS: dict[Action, str] = {
    Action.SHORTER: "length",
    Action.LONGER: "length",
    Action.CASUAL: "formality",
    Action.FORMAL: "formality",
    Action.MORE_EMOJI: "emoji",
    Action.LESS_EMOJI: "emoji",
    Action.MORE_HASHTAGS: "hashtags",
    Action.LESS_HASHTAGS: "hashtags",
    Action.ADD_CTA: "cta",
    Action.DROP_CTA: "cta",
}


@dataclass(frozen=True, slots=True)
class Observation:
    """Evidence about one dimension: a wanted value, or (target None) a reason for doubt."""

    key: str
    target: float | None
    weight: float


def from_actions(seen: Style, actions: Iterable[Action]) -> list[Observation]:
    """A style action on a draft: the user wants the value the action moves to, from what
    they saw. `seen` is the draft's measured style: "shorter" on an 84-word draft says
    "clearly fewer than 84", whatever the draft was asked to be."""
    observations = []
    for action in actions:
        if action in STYLE_ACTIONS:
            key = ACTION_KEYS[action]
            target = estimates_of(apply_action(seen, action))[key]
            observations.append(Observation(key, target, WEIGHT_ACTION))
    return observations


def from_settings(settings: Mapping[str, float]) -> list[Observation]:
    """Values the user named in free text ('no emojis', 'under 50 words')."""
    return [Observation(key, as_number(key, v), WEIGHT_SETTING) for key, v in settings.items()]


def from_style(style: Style, weight: float) -> list[Observation]:
    return [Observation(key, value, weight) for key, value in estimates_of(style).items()]


def from_approval(seen: Style) -> list[Observation]:
    """An approval confirms the measured style of the approved text (not the one asked for)."""
    return from_style(seen, WEIGHT_APPROVAL)


def from_rating(style: Style, rating: int) -> list[Observation]:
    """4-5 confirms the rated (measured) style; 1-2 casts doubt on everything learned; 3 says
    little."""
    if rating > 3:
        return from_style(style, WEIGHT_GOOD_RATING * (rating - 3) / 2)
    if rating < 3:
        return doubt(WEIGHT_DOUBT_RATING * (3 - rating))
    return []


def from_rejection() -> list[Observation]:
    return doubt(WEIGHT_DOUBT_REJECT)


def from_edit(metrics: TextMetrics) -> list[Observation]:
    """The user's own version of the post teaches its measured style directly."""
    return from_style(style_of(metrics), WEIGHT_EDIT)


def style_of(metrics: TextMetrics) -> Style:
    """The style a text was written in, as well as a style can say it."""
    return metrics.as_style()


def doubt(weight: float) -> list[Observation]:
    return [Observation(key, None, weight) for key in STYLE_KEYS]


def learn(
    profile: PreferenceProfile,
    observations: Iterable[Observation],
    now: datetime,
    baseline: Style | None = None,
) -> PreferenceProfile:
    """The profile after the observations, in order. Explicit settings are left alone.

    A dimension seen for the first time starts from `baseline` (the defaults) with no
    confidence, so the first observation alone never makes postmind sure.
    """
    start = estimates_of(baseline or Style())
    learned = profile
    for obs in observations:
        current = learned.get(obs.key)
        if current is not None and current.source is PreferenceSource.EXPLICIT:
            continue
        if obs.target is None and current is None:
            continue  # nothing learned yet, so nothing to doubt
        if obs.target is not None and math.isnan(obs.target):
            continue  # no information
        dimension = DIMENSIONS[obs.key]
        weight = min(1.0, max(0.0, obs.weight))
        estimate = _readable(obs.key, current) if current else None
        confidence = current.confidence if current and estimate is not None else 0.0
        if estimate is None:
            estimate = start[obs.key]
        if obs.target is None:
            confidence *= 1.0 - weight
        else:
            target = dimension.clamp(obs.target)
            agreement = 1.0 - min(1.0, abs(target - estimate) / dimension.span)
            estimate = dimension.clamp(estimate + weight * (target - estimate))
            confidence += weight * (agreement - confidence)
        learned = learned.with_preference(
            Preference(
                key=obs.key,
                value=round(estimate, 3),
                confidence=round(min(1.0, max(0.0, confidence)), 3),
                evidence_count=(current.evidence_count if current else 0) + 1,
                source=PreferenceSource.LEARNED,
                updated_at=now,
            )
        )
    return learned


def _readable(key: str, preference: Preference) -> float | None:
    """A stored value on its scale, or None when it cannot be read (then it is relearned)."""
    try:
        return as_number(key, preference.value)
    except ValueError:
        return None


SYNONYMS = {"tone": "formality", "words": "length", "emojis": "emoji", "hashtag": "hashtags"}


def explicit(key: str, value: str, now: datetime) -> Preference:
    """A preference the user states (`key` = `value`), honoured until reset."""
    name = key.strip().lower()
    name = SYNONYMS.get(name, name)
    if name not in DIMENSIONS:
        raise ValidationError(
            f"Unknown preference '{quoted(key)}'. You can set: {', '.join(STYLE_KEYS)}."
        )
    try:
        number = _explicit_number(name, value)
    except ValueError:
        expected, example = _EXPECTED[name]
        raise InvalidSettingError(name, quoted(value), expected, example) from None
    return Preference(name, number, 1.0, 0, PreferenceSource.EXPLICIT, now)


_EXPECTED = {  # what each dimension takes, and a value to show as an example
    "length": ("a number of words from 15 to 400", "60"),
    "formality": ("casual, neutral or formal", "casual"),
    "emoji": ("a number from 0 to 10", "0"),
    "hashtags": ("a number from 0 to 10", "3"),
    "cta": ("yes or no", "yes"),
}


def _explicit_number(key: str, value: str) -> float:
    """Strict parsing: an explicit value out of bounds is refused, not clamped."""
    text = value.strip().lower()
    if key in ("length", "emoji", "hashtags"):
        number = int(text)
        dimension = DIMENSIONS[key]
        if not dimension.low <= number <= dimension.high:
            raise ValueError(text)
        return float(number)
    return as_number(key, text)
