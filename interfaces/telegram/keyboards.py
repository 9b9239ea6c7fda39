"""Inline keyboards: the draft's actions, the rating after approval, the /forget question."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from domain.actions import Action
from domain.posts import MAX_RATING, MIN_RATING
from interfaces.telegram.callback_data import (
    ActionButton,
    ForgetButton,
    RateButton,
    RetryButton,
    decode,
    encode,
)

# Rows of (label, action): approval first, then the style moves in pairs.
_DRAFT_ROWS: tuple[tuple[tuple[str, Action], ...], ...] = (
    (("✅ Approve", Action.APPROVE), ("🔄 Regenerate", Action.REGENERATE)),
    (("➖ Shorter", Action.SHORTER), ("➕ Longer", Action.LONGER)),
    (("😎 Casual", Action.CASUAL), ("👔 Formal", Action.FORMAL)),
    (("🙂 More emoji", Action.MORE_EMOJI), ("🚫 Less emoji", Action.LESS_EMOJI)),
    (("#️⃣ More hashtags", Action.MORE_HASHTAGS), ("✂️ Less hashtags", Action.LESS_HASHTAGS)),
    (("📣 Add CTA", Action.ADD_CTA), ("🔇 Drop CTA", Action.DROP_CTA)),
    (("🗑 Reject", Action.REJECT),),
)


def draft_keyboard(post_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(label, callback_data=encode(ActionButton(action, post_id)))
                for label, action in row
            ]
            for row in _DRAFT_ROWS
        ]
    )


def rating_keyboard(post_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("⭐" * n, callback_data=encode(RateButton(n, post_id)))
                for n in range(MIN_RATING, MAX_RATING + 1)
            ]
        ]
    )


def forget_keyboard() -> InlineKeyboardMarkup:
    yes = InlineKeyboardButton("Yes, erase everything", callback_data=encode(ForgetButton(True)))
    no = InlineKeyboardButton("No, keep it", callback_data=encode(ForgetButton(False)))
    return InlineKeyboardMarkup([[yes, no]])


def retry_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton("🔁 Try again", callback_data=encode(RetryButton()))]]
    )


def post_id_of(markup: InlineKeyboardMarkup | None) -> int | None:
    """The post a draft message's keyboard acts on (used when the user replies to a draft)."""

    if markup is None:
        return None
    for row in markup.inline_keyboard:
        for button in row:
            data = button.callback_data
            decoded = decode(data if isinstance(data, str) else None)
            if isinstance(decoded, ActionButton):
                return decoded.post_id
    return None
