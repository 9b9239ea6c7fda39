"""The callback-data codec: what a button carries, at most 64 bytes, checked on the way back.

`<action>:<post_id>` for draft actions, `rate:<n>:<post_id>` for ratings,
`forget:yes|no` to confirm /forget, `retry` after a draft failed. Anything else (a forged
or outdated button) decodes to None.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.actions import Action
from domain.posts import MAX_RATING, MIN_RATING

MAX_BYTES = 64


@dataclass(frozen=True, slots=True)
class ActionButton:
    action: Action
    post_id: int


@dataclass(frozen=True, slots=True)
class RateButton:
    rating: int
    post_id: int


@dataclass(frozen=True, slots=True)
class ForgetButton:
    confirmed: bool


@dataclass(frozen=True, slots=True)
class RetryButton:
    """Try the failed draft again."""


Button = ActionButton | RateButton | ForgetButton | RetryButton


def encode(button: Button) -> str:
    match button:
        case ActionButton(action, post_id):
            data = f"{action.value}:{post_id}"
        case RateButton(rating, post_id):
            data = f"rate:{rating}:{post_id}"
        case ForgetButton(confirmed):
            data = f"forget:{'yes' if confirmed else 'no'}"
        case RetryButton():
            data = "retry"
    assert len(data.encode()) <= MAX_BYTES, data
    return data


def decode(data: str | None) -> Button | None:
    """The button `data` names, or None when it is not one of ours."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    if data == "retry":
        return RetryButton()
    parts = data.split(":")
    try:
        if parts[0] == "forget" and len(parts) == 2 and parts[1] in ("yes", "no"):
            return ForgetButton(parts[1] == "yes")
        if parts[0] == "rate" and len(parts) == 3:
            rating, post_id = int(parts[1]), _post_id(parts[2])
            return RateButton(rating, post_id) if MIN_RATING <= rating <= MAX_RATING else None
        if len(parts) == 2:
            return ActionButton(Action(parts[0]), _post_id(parts[1]))
    except ValueError:
        return None
    return None


MAX_POST_ID = 2**63 - 1  # the largest id storage holds (a signed 64-bit integer)


def _post_id(text: str) -> int:
    """A post id as a button carries it: ASCII digits naming at most a 63-bit number (a
    forged button with a longer one is refused here, before it reaches storage)."""
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_POST_ID:
        raise ValueError(text)
    return int(text)
