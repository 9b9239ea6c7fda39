"""The conversation's actions (Telegram buttons, terminal `:action`) and how each moves a style."""

from __future__ import annotations

from enum import StrEnum

from domain.errors import ValidationError
from domain.style import Formality, Style

LENGTH_STEP = 0.7  # `shorter` keeps 70% of the words; `longer` divides by it.


class Action(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    REGENERATE = "regenerate"
    SHORTER = "shorter"
    LONGER = "longer"
    CASUAL = "casual"
    FORMAL = "formal"
    MORE_EMOJI = "more_emoji"
    LESS_EMOJI = "less_emoji"
    MORE_HASHTAGS = "more_hashtags"
    LESS_HASHTAGS = "less_hashtags"
    ADD_CTA = "add_cta"
    DROP_CTA = "drop_cta"

    @classmethod
    def parse(cls, word: str) -> Action:
        """The action named by `word` (case and dashes forgiven), or a ValidationError."""
        key = word.strip().lower().replace("-", "_")
        try:
            return cls(key)
        except ValueError:
            known = ", ".join(a.value for a in cls)
            raise ValidationError(
                f"Unknown action '{word.strip()}'. Known actions: {known}."
            ) from None

    @property
    def revises(self) -> bool:
        """True for actions answered with a new version of the draft."""
        return self not in (Action.APPROVE, Action.REJECT)


# The actions that change the style, in the order a keyboard shows them.
STYLE_ACTIONS: tuple[Action, ...] = (
    Action.SHORTER,
    Action.LONGER,
    Action.CASUAL,
    Action.FORMAL,
    Action.MORE_EMOJI,
    Action.LESS_EMOJI,
    Action.MORE_HASHTAGS,
    Action.LESS_HASHTAGS,
    Action.ADD_CTA,
    Action.DROP_CTA,
)


def apply_action(style: Style, action: Action) -> Style:
    """The style the next draft should use after `action`; bounds are kept by Style."""
    match action:
        case Action.SHORTER:
            return style.with_changes(
                length=min(style.length - 1, round(style.length * LENGTH_STEP))
            )
        case Action.LONGER:
            return style.with_changes(
                length=max(style.length + 1, round(style.length / LENGTH_STEP))
            )
        case Action.CASUAL:
            return style.with_changes(formality=style.formality.step(Formality.CASUAL))
        case Action.FORMAL:
            return style.with_changes(formality=style.formality.step(Formality.FORMAL))
        case Action.MORE_EMOJI:
            return style.with_changes(emoji=style.emoji + 1)
        case Action.LESS_EMOJI:
            return style.with_changes(emoji=style.emoji - 1)
        case Action.MORE_HASHTAGS:
            return style.with_changes(hashtags=style.hashtags + 1)
        case Action.LESS_HASHTAGS:
            return style.with_changes(hashtags=style.hashtags - 1)
        case Action.ADD_CTA:
            return style.with_changes(cta=True)
        case Action.DROP_CTA:
            return style.with_changes(cta=False)
        case _:
            return style
