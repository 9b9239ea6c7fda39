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
