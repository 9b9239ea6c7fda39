"""The offline generator honours every style exactly, judged by the shared yardstick."""

from __future__ import annotations

import random
from functools import cache
from itertools import product

import pytest

from domain import text_metrics
from domain.feedback import ContentRequest
from domain.generation import GenerationRequest, Turn
from domain.messages import Role
from domain.ports import ContentGenerator
from domain.style import MAX_WORDS, MIN_WORDS, Formality, Style
from infrastructure.generation.offline import OfflineGenerator

BAKERY = "Our bakery opens a second shop on Main Street next Saturday"
_LONG_PARAGRAPH = (
    "We are proud to tell you that the Riverside Bakery has grown again. "
    "It is our third year on the square, and the ovens have never been busier. "
    "Kindly note that the new shop on Main Street keeps the same opening hours. "
    "Visit us for sourdough, cinnamon rolls and the famous rye loaf! "
    "Our bakers start at four every morning so that bread is warm when you arrive. "
    "You will also find gluten-free cakes, seasonal tarts and fresh coffee. "
    "Do not miss the tasting table on Saturday, when every child gets a free cookie. "
)
BRIEFS = {
    "one word": "Croissants",
    "bakery": BAKERY,
    "noisy": (
        "🎉 Big news!!! Come visit our #bakery on #MainStreet — it's awesome, we are thrilled "
        "👨‍👩‍👧 ☕️ #opening! Hey folks, visit!"
    ),
    "long": (_LONG_PARAGRAPH * 8)[:4000],
    "russian": (
        "Наша пекарня открывает второй магазин на Главной улице в следующую субботу! "
        "Приходите все 🥐"
    ),
}
LENGTHS = (15, 16, 40, 80, 150, 400)
GRID = list(product(LENGTHS, (0, 1, 3, 10), (0, 2, 10), (False, True)))  # length, emoji, tags, cta
CASES = list(product(BRIEFS, Formality))
CASE_IDS = [f"{brief}-{formality}" for brief, formality in CASES]


@cache
def draft(brief: str, style: Style, variant: int = 0) -> str:
    return OfflineGenerator().generate(GenerationRequest(brief, style, variant)).content


def drafts(brief_name: str, formality: Formality) -> list[tuple[Style, str]]:
    """Every style of the grid at one formality, with its draft for the named brief."""
    styles = [Style(length, formality, emoji, tags, cta) for length, emoji, tags, cta in GRID]
    return [(style, draft(BRIEFS[brief_name], style)) for style in styles]


@pytest.mark.parametrize(("brief", "formality"), CASES, ids=CASE_IDS)
def test_body_word_count_is_within_ten_percent_of_target(brief: str, formality: Formality) -> None:
    for style, text in drafts(brief, formality):
        assert abs(text_metrics.count_words(text) - style.length) <= style.length // 10, (
            style,
            text,
        )


def test_every_length_from_15_to_400_is_hit_exactly() -> None:
    briefs, formalities = list(BRIEFS.values()), list(Formality)
    for length in range(MIN_WORDS, MAX_WORDS + 1):
        style = Style(length, formalities[length % 3], emoji=length % 11, cta=length % 2 == 0)
        text = draft(briefs[length % len(briefs)], style)
        assert text_metrics.count_words(text) == length, (style, text)


@pytest.mark.parametrize(("brief", "formality"), CASES, ids=CASE_IDS)
def test_emoji_count_matches_the_style_exactly(brief: str, formality: Formality) -> None:
    for style, text in drafts(brief, formality):
        assert text_metrics.count_emoji(text) == style.emoji, (style, text)
        assert "\ufe0f" not in text and "\u200d" not in text


@pytest.mark.parametrize(("brief", "formality"), CASES, ids=CASE_IDS)
def test_hashtags_are_exactly_as_many_as_asked_distinct_and_on_the_last_line(
    brief: str, formality: Formality
) -> None:
    for style, text in drafts(brief, formality):
        assert text_metrics.count_hashtags(text) == style.hashtags, (style, text)
        if style.hashtags:
            tags = text.splitlines()[-1].split()
            assert len(tags) == len({tag.casefold() for tag in tags}) == style.hashtags
            assert text_metrics.count_hashtags(text.rsplit("\n", 1)[0]) == 0, (style, text)


@pytest.mark.parametrize(("brief", "formality"), CASES, ids=CASE_IDS)
def test_call_to_action_ends_the_body_only_when_asked(brief: str, formality: Formality) -> None:
    for style, text in drafts(brief, formality):
        assert text_metrics.ends_with_cta(text) is style.cta, (style, text)


@pytest.mark.parametrize(("brief", "formality"), CASES, ids=CASE_IDS)
def test_wording_reads_at_the_requested_formality(brief: str, formality: Formality) -> None:
    for style, text in drafts(brief, formality):
        assert text_metrics.formality_of(text) is formality, (style, text)


def test_neutral_drafts_of_a_plain_brief_carry_no_exclamation() -> None:
    for style, text in drafts("bakery", Formality.NEUTRAL):
        assert "!" not in text, (style, text)


def test_opening_sentence_restates_the_brief() -> None:
    for variant in range(5):  # with a lead ("Quick update: our bakery ...") or without
        text = draft(BAKERY, Style(length=80, formality=Formality.NEUTRAL), variant)
        opening = text.split("\n")[0]
        assert opening.endswith("ur bakery opens a second shop on Main Street next Saturday.")


