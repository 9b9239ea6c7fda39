"""Text metrics: the yardstick a post is measured against its style with."""

from __future__ import annotations

import pytest

from domain import text_metrics
from domain.style import Formality

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
        ("Come #in and #taste", 2),  # hashtags are not words
        ("We are open 🎉 🎉🎉 ❤️", 3),  # nor are tokens of emoji only
    ],
)
def test_count_words_counts_tokens_with_a_letter_or_digit(text: str, words: int) -> None:
    assert text_metrics.count_words(text) == words


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
        ("\u2600\ufe0f", 1),  # variation selectors are not counted
        ("\u2764\ufe0f\u2764\ufe0f", 2),
        ("\U0001f468\u200d\U0001f469\u200d\U0001f467", 3),  # joiners are not, each person is
        ("Café 123 ¡hola! «quotes» © ®", 0),
        ("Rated ⭐⭐⭐⭐⭐ by our customers", 5),
        ("Doors open at 7 ⏰", 1),
        ("Thanks \U0001f44d\U0001f3fd", 1),  # a skin tone counts with its emoji
    ],
)
def test_count_emoji_counts_pictographic_code_points(text: str, emoji: int) -> None:
    assert text_metrics.count_emoji(text) == emoji


def test_is_emoji_is_false_for_a_variation_selector_and_a_joiner() -> None:
    assert not text_metrics.is_emoji("\ufe0f")
    assert not text_metrics.is_emoji("\u200d")


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
    assert text_metrics.count_hashtags(text) == hashtags


def test_body_of_removes_the_hashtags_and_keeps_the_words() -> None:
    assert text_metrics.body_of("Fresh bread #bakery today").split() == ["Fresh", "bread", "today"]


def test_a_number_sign_before_a_number_is_not_a_hashtag() -> None:
    text = "We are #1 in town"

    assert (text_metrics.count_hashtags(text), text_metrics.count_words(text)) == (0, 5)


# --- call to action -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cta"),
    [
        ("Fresh bread daily. Stop by our shop today!", True),
        ("Fresh bread daily. Stop by our shop today!\n\n#bakery #local", True),
        ("New menu is out. Tell us what you think", True),
        ("New menu is out. Tell us what you think\n#menu", True),
        ("We open Monday. Comment below with your favourite pastry.", True),
        ("Big news! Book your table now 🎉", True),
        ("Our new cake is here. Tag a friend who needs it.", True),
        ("", False),
        ("#comment #share", False),
        ("Fresh bread daily. We open at 7.", False),
        ("Comment below! We open at 7.", False),
        ("Visit us on Saturday. The oven is hot. Bread is ready.", False),
        ("Share the love. Fresh croissants all day.\n\n#share #comment", False),
        ("Fresh bread daily.\n\n#comment #visit #follow", False),  # hashtags: no invitation
        ("Fresh bread daily. Stop by today! 🥖🎉", True),  # emoji-only sentence skipped
        ("Join us this Saturday\nFresh croissants all day", False),  # a line break ends one
        ("We moved to a bigger kitchen. More photos to follow.", False),  # a CTA word, no CTA
    ],
)
def test_ends_with_cta_sees_an_invitation_in_the_last_sentence_only(text: str, cta: bool) -> None:
    assert text_metrics.ends_with_cta(text) is cta


# --- formality ------------------------------------------------------------------------------


CASUAL, NEUTRAL, FORMAL = Formality.CASUAL, Formality.NEUTRAL, Formality.FORMAL


@pytest.mark.parametrize(
    ("text", "formality"),
    [
        ("Hey folks, it's gonna be awesome!", CASUAL),
        ("We're open! Don't miss it!", CASUAL),
        ("Guess what? Y'all are invited!", CASUAL),
        ("We are pleased to announce our opening. Kindly reserve in advance.", FORMAL),
        ("Please note that the shop is closed. We invite you to visit on Monday.", FORMAL),
        ("We are delighted to welcome you. Furthermore, it is our anniversary.", FORMAL),
        ("", NEUTRAL),
        ("Fresh bread is baked daily.", NEUTRAL),
        ("Hey, we are open.", NEUTRAL),
        ("Fresh bread!!!", CASUAL),  # exclamation marks count as casual
        ("Do not miss it.", FORMAL),  # spelled-out forms as formal
        ("Don't miss it.", CASUAL),  # contractions as casual
        ("We\u2019re open today and it\u2019s warm.", CASUAL),  # with a typographic apostrophe too
    ],
)
def test_formality_of_reads_the_lean_of_a_text(text: str, formality: Formality) -> None:
    assert text_metrics.formality_of(text) is formality


# --- all at once ----------------------------------------------------------------------------


def test_measure_reports_every_metric_of_a_post() -> None:
    post = (
        "Hey folks! Our sourdough is back 🥖🎉\n"
        "Baked fresh every morning. Stop by and grab a loaf!\n\n"
        "#bakery #sourdough"
    )

    assert text_metrics.measure(post) == text_metrics.TextMetrics(
        words=16, emoji=2, hashtags=2, cta=True, formality=Formality.CASUAL
    )
