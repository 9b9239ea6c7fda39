"""Text metrics: the yardstick a post is measured against its style with."""

from __future__ import annotations

import pytest

from domain.style import Formality
from domain.text_metrics import (
    TextMetrics,
    body_of,
    count_emoji,
    count_hashtags,
    count_words,
    ends_with_cta,
    formality_of,
    is_emoji,
    measure,
)

# --- words ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("Fresh bread today", 3),
        ("  Fresh\n\nbread\ttoday  ", 3),
        ("Fresh bread today #bakery #local", 3),
        ("Good morning ☀️ 🥐 🥖", 2),
        ("Open at 9 on 12/05", 5),
        ("A well-known recipe, baked fresh!", 5),
        ("Bread🥖 for everyone", 3),
        ("— · … !!!", 0),
        ("#only #hashtags #here", 0),
        ("Un café crème, s'il vous plaît", 6),
    ],
)
def test_count_words_counts_tokens_with_a_letter_or_digit(text: str, words: int) -> None:
    assert count_words(text) == words


def test_count_words_excludes_hashtags() -> None:
    assert count_words("Come #in and #taste") == 2


def test_count_words_excludes_emoji_only_tokens() -> None:
    assert count_words("We are open 🎉 🎉🎉 ❤️") == 3


# --- emoji ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "emoji"),
    [
        ("", 0),
        ("no emoji here", 0),
        ("🎉", 1),
        ("🎉🎉🎉", 3),
        ("Party 🎉 and cake 🎂", 2),
        ("☀", 1),
        ("❤", 1),
        ("✅ done", 1),
        ("🫶", 1),
    ],
)
def test_count_emoji_counts_pictographic_code_points(text: str, emoji: int) -> None:
    assert count_emoji(text) == emoji


def test_count_emoji_ignores_variation_selectors() -> None:
    assert count_emoji("\u2600\ufe0f") == 1
    assert count_emoji("\u2764\ufe0f\u2764\ufe0f") == 2


def test_count_emoji_ignores_zero_width_joiners_but_counts_each_person() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"

    assert count_emoji(family) == 3


def test_count_emoji_does_not_count_letters_digits_or_punctuation() -> None:
    assert count_emoji("Café 123 ¡hola! «quotes» © ®") == 0


def test_is_emoji_is_false_for_a_variation_selector_and_a_joiner() -> None:
    assert not is_emoji("\ufe0f")
    assert not is_emoji("\u200d")


def test_count_emoji_counts_a_star() -> None:
    assert count_emoji("Rated ⭐⭐⭐⭐⭐ by our customers") == 5


def test_count_emoji_counts_an_alarm_clock() -> None:
    assert count_emoji("Doors open at 7 ⏰") == 1


def test_count_emoji_counts_a_skin_toned_emoji_once() -> None:
    assert count_emoji("Thanks \U0001f44d\U0001f3fd") == 1


# --- hashtags -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hashtags"),
    [
        ("", 0),
        ("no tags", 0),
        ("#bakery", 1),
        ("Fresh bread\n\n#bakery #local #SourDough", 3),
        ("#one#two", 1),
        ("Touché #café #bäckerei", 2),
        ("email a#b", 0),
        ("# not a tag", 0),
    ],
)
def test_count_hashtags_counts_hash_words(text: str, hashtags: int) -> None:
    assert count_hashtags(text) == hashtags


def test_body_of_removes_the_hashtags_and_keeps_the_words() -> None:
    assert body_of("Fresh bread #bakery today").split() == ["Fresh", "bread", "today"]


def test_a_number_sign_before_a_number_is_not_a_hashtag() -> None:
    text = "We are #1 in town"

    assert (count_hashtags(text), count_words(text)) == (0, 5)


# --- call to action -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Fresh bread daily. Stop by our shop today!",
        "Fresh bread daily. Stop by our shop today!\n\n#bakery #local",
        "New menu is out. Tell us what you think",
        "New menu is out. Tell us what you think\n#menu",
        "We open Monday. Comment below with your favourite pastry.",
        "Big news! Book your table now 🎉",
        "Our new cake is here. Tag a friend who needs it.",
    ],
)
def test_ends_with_cta_sees_an_invitation_in_the_last_sentence(text: str) -> None:
    assert ends_with_cta(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "#comment #share",
        "Fresh bread daily. We open at 7.",
        "Comment below! We open at 7.",
        "Visit us on Saturday. The oven is hot. Bread is ready.",
        "Share the love. Fresh croissants all day.\n\n#share #comment",
    ],
)
def test_ends_with_cta_ignores_invitations_before_the_last_sentence(text: str) -> None:
    assert not ends_with_cta(text)


def test_ends_with_cta_does_not_read_a_hashtag_as_an_invitation() -> None:
    assert not ends_with_cta("Fresh bread daily.\n\n#comment #visit #follow")


def test_ends_with_cta_skips_a_trailing_emoji_only_sentence() -> None:
    assert ends_with_cta("Fresh bread daily. Stop by today! 🥖🎉")


def test_a_line_break_ends_the_sentence_before_it() -> None:
    assert not ends_with_cta("Join us this Saturday\nFresh croissants all day")


def test_a_statement_that_merely_contains_a_cta_word_is_not_a_cta() -> None:
    assert not ends_with_cta("We moved to a bigger kitchen. More photos to follow.")


# --- formality ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Hey folks, it's gonna be awesome!",
        "We're open! Don't miss it!",
        "Guess what? Y'all are invited!",
    ],
)
def test_formality_of_casual_text_is_casual(text: str) -> None:
    assert formality_of(text) is Formality.CASUAL


@pytest.mark.parametrize(
    "text",
    [
        "We are pleased to announce our opening. Kindly reserve in advance.",
        "Please note that the shop is closed. We invite you to visit on Monday.",
        "We are delighted to welcome you. Furthermore, it is our anniversary.",
    ],
)
def test_formality_of_formal_text_is_formal(text: str) -> None:
    assert formality_of(text) is Formality.FORMAL


@pytest.mark.parametrize("text", ["", "Fresh bread is baked daily.", "Hey, we are open."])
def test_formality_of_text_without_a_lean_is_neutral(text: str) -> None:
    assert formality_of(text) is Formality.NEUTRAL


def test_exclamation_marks_count_as_casual() -> None:
    assert formality_of("Fresh bread!!!") is Formality.CASUAL


def test_spelled_out_forms_count_as_formal_and_contractions_as_casual() -> None:
    assert formality_of("Do not miss it.") is Formality.FORMAL
    assert formality_of("Don't miss it.") is Formality.CASUAL


def test_contractions_with_a_typographic_apostrophe_count_as_casual() -> None:
    assert formality_of("We\u2019re open today and it\u2019s warm.") is Formality.CASUAL


# --- all at once ----------------------------------------------------------------------------


def test_measure_reports_every_metric_of_a_post() -> None:
    post = (
        "Hey folks! Our sourdough is back 🥖🎉\n"
        "Baked fresh every morning. Stop by and grab a loaf!\n\n"
        "#bakery #sourdough"
    )

    assert measure(post) == TextMetrics(
        words=16, emoji=2, hashtags=2, cta=True, formality=Formality.CASUAL
    )
