"""The conformance rule: whether a measured draft fits a style, and what differs in words."""

from __future__ import annotations

import pytest

from domain.conformance import Tolerance, check, distance, missed_content
from domain.feedback import ContentRequest
from domain.style import Formality, Style
from domain.text_metrics import TextMetrics

STYLE = Style(length=60, formality=Formality.NEUTRAL, emoji=1, hashtags=2, cta=True)


def measured(**changes: object) -> TextMetrics:
    values: dict[str, object] = {
        "words": 60,
        "emoji": 1,
        "hashtags": 2,
        "cta": True,
        "formality": Formality.NEUTRAL,
    }
    values.update(changes)
    return TextMetrics(**values)  # type: ignore[arg-type]


def test_a_draft_measured_as_its_style_fits() -> None:
    fit = check(STYLE, measured())
    assert fit.fits and fit.describe() == "" and distance(STYLE, measured()) == 0


@pytest.mark.parametrize("words", [53, 54, 60, 66, 67])
def test_lengths_within_about_twelve_percent_fit(words: int) -> None:
    assert check(STYLE, measured(words=words)).fits


@pytest.mark.parametrize("words", [52, 68, 84, 30])
def test_lengths_beyond_the_tolerance_miss_and_say_by_how_much(words: int) -> None:
    fit = check(STYLE, measured(words=words))
    assert fit.keys == ("length",)
    assert fit.describe() == f"{words} words instead of 53-67 words"
    assert fit.needs_rewrite()


def test_short_posts_get_at_least_two_words_either_way() -> None:
    assert Tolerance().words(15) == (13, 17)


@pytest.mark.parametrize(
    ("changes", "key", "said"),
    [
        ({"emoji": 2}, "emoji", "2 emoji instead of 1 emoji"),
        ({"hashtags": 0}, "hashtags", "no hashtags instead of 2 hashtags"),
        ({"cta": False}, "cta", "no call to action instead of a closing call to action"),
        ({"formality": Formality.CASUAL}, "formality", "a casual tone instead of a neutral tone"),
    ],
)
def test_counts_the_call_to_action_and_the_tone_must_be_exact(
    changes: dict[str, object], key: str, said: str
) -> None:
    fit = check(STYLE, measured(**changes))
    assert fit.keys == (key,) and fit.describe() == said


def test_only_length_tone_and_call_to_action_need_a_rewrite() -> None:
    assert not check(STYLE, measured(emoji=3, hashtags=5)).needs_rewrite()
    assert check(STYLE, measured(emoji=3, cta=False)).needs_rewrite()


def test_distance_orders_candidates_by_how_far_they_are() -> None:
    near = distance(STYLE, measured(words=70))
    far = distance(STYLE, measured(words=90))
    wrong_tone = distance(STYLE, measured(formality=Formality.FORMAL))
    assert 0 < near < far
    assert near < wrong_tone


def test_the_range_asked_for_is_inside_the_range_that_fits() -> None:
    tolerance = Tolerance()
    for target in (15, 40, 60, 120, 400):
        low, high = tolerance.asking(target)
        fit_low, fit_high = tolerance.words(target)
        assert fit_low <= low < target < high <= fit_high


@pytest.mark.parametrize(
    ("text", "phrase", "mentioned"),
    [
        ("Free coffee for everyone this Friday!", "the free coffee", True),
        ("Our croissant is back.", "the fresh croissants", False),  # 1 of 2 words
        ("Fresh croissants, warm from the oven.", "the fresh croissant", True),  # plurals
        ("Juices and smoothies all day.", "fresh juice and smoothies", True),  # 2 of 3 words
        ("Come by on Friday.", "kids eat free", False),
        ("Parking is easy.", "free parking", False),  # half is not most
        ("Free parking behind the shop.", "free parking", True),
    ],
)
def test_a_phrase_counts_as_mentioned_when_most_of_its_words_are_there(
    text: str, phrase: str, mentioned: bool
) -> None:
    to_mention, to_leave_out = ContentRequest(phrase), ContentRequest(phrase, include=False)

    assert missed_content(text, [to_mention]) == (() if mentioned else (to_mention,))
    assert missed_content(text, [to_leave_out]) == ((to_leave_out,) if mentioned else ())
