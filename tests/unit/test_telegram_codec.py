"""The callback-data codec and message splitting of the Telegram interface (no network)."""

from __future__ import annotations

import pytest

from domain.actions import Action
from interfaces.telegram import callback_data
from interfaces.telegram.keyboards import draft_keyboard, post_id_of, rating_keyboard
from interfaces.telegram.rendering import MAX_MESSAGE, escape, split

BIGGEST_POST_ID = 2**63 - 1


@pytest.mark.parametrize(
    "button",
    [
        *(callback_data.ActionButton(action, BIGGEST_POST_ID) for action in Action),
        *(callback_data.RateButton(n, BIGGEST_POST_ID) for n in range(1, 6)),
        callback_data.RetryButton(),
        callback_data.ForgetButton(True),
        callback_data.ForgetButton(False),
    ],
)
def test_every_button_round_trips_within_64_bytes(
    button: callback_data.ActionButton
    | callback_data.RateButton
    | callback_data.ForgetButton
    | callback_data.RetryButton,
) -> None:
    data = callback_data.encode(button)

    assert len(data.encode()) <= callback_data.MAX_BYTES
    assert callback_data.decode(data) == button


def test_the_contract_formats_are_kept() -> None:
    assert callback_data.encode(callback_data.ActionButton(Action.SHORTER, 17)) == "shorter:17"
    assert callback_data.encode(callback_data.RateButton(4, 17)) == "rate:4:17"


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "shorter",
        "shorter:",
        "shorter:abc",
        "shorter:-1",
        "explode:17",
        "rate:9:17",
        "rate:0:17",
        "rate:x:17",
        "rate:5",
        "forget:maybe",
        "approve:17:extra",
        "approve:" + "1" * 80,
        "approve:" + "9" * 50,  # fits in 64 bytes, but names no post storage can hold
        f"shorter:{2**63}",  # one past the largest 63-bit id
        f"rate:4:{2**64 + 1}",
        "shorter:１７",  # full-width digits are not ours
    ],
)
def test_forged_or_outdated_data_decodes_to_nothing(data: str | None) -> None:
    assert callback_data.decode(data) is None


def test_a_draft_keyboard_offers_every_action_for_its_post() -> None:
    keyboard = draft_keyboard(42)

    datas = [button.callback_data for row in keyboard.inline_keyboard for button in row]
    assert sorted(datas) == sorted(f"{action.value}:42" for action in Action)  # type: ignore[type-var]
    assert post_id_of(keyboard) == 42


def test_a_rating_keyboard_has_five_ratings_and_no_post_to_edit() -> None:
    keyboard = rating_keyboard(42)

    datas = [button.callback_data for row in keyboard.inline_keyboard for button in row]
    assert datas == [f"rate:{n}:42" for n in range(1, 6)]
    assert post_id_of(keyboard) is None and post_id_of(None) is None


def test_user_text_is_escaped_for_html() -> None:
    assert escape("<b>5 & 6</b>") == "&lt;b&gt;5 &amp; 6&lt;/b&gt;"


def test_long_text_is_split_into_pieces_that_fit_and_lose_nothing() -> None:
    text = "\n\n".join(f"Paragraph {i}: " + "word " * 150 for i in range(12))

    pieces = split(text)

    assert len(pieces) > 1 and all(len(piece) <= MAX_MESSAGE for piece in pieces)
    assert " ".join(" ".join(pieces).split()) == " ".join(text.split())


def test_a_single_unbroken_run_is_cut_hard() -> None:
    pieces = split("x" * 10_000)

    assert [len(p) for p in pieces] == [4096, 4096, 1808]


def test_short_text_is_one_piece() -> None:
    assert split("hello") == ["hello"] and split("") == [""]