def test_long_brief_is_shortened_to_whole_sentences_not_pasted_whole() -> None:
    brief = BRIEFS["long"]
    for length in (15, 80, 150):
        text = draft(brief, Style(length=length))
        assert len(text) < len(brief) / 2
    text = draft(brief, Style(length=80))  # restated in whole sentences, none cut
    assert "e are proud to tell you that the Riverside Bakery has grown again" in text
    assert "..." not in text


def test_hashtags_come_from_the_briefs_keywords_then_generic_ones() -> None:
    text = draft(BAKERY, Style(hashtags=3))
    assert text.splitlines()[-1] == "#MainStreet #Bakery #Shop"  # weekdays come last
    tags = draft("Croissants", Style(hashtags=10)).splitlines()[-1].split()
    assert tags[:3] == ["#Croissants", "#News", "#Community"]


def test_brief_hash_signs_and_emoji_do_not_leak_into_the_post() -> None:
    text = draft(BRIEFS["noisy"], Style(emoji=0, hashtags=0))
    assert "#" not in text and text_metrics.count_emoji(text) == 0
    assert "bakery" in text_metrics.body_of(text)


@pytest.mark.parametrize("brief", ["🎉👨‍👩‍👧", "### !!! —", ""])
def test_brief_without_a_single_word_still_gets_a_complete_post(brief: str) -> None:
    for formality in Formality:
        style = Style(length=40, formality=formality, emoji=3, hashtags=3, cta=True)
        assert text_metrics.measure(draft(brief, style)) == text_metrics.TextMetrics(
            40, 3, 3, True, formality
        )


def test_typographic_apostrophes_in_the_brief_do_not_tip_the_tone() -> None:
    brief = "We’re thrilled, it’s a super day and you’ll love it"
    for formality in Formality:
        for length in (15, 40):
            assert text_metrics.formality_of(draft(brief, Style(length, formality))) is formality


def test_each_variant_gives_a_different_draft_that_still_fits_the_style() -> None:
    for (brief, formality), length in product(CASES, (15, 80)):
        style = Style(length, formality, emoji=3, hashtags=2, cta=True)
        texts = [draft(BRIEFS[brief], style, variant) for variant in range(5)]
        assert len(set(texts)) == 5, texts
        for text in texts:
            assert text_metrics.measure(text) == text_metrics.TextMetrics(
                length, 3, 2, True, formality
            ), text


def test_same_request_gives_the_same_draft() -> None:
    request = GenerationRequest(BAKERY, Style(length=150, emoji=3), variant=2)
    assert OfflineGenerator().generate(request) == OfflineGenerator().generate(request)


def test_generation_leaves_the_global_random_state_alone() -> None:
    state = random.getstate()
    OfflineGenerator().generate(GenerationRequest(BAKERY, Style(), variant=7))
    assert random.getstate() == state


def test_feedback_and_previous_draft_do_not_bend_the_style() -> None:
    style = Style(length=40, formality=Formality.FORMAL, emoji=2, hashtags=4, cta=True)
    request = GenerationRequest(
        BAKERY,
        style,
        variant=1,
        previous_draft="Hey! #Old 🎉",
        history=(Turn(Role.ASSISTANT, "Hey! #Old 🎉"), Turn(Role.USER, "shorter! #nope")),
    )
    metrics = text_metrics.measure(OfflineGenerator().generate(request).content)
    assert (metrics.words, metrics.emoji, metrics.hashtags) == (40, 2, 4)
    assert metrics.cta and metrics.formality is Formality.FORMAL


def test_result_names_the_offline_model_and_estimates_tokens_in_words() -> None:
    request = GenerationRequest(
        BAKERY, Style(length=40), history=(Turn(Role.USER, "more emoji please"),)
    )
    generated = OfflineGenerator().generate(request)
    assert (generated.generator, generated.model) == ("offline", "offline-v2")
    assert generated.prompt_tokens == 11 + 3
    assert generated.completion_tokens == text_metrics.count_words(generated.content) == 40


def test_generator_explicitly_implements_the_content_generator_port() -> None:
    assert ContentGenerator in OfflineGenerator.__mro__


MENTIONED = "free coffee for the first fifty guests"
LEFT_OUT = ContentRequest("Main Street", include=False)


@pytest.mark.parametrize(("brief", "formality"), CASES, ids=CASE_IDS)
def test_what_the_user_asked_to_mention_is_said_and_what_to_leave_out_is_not(
    brief: str, formality: Formality
) -> None:
    content = (ContentRequest(MENTIONED), LEFT_OUT)
    for length, emoji, tags, cta in GRID[::5]:
        style = Style(length, formality, emoji, tags, cta)
        request = GenerationRequest(BRIEFS[brief], style, content=content)
        text = OfflineGenerator().generate(request).content

        assert text_metrics.measure(text).as_style() == style, (style, text)
        if length >= 40:  # a 15-word post has room for only part of the phrase
            assert MENTIONED in text, (style, text)
        else:
            assert "free coffee" in text, (style, text)
        assert "main street" not in text.casefold() and "#Main" not in text, (style, text)
