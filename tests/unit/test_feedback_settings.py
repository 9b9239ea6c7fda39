"""Reading free text for the values it names ("no emojis", "under 50 words", "three hashtags").

A named value is a setting, stronger than a nudge: it replaces any action on the same
dimension, is stored with the feedback as `key=value`, sets the next draft's style after
the actions have moved it, and teaches learning with a setting's weight.
"""

from __future__ import annotations

from types import MappingProxyType

import pytest

from domain.actions import Action
from domain.feedback import FeedbackReading, read_feedback, reading_of
from domain.learning import WEIGHT_ACTION, WEIGHT_SETTING, Observation
from domain.style import MAX_HASHTAGS, MAX_WORDS, MIN_WORDS, Formality, Style

NAMED_VALUES: list[tuple[str, dict[str, float]]] = [
    # emoji
    ("no emojis please", {"emoji": 0}),
    ("no emoji", {"emoji": 0}),
    ("zero emojis", {"emoji": 0}),
    ("without emojis", {"emoji": 0}),
    ("get rid of the emojis", {"emoji": 0}),
    ("drop the emojis", {"emoji": 0}),
    ("just one emoji", {"emoji": 1}),
    ("a single emoji", {"emoji": 1}),
    ("use 4 emoji", {"emoji": 4}),
    ("ten emojis", {"emoji": 10}),
    ("tell them it\u2019s 3 emojis max", {"emoji": 3}),
    # hashtags
    ("three hashtags", {"hashtags": 3}),
    ("only 2 hashtags", {"hashtags": 2}),
    ("a couple of hashtags", {"hashtags": 2}),
    ("no more hashtags", {"hashtags": 0}),
    ("no hashtag", {"hashtags": 0}),
    ("lose the hashtags", {"hashtags": 0}),
    ("none of the hashtags", {"hashtags": 0}),
    ("without hashtags", {"hashtags": 0}),
    # length: an upper limit aims a little under it, a lower limit a little over
    ("keep it under 50 words", {"length": 45}),
    ("Keep It Under 50 Words", {"length": 45}),
    ("less than 100 words", {"length": 90}),
    ("no more than 60 words", {"length": 54}),
    ("max 80 words", {"length": 72}),
    ("within 30 words", {"length": 27}),
    ("about 120 words", {"length": 120}),
    ("100 words", {"length": 100}),
    ("at least 200 words", {"length": 220}),
    ("more than 100 words", {"length": 110}),
    ("minimum 50 words", {"length": 55}),
    ("over 150 words", {"length": 165}),
    # several at once
    ("two emojis and five hashtags", {"emoji": 2, "hashtags": 5}),
    ("no emojis, no hashtags", {"emoji": 0, "hashtags": 0}),
    ("under 60 words, one emoji, no hashtags", {"length": 54, "emoji": 1, "hashtags": 0}),
]


@pytest.mark.parametrize(("text", "settings"), NAMED_VALUES)
def test_phrases_that_name_a_value_become_settings(text: str, settings: dict[str, float]) -> None:
    reading = read_feedback(text)

    assert dict(reading.settings) == settings
    assert reading.actions == ()
    assert reading.understood


@pytest.mark.parametrize(
    "text",
    [
        "make it 5 words",  # too few words to be about length
        "say it in one word",
        "I love it",
        "",
    ],
)
def test_text_that_names_no_value_has_no_settings(text: str) -> None:
    reading = read_feedback(text)

    assert dict(reading.settings) == {}
    assert reading.signals == ()
    assert not reading.understood


def test_a_small_number_of_words_to_mention_is_content_not_length() -> None:
    reading = read_feedback("mention 2 words of thanks")

    assert dict(reading.settings) == {}
    assert reading.signals == ("mention:2 words of thanks",)


@pytest.mark.parametrize(
    ("text", "actions", "settings"),
    [
        # on the same dimension the setting wins
        ("shorter, under 50 words", (), {"length": 45}),
        ("way too long, keep it under 60 words", (), {"length": 54}),
        ("too many emojis, just one emoji", (), {"emoji": 1}),
        ("more emojis, but just one emoji", (), {"emoji": 1}),
        ("fewer hashtags, two hashtags is enough", (), {"hashtags": 2}),
        # on different dimensions both are kept
        ("remove the emojis and add a call to action", (Action.ADD_CTA,), {"emoji": 0}),
        ("way too long, no emojis", (Action.SHORTER,), {"emoji": 0}),
        (
            "no emojis, 3 hashtags, more formal and add a call to action",
            (Action.FORMAL, Action.ADD_CTA),
            {"emoji": 0, "hashtags": 3},
        ),
        # a few words of content are no length setting, and do not hide a length action
        ("mention 2 words of thanks and make it shorter", (Action.SHORTER,), {}),
    ],
)
def test_a_setting_replaces_an_action_on_its_own_dimension_only(
    text: str, actions: tuple[Action, ...], settings: dict[str, float]
) -> None:
    reading = read_feedback(text)

    assert reading.actions == actions
    assert dict(reading.settings) == settings


def test_the_first_amount_named_for_a_dimension_wins() -> None:
    reading = read_feedback("under 50 words, not 200 words")

    assert dict(reading.settings) == {"length": 45}


