"""Feedback on a draft, and reading free text as style actions and settings.

No LLM is needed: a table of phrases people actually write under a draft maps to the same
actions as the buttons ("way too long" is `shorter`), and phrases that name a value
("no emojis", "under 50 words", "three hashtags") become settings. Text that asks for
nothing recognisable is kept as feedback and answered with a fresh wording.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from domain.actions import Action, apply_action
from domain.dimensions import estimates_of, style_from
from domain.learning import ACTION_KEYS, Observation, from_actions, from_settings
from domain.style import Style


class FeedbackKind(StrEnum):
    ACTION = "action"
    TEXT = "text"
    EDIT = "edit"
    RATING = "rating"
    APPROVE = "approve"
    REJECT = "reject"


@dataclass(frozen=True, slots=True)
class Feedback:
    user_id: int
    session_id: int
    post_id: int | None
    kind: FeedbackKind
    created_at: datetime
    signals: tuple[str, ...] = ()
    rating: int | None = None
    text: str | None = None
    id: int | None = None


# Rules in priority order. A match is blanked out of the text before the next rule runs,
# so complaints and negations ("too formal", "no more emojis", "don't add hashtags") are
# read before the bare words they contain ("formal", "more emojis", "add hashtags").
_RULES: tuple[tuple[str, Action], ...] = (
    (
        r"too (formal|stiff|corporate|serious|professional)|less (formal|professional|serious)"
        r"|informal",
        Action.CASUAL,
    ),
    (r"too casual|less casual|not (so |that )?casual", Action.FORMAL),
    (
        r"(no more|don't add|do not add|fewer|less|no|without|too many|lose the|remove the"
        r"|get rid of the|drop the) emojis?",
        Action.LESS_EMOJI,
    ),
    (
        r"(no more|don't add|do not add|fewer|less|no|without|too many|lose the|remove the"
        r"|get rid of the|drop the) hashtags?",
        Action.LESS_HASHTAGS,
    ),
    (
        r"(no|drop the|remove the|without( a)?|lose the) (cta|call to action)|don't ask",
        Action.DROP_CTA,
    ),
    (r"too short|longer|more details?|expand|elaborate|more text|flesh (it )?out", Action.LONGER),
    (
        r"too long|shorter|shorten|trim|cut it|less text|too wordy|less wordy|more concise|concise"
        r"|punchier|fewer words|(make|keep) it brief|briefer",
        Action.SHORTER,
    ),
    (r"casual|relaxed|friendl(ier|y)|chill", Action.CASUAL),
    (r"formal|professional|serious|businesslike", Action.FORMAL),
    (r"more emojis?|(add|use) (an |a few |some )?emojis?", Action.MORE_EMOJI),
    (r"more hashtags?|(add|use) (a |a few |some )?hashtags?", Action.MORE_HASHTAGS),
    (
        r"add (a )?(cta|call to action)|ask (people|them|readers|for)|invite (people|readers)"
        r"|encourage (people|readers)|end with a question",
        Action.ADD_CTA,
    ),
)
_COMPILED = tuple((re.compile(rf"\b(?:{p})\b"), action) for p, action in _RULES)
# When both sides of a pair are asked for, the cautious side wins...
_CAUTIOUS = {
    frozenset({Action.MORE_EMOJI, Action.LESS_EMOJI}): Action.LESS_EMOJI,
    frozenset({Action.MORE_HASHTAGS, Action.LESS_HASHTAGS}): Action.LESS_HASHTAGS,
    frozenset({Action.ADD_CTA, Action.DROP_CTA}): Action.DROP_CTA,
}
# ...and for length and tone, the last word said ("shorter, actually no, longer").
_LAST_WINS = (
    frozenset({Action.SHORTER, Action.LONGER}),
    frozenset({Action.CASUAL, Action.FORMAL}),
)


def interpret_text(text: str) -> tuple[Action, ...]:
    """The style actions that free-text feedback asks for, in Action order (may be empty)."""
    rest = text.lower().replace("\u2019", "'")
    last_seen: dict[Action, int] = {}
    for pattern, action in _COMPILED:
        for match in pattern.finditer(rest):
            last_seen[action] = max(last_seen.get(action, -1), match.start())
        rest = pattern.sub(lambda m: " " * len(m.group()), rest)
    for pair, winner in _CAUTIOUS.items():
        if pair <= last_seen.keys():
            (loser,) = pair - {winner}
            del last_seen[loser]
    for pair in _LAST_WINS:
        if pair <= last_seen.keys():
            del last_seen[min(pair, key=last_seen.__getitem__)]
    return tuple(action for action in Action if action in last_seen)


_NUMBERS = {
    "zero": 0, "no": 0, "one": 1, "a single": 1, "two": 2, "a couple of": 2,
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_AMOUNT = r"(\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + ")"
MIN_STATED_WORDS = 10
_UNDER = r"under|less than|fewer than|at most|max(?:imum)?|no more than|below|within"
_OVER = r"at least|more than|over|minimum|min"
_SETTING_RULES: tuple[tuple[re.Pattern[str], str, float], ...] = (
    # (pattern with the amount as group "n", dimension, factor applied to the amount)
    (re.compile(rf"\b(?:{_UNDER}) (?P<n>{_AMOUNT}) words?\b"), "length", 0.9),
    (re.compile(rf"\b(?:{_OVER}) (?P<n>{_AMOUNT}) words?\b"), "length", 1.1),
    (re.compile(rf"\b(?P<n>{_AMOUNT}) words?\b"), "length", 1.0),
    (re.compile(rf"\b(?:just |only )?(?P<n>{_AMOUNT}) emojis?\b"), "emoji", 1.0),
    (re.compile(rf"\b(?:just |only )?(?P<n>{_AMOUNT}) hashtags?\b"), "hashtags", 1.0),
    (
        re.compile(
            r"\b(?:without|remove the|get rid of the|lose the|drop the|no more|zero|none of the)"
            r" (?P<n>)emojis?\b"
        ),
        "emoji",
        0.0,
    ),
    (
        re.compile(
            r"\b(?:without|remove the|get rid of the|lose the|drop the|no more|zero|none of the)"
            r" (?P<n>)hashtags?\b"
        ),
        "hashtags",
        0.0,
    ),
)


@dataclass(frozen=True, slots=True)
class FeedbackReading:
    """What a piece of free text asks for: style actions, and values it names outright."""

    actions: tuple[Action, ...] = ()
    settings: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def signals(self) -> tuple[str, ...]:
        """As stored with the feedback: action names, then `key=value` settings."""
        named = tuple(f"{key}={value:g}" for key, value in sorted(self.settings.items()))
        return tuple(a.value for a in self.actions) + named

    @property
    def understood(self) -> bool:
        return bool(self.actions or self.settings)

    def applied_to(self, asked: Style, seen: Style | None = None) -> Style:
        """The style of the next version: the actions' moves, then the named values.

        A dimension an action moves is moved from what the user saw (`seen`, the draft's
        measured style; "shorter" on 84 words means fewer than 84); the others keep the
        style the draft was asked for, so a model's slip is not carried into the next one.
        """
        moved = seen or asked
        for action in self.actions:
            moved = apply_action(moved, action)
        touched = {ACTION_KEYS[a] for a in self.actions if a in ACTION_KEYS}
        from_seen = {key: value for key, value in estimates_of(moved).items() if key in touched}
        return style_from({**estimates_of(asked), **from_seen, **self.settings})

    def observations(self, seen: Style) -> list[Observation]:
        """What this feedback on a draft the user saw in style `seen` (measured) teaches."""
        return from_actions(seen, self.actions) + from_settings(self.settings)


def reading_of(signals: tuple[str, ...]) -> FeedbackReading:
    """The reading stored feedback's signals stand for (the inverse of `.signals`)."""
    actions: list[Action] = []
    settings: dict[str, float] = {}
    for signal in signals:
        key, equals, value = signal.partition("=")
        if equals:
            settings[key] = float(value)
        elif signal in Action.__members__.values():
            actions.append(Action(signal))
    return FeedbackReading(tuple(actions), MappingProxyType(settings))


def read_feedback(text: str) -> FeedbackReading:
    """Actions and settings in free text. A setting wins over an action on the same dimension."""
    settings = _settings(text.lower().replace("\u2019", "'"))
    actions = tuple(a for a in interpret_text(text) if ACTION_KEYS.get(a) not in settings)
    return FeedbackReading(actions, MappingProxyType(settings))


def _settings(text: str) -> dict[str, float]:
    found: dict[str, float] = {}
    rest = text
    for pattern, key, factor in _SETTING_RULES:
        for match in pattern.finditer(rest):
            amount = match.group("n")
            number = 0 if factor == 0.0 or amount in ("no", "zero") else _amount(amount)
            if key == "length" and number < MIN_STATED_WORDS:
                continue  # "2 words of thanks" is about content, not length
            if key not in found:
                found[key] = float(round(number * factor)) if factor else 0.0
        rest = pattern.sub(lambda m: " " * len(m.group()), rest)
    if "no emoji" in text or "no emojis" in text:
        found.setdefault("emoji", 0.0)
    if "no hashtag" in text or "no hashtags" in text:
        found.setdefault("hashtags", 0.0)
    return found


def _amount(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word]
