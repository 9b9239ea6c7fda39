"""Actions: parsing what a user pressed or typed, and how each action moves a style."""

from __future__ import annotations

import pytest

from domain.actions import STYLE_ACTIONS, Action, apply_action
from domain.errors import ValidationError
from domain.learning import ACTION_KEYS
from domain.style import MAX_EMOJI, MAX_HASHTAGS, MAX_WORDS, MIN_WORDS, Formality, Style


def test_shorter_lowers_target_length() -> None:
    assert apply_action(Style(length=80), Action.SHORTER).length == 56


def test_longer_raises_target_length() -> None:
    assert apply_action(Style(length=80), Action.LONGER).length == 114


def test_shorter_at_the_floor_stays_at_the_floor() -> None:
    assert apply_action(Style(length=MIN_WORDS), Action.SHORTER).length == MIN_WORDS


def test_shorter_just_above_the_floor_lands_on_the_floor() -> None:
    assert apply_action(Style(length=MIN_WORDS + 1), Action.SHORTER).length == MIN_WORDS


def test_longer_at_the_ceiling_stays_at_the_ceiling() -> None:
    assert apply_action(Style(length=MAX_WORDS), Action.LONGER).length == MAX_WORDS


def test_longer_just_below_the_ceiling_lands_on_the_ceiling() -> None:
    assert apply_action(Style(length=MAX_WORDS - 1), Action.LONGER).length == MAX_WORDS


def test_repeated_shorter_keeps_decreasing_until_the_floor() -> None:
    style = Style(length=MAX_WORDS)
    lengths = [style.length]
    while style.length > MIN_WORDS:
        style = apply_action(style, Action.SHORTER)
        assert style.length < lengths[-1]
        lengths.append(style.length)

    assert lengths[-1] == MIN_WORDS
    assert apply_action(style, Action.SHORTER).length == MIN_WORDS


def test_repeated_longer_keeps_increasing_until_the_ceiling() -> None:
    style = Style(length=MIN_WORDS)
    lengths = [style.length]
    while style.length < MAX_WORDS:
        style = apply_action(style, Action.LONGER)
        assert style.length > lengths[-1]
        lengths.append(style.length)

    assert lengths[-1] == MAX_WORDS
    assert apply_action(style, Action.LONGER).length == MAX_WORDS


def test_shorter_lowers_every_length_above_the_floor() -> None:
    stuck = [
        length
        for length in range(MIN_WORDS + 1, MAX_WORDS + 1)
        if apply_action(Style(length=length), Action.SHORTER).length >= length
    ]

    assert stuck == []


def test_longer_raises_every_length_below_the_ceiling() -> None:
    stuck = [
        length
        for length in range(MIN_WORDS, MAX_WORDS)
        if apply_action(Style(length=length), Action.LONGER).length <= length
    ]

    assert stuck == []


@pytest.mark.parametrize("action", [Action.CASUAL, Action.FORMAL])
@pytest.mark.parametrize(
    ("start", "casual", "formal"),  # what each action makes of the start
    [
        (Formality.CASUAL, Formality.CASUAL, Formality.NEUTRAL),
        (Formality.NEUTRAL, Formality.CASUAL, Formality.FORMAL),
        (Formality.FORMAL, Formality.NEUTRAL, Formality.FORMAL),
    ],
)
def test_casual_steps_formality_down_one_place_and_formal_up_one(
    action: Action, start: Formality, casual: Formality, formal: Formality
) -> None:
    expected = casual if action is Action.CASUAL else formal

    assert apply_action(Style(formality=start), action).formality is expected


def test_more_emoji_adds_one_emoji() -> None:
    assert apply_action(Style(emoji=1), Action.MORE_EMOJI).emoji == 2


def test_more_emoji_at_the_ceiling_stays_at_the_ceiling() -> None:
    assert apply_action(Style(emoji=MAX_EMOJI), Action.MORE_EMOJI).emoji == MAX_EMOJI


def test_less_emoji_removes_one_emoji() -> None:
    assert apply_action(Style(emoji=3), Action.LESS_EMOJI).emoji == 2


def test_less_emoji_at_zero_stays_zero() -> None:
    assert apply_action(Style(emoji=0), Action.LESS_EMOJI).emoji == 0


