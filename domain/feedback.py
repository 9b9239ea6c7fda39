"""Feedback on a draft, and the first interpretation of free text into actions.

The interpreter is deliberately small here: a table of phrases to style actions. Unknown
text is kept as feedback and answered with a fresh wording of the draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.actions import Action


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


# (pattern, action): the first patterns that match decide; several may apply at once.
_PHRASES: tuple[tuple[str, Action], ...] = (
    (
        r"\b(too long|shorter|shorten|trim|cut it|less text|too wordy|more concise|punchier)\b",
        Action.SHORTER,
    ),
    (r"\b(too short|longer|more detail|expand|elaborate|more text)\b", Action.LONGER),
    (r"\b(casual|informal|relaxed|friendlier|less formal|too stiff|chill)\b", Action.CASUAL),
    (r"\b(formal|professional|serious|less casual|businesslike)\b", Action.FORMAL),
    (
        r"\b(no emojis?|without emojis?|fewer emojis?|less emojis?|too many emojis?)\b",
        Action.LESS_EMOJI,
    ),
    (r"\b(more emojis?|add (some )?emojis?)\b", Action.MORE_EMOJI),
    (
        r"\b(no hashtags?|without hashtags?|fewer hashtags?|less hashtags?|too many hashtags?)\b",
        Action.LESS_HASHTAGS,
    ),
    (r"\b(more hashtags?|add (some )?hashtags?)\b", Action.MORE_HASHTAGS),
    (r"\b(no (cta|call to action)|drop the (cta|call to action)|don'?t ask)\b", Action.DROP_CTA),
    (
        r"\b(add (a )?(cta|call to action)|ask (people|them|readers) to|invite (people|readers))\b",
        Action.ADD_CTA,
    ),
)
_COMPILED = tuple((re.compile(p, re.IGNORECASE), a) for p, a in _PHRASES)
_CONFLICTS = {
    Action.MORE_EMOJI: Action.LESS_EMOJI,
    Action.MORE_HASHTAGS: Action.LESS_HASHTAGS,
    Action.ADD_CTA: Action.DROP_CTA,
}


def interpret_text(text: str) -> tuple[Action, ...]:
    """The style actions that free-text feedback asks for, in table order (may be empty)."""
    found = [action for pattern, action in _COMPILED if pattern.search(text)]
    # "no emojis" also matches nothing positive, but "less formal" matches both casual and
    # formal patterns: negated phrases win over the bare word they contain.
    if Action.CASUAL in found and Action.FORMAL in found and re.search(r"less formal", text, re.I):
        found.remove(Action.FORMAL)
    if Action.CASUAL in found and Action.FORMAL in found and re.search(r"less casual", text, re.I):
        found.remove(Action.CASUAL)
    for more, less in _CONFLICTS.items():
        if more in found and less in found:
            found.remove(more)
    return tuple(found)