def test_settings_beyond_the_bounds_are_read_as_said() -> None:
    reading = read_feedback("15 hashtags")

    assert dict(reading.settings) == {"hashtags": 15}
    assert reading.applied_to(Style()).hashtags == MAX_HASHTAGS


def test_text_with_typographic_apostrophes_reads_like_plain_ones() -> None:
    assert read_feedback("it\u2019s too long, no emojis") == read_feedback(
        "it's too long, no emojis"
    )


# signals: how a reading is stored with the feedback


def test_signals_list_actions_then_settings_as_key_equals_value() -> None:
    reading = read_feedback("shorter and add a call to action, no emojis, 3 hashtags")

    assert reading.signals == ("shorter", "add_cta", "emoji=0", "hashtags=3")


def test_signals_of_a_single_action() -> None:
    assert read_feedback("too long").signals == ("shorter",)


def test_signals_of_a_single_setting() -> None:
    assert read_feedback("no emojis please").signals == ("emoji=0",)


def test_signals_sort_settings_by_key_and_drop_trailing_zeros() -> None:
    reading = FeedbackReading(settings=MappingProxyType({"length": 45.0, "emoji": 0.0}))

    assert reading.signals == ("emoji=0", "length=45")


def test_an_empty_reading_has_no_signals_and_is_not_understood() -> None:
    reading = FeedbackReading()

    assert reading.signals == ()
    assert not reading.understood


# applied_to: the style of the next version


def test_applied_to_moves_by_the_actions_then_sets_the_named_values() -> None:
    reading = read_feedback("too long, no emojis, add a call to action")

    assert reading.applied_to(Style()) == Style(length=56, emoji=0, cta=True)


def test_applied_to_lets_a_named_value_override_an_action_on_the_same_dimension() -> None:
    reading = FeedbackReading(
        actions=(Action.SHORTER, Action.CASUAL), settings=MappingProxyType({"length": 100.0})
    )

    assert reading.applied_to(Style()) == Style(length=100, formality=Formality.CASUAL)


def test_applied_to_keeps_dimensions_nothing_was_said_about() -> None:
    draft = Style(length=200, formality=Formality.FORMAL, emoji=5, hashtags=4, cta=True)

    assert read_feedback("three hashtags").applied_to(draft) == Style(
        length=200, formality=Formality.FORMAL, emoji=5, hashtags=3, cta=True
    )


def test_applied_to_clamps_named_values_into_the_bounds() -> None:
    reading = FeedbackReading(settings=MappingProxyType({"length": 999.0, "emoji": -2.0}))

    style = reading.applied_to(Style())

    assert (style.length, style.emoji) == (MAX_WORDS, 0)


def test_applied_to_a_short_length_setting_stays_a_valid_style() -> None:
    reading = read_feedback("under ten words")

    assert reading.applied_to(Style()).length == MIN_WORDS


def test_applied_to_with_nothing_understood_keeps_the_style() -> None:
    draft = Style(length=120, emoji=3)

    assert read_feedback("hmm, not sure").applied_to(draft) == draft


# observations: what the reading teaches learning


def test_observations_are_the_actions_targets_then_the_settings() -> None:
    reading = read_feedback("too long, no emojis")

    assert reading.observations(Style(length=80)) == [
        Observation("length", 56.0, WEIGHT_ACTION),
        Observation("emoji", 0.0, WEIGHT_SETTING),
    ]


def test_observations_of_a_setting_that_replaced_an_action_carry_the_setting_only() -> None:
    reading = read_feedback("shorter, under 50 words")

    assert reading.observations(Style()) == [Observation("length", 45.0, WEIGHT_SETTING)]


def test_observations_of_text_that_asks_for_nothing_are_empty() -> None:
    assert read_feedback("mention 2 words of thanks").observations(Style()) == []


def test_observations_clamp_settings_beyond_the_bounds() -> None:
    assert read_feedback("15 hashtags").observations(Style()) == [
        Observation("hashtags", float(MAX_HASHTAGS), WEIGHT_SETTING)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "way too long",
        "no emojis please, and keep it under 50 words",
        "hello",
        "more casual, 3 hashtags",
    ],
)
def test_stored_signals_read_back_as_the_same_reading(text: str) -> None:
    reading = read_feedback(text)

    again = reading_of(reading.signals)

    assert again.actions == reading.actions and dict(again.settings) == dict(reading.settings)
    assert again.signals == reading.signals


def test_an_action_moves_the_next_version_from_what_the_user_saw() -> None:
    asked = Style(length=60, emoji=1)
    seen = Style(length=84, emoji=3, formality=Formality.CASUAL)  # the model wrote long
    next_style = read_feedback("way too long").applied_to(asked, seen)
    assert next_style.length == round(84 * 0.7)  # clearly fewer than the 84 seen
    assert (next_style.emoji, next_style.formality) == (1, Formality.NEUTRAL)  # as asked


def test_feedback_teaches_from_the_measured_draft_not_the_asked_style() -> None:
    seen = Style(length=84)
    assert read_feedback("too long").observations(seen) == [
        Observation("length", float(round(84 * 0.7)), WEIGHT_ACTION)
    ]