def test_more_hashtags_adds_one_hashtag() -> None:
    assert apply_action(Style(hashtags=2), Action.MORE_HASHTAGS).hashtags == 3


def test_more_hashtags_at_the_ceiling_stays_at_the_ceiling() -> None:
    style = Style(hashtags=MAX_HASHTAGS)

    assert apply_action(style, Action.MORE_HASHTAGS).hashtags == MAX_HASHTAGS


def test_less_hashtags_removes_one_hashtag() -> None:
    assert apply_action(Style(hashtags=2), Action.LESS_HASHTAGS).hashtags == 1


def test_less_hashtags_at_zero_stays_zero() -> None:
    assert apply_action(Style(hashtags=0), Action.LESS_HASHTAGS).hashtags == 0


@pytest.mark.parametrize("cta", [True, False])
def test_add_cta_turns_the_call_to_action_on(cta: bool) -> None:
    assert apply_action(Style(cta=cta), Action.ADD_CTA).cta is True


@pytest.mark.parametrize("cta", [True, False])
def test_drop_cta_turns_the_call_to_action_off(cta: bool) -> None:
    assert apply_action(Style(cta=cta), Action.DROP_CTA).cta is False


@pytest.mark.parametrize("action", [Action.APPROVE, Action.REJECT, Action.REGENERATE])
def test_actions_that_are_not_style_actions_leave_the_style_alone(action: Action) -> None:
    style = Style(length=120, formality=Formality.FORMAL, emoji=3, hashtags=4, cta=True)

    assert apply_action(style, action) == style


@pytest.mark.parametrize("action", STYLE_ACTIONS)
def test_each_style_action_changes_its_own_dimension_and_nothing_else(action: Action) -> None:
    start = Style(
        length=120, formality=Formality.NEUTRAL, emoji=3, hashtags=3, cta=action is Action.DROP_CTA
    )

    after = apply_action(start, action)

    field = ACTION_KEYS[action]  # the dimension learning credits the action to
    assert getattr(after, field) != getattr(start, field)
    assert after.with_changes(**{field: getattr(start, field)}) == start


def test_style_actions_are_every_revising_action_except_regenerate() -> None:
    revising = {action for action in Action if action.revises}

    assert set(STYLE_ACTIONS) == revising - {Action.REGENERATE}
    assert len(STYLE_ACTIONS) == len(set(STYLE_ACTIONS))


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("shorter", Action.SHORTER),
        ("SHORTER", Action.SHORTER),
        ("Shorter", Action.SHORTER),
        ("more_emoji", Action.MORE_EMOJI),
        ("more-emoji", Action.MORE_EMOJI),
        ("More-Emoji", Action.MORE_EMOJI),
        ("LESS-HASHTAGS", Action.LESS_HASHTAGS),
        ("  add-cta \n", Action.ADD_CTA),
        ("approve", Action.APPROVE),
    ],
)
def test_parse_forgives_case_dashes_and_surrounding_space(word: str, expected: Action) -> None:
    assert Action.parse(word) is expected


@pytest.mark.parametrize("action", list(Action))
def test_parse_reads_back_every_action_by_its_value(action: Action) -> None:
    assert Action.parse(action.value) is action


def test_parse_of_an_unknown_word_names_the_word_and_lists_every_known_action() -> None:
    with pytest.raises(ValidationError) as caught:
        Action.parse(" bigger ")

    message = str(caught.value)
    assert "'bigger'" in message
    for action in Action:
        assert action.value in message


@pytest.mark.parametrize("word", ["", "   ", "short", "more emojis", "approved"])
def test_parse_refuses_words_that_are_not_actions(word: str) -> None:
    with pytest.raises(ValidationError, match="Known actions"):
        Action.parse(word)


@pytest.mark.parametrize("action", [Action.APPROVE, Action.REJECT])
def test_approve_and_reject_do_not_revise_the_draft(action: Action) -> None:
    assert action.revises is False


@pytest.mark.parametrize("action", [a for a in Action if a not in (Action.APPROVE, Action.REJECT)])
def test_every_other_action_revises_the_draft(action: Action) -> None:
    assert action.revises is True
