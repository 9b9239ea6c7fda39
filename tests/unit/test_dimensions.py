"""The style dimensions as numbers: the scales learning averages on, and what they round to.

A style must survive the trip to numbers and back unchanged, stored values from people and
older versions must read as numbers (or be refused), and a number must read back in words.
"""

from __future__ import annotations

import itertools
import math

import pytest

from domain.dimensions import (
    DIMENSIONS,
    STYLE_KEYS,
    as_number,
    describe,
    estimates_of,
    formality_at,
    style_from,
)
from domain.style import MAX_EMOJI, MAX_HASHTAGS, MAX_WORDS, MIN_WORDS, Formality, Style

GRID: list[Style] = [
    Style(length=length, formality=formality, emoji=emoji, hashtags=hashtags, cta=cta)
    for length, formality, emoji, hashtags, cta in itertools.product(
        (MIN_WORDS, 16, 55, 80, 399, MAX_WORDS),
        Formality,
        (0, 1, MAX_EMOJI),
        (0, 3, MAX_HASHTAGS),
        (False, True),
    )
]


@pytest.mark.parametrize("style", GRID, ids=str)
def test_every_style_survives_the_trip_to_numbers_and_back(style: Style) -> None:
    assert style_from(estimates_of(style)) == style


def test_estimates_put_each_dimension_on_its_numeric_scale() -> None:
    style = Style(length=55, formality=Formality.CASUAL, emoji=0, hashtags=3, cta=True)

    assert estimates_of(style) == {
        "length": 55.0,
        "formality": -1.0,
        "emoji": 0.0,
        "hashtags": 3.0,
        "cta": 1.0,
    }


def test_estimates_cover_every_dimension_in_key_order() -> None:
    assert tuple(estimates_of(Style())) == STYLE_KEYS == tuple(DIMENSIONS)


@pytest.mark.parametrize("style", GRID[:: len(GRID) // 12], ids=str)
def test_estimates_lie_within_their_dimension_bounds(style: Style) -> None:
    for key, value in estimates_of(style).items():
        assert DIMENSIONS[key].low <= value <= DIMENSIONS[key].high


def test_style_from_keeps_the_default_for_dimensions_without_a_number() -> None:
    default = Style(length=200, formality=Formality.FORMAL, emoji=4, hashtags=5, cta=True)

    style = style_from({"emoji": 0.0}, default)

    assert style == Style(length=200, formality=Formality.FORMAL, emoji=0, hashtags=5, cta=True)


def test_style_from_without_a_default_starts_from_the_default_style() -> None:
    assert style_from({}) == Style()


def test_style_from_rounds_averaged_numbers_to_the_nearest_step() -> None:
    style = style_from(
        {"length": 54.6, "formality": -0.9, "emoji": 1.4, "hashtags": 2.6, "cta": 0.5}
    )

    assert style == Style(length=55, formality=Formality.CASUAL, emoji=1, hashtags=3, cta=True)


def test_style_from_clamps_numbers_beyond_the_bounds() -> None:
    style = style_from({"length": 5000.0, "emoji": -3.0, "hashtags": 99.0})

    assert (style.length, style.emoji, style.hashtags) == (MAX_WORDS, 0, MAX_HASHTAGS)


def test_a_call_to_action_is_wanted_from_an_even_chance_upwards() -> None:
    assert style_from({"cta": 0.5}).cta is True
    assert style_from({"cta": 0.499}).cta is False


@pytest.mark.parametrize(
    ("score", "formality"),
    [
        (-1.0, Formality.CASUAL),
        (-0.34, Formality.CASUAL),
        (-1 / 3, Formality.NEUTRAL),
        (-0.33, Formality.NEUTRAL),
        (0.0, Formality.NEUTRAL),
        (0.33, Formality.NEUTRAL),
        (1 / 3, Formality.NEUTRAL),
        (0.34, Formality.FORMAL),
        (1.0, Formality.FORMAL),
    ],
)
def test_formality_reads_as_casual_or_formal_only_beyond_a_third(
    score: float, formality: Formality
) -> None:
    assert formality_at(score) is formality


@pytest.mark.parametrize(
    ("key", "value", "number"),
    [
        ("formality", "formal", 1.0),
        ("formality", " Casual ", -1.0),
        ("formality", "neutral", 0.0),
        ("formality", Formality.CASUAL, -1.0),
        ("formality", 0.25, 0.25),
        ("cta", True, 1.0),
        ("cta", False, 0.0),
        ("cta", "yes", 1.0),
        ("cta", "Off", 0.0),
        ("cta", 0.7, 0.7),
        ("length", "60", 60.0),
        ("length", " 60 ", 60.0),
        ("length", 60.0, 60.0),
        ("length", 60, 60.0),
        ("emoji", "2", 2.0),
        ("hashtags", 3, 3.0),
    ],
)
def test_as_number_reads_what_people_and_older_versions_store(
    key: str, value: object, number: float
) -> None:
    assert as_number(key, value) == number


@pytest.mark.parametrize(
    ("key", "value", "clamped"),
    [
        ("length", 1000, MAX_WORDS),
        ("length", "3", MIN_WORDS),
        ("length", True, MIN_WORDS),
        ("length", math.inf, MAX_WORDS),
        ("formality", 5.0, 1.0),
        ("formality", -5.0, -1.0),
        ("emoji", -1, 0),
        ("emoji", "25", MAX_EMOJI),
        ("hashtags", 11.5, MAX_HASHTAGS),
        ("cta", 2.0, 1.0),
        ("cta", -1.0, 0.0),
    ],
)
def test_as_number_clamps_values_into_the_dimension_bounds(
    key: str, value: object, clamped: float
) -> None:
    assert as_number(key, value) == clamped


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("length", "sixty"),
        ("length", ""),
        ("length", None),
        ("length", [60]),
        ("length", "formal"),
        ("emoji", "lots"),
        ("formality", "loud"),
        ("formality", "0.5"),
        ("formality", None),
        ("cta", "maybe"),
        ("cta", ""),
    ],
)
def test_as_number_refuses_garbage(key: str, value: object) -> None:
    with pytest.raises(ValueError):
        as_number(key, value)


@pytest.mark.parametrize("key", STYLE_KEYS)
@pytest.mark.parametrize("nan", [math.nan, "nan", "NaN"])
def test_as_number_refuses_not_a_number_on_every_dimension(key: str, nan: object) -> None:
    with pytest.raises(ValueError):
        as_number(key, nan)


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("length", 55.0, "about 55 words"),
        ("length", 54.6, "about 55 words"),
        ("length", 1.0, f"about {MIN_WORDS} words"),
        ("formality", -1.0, "casual"),
        ("formality", 0.0, "neutral"),
        ("formality", 0.9, "formal"),
        ("emoji", 0.0, "no emoji"),
        ("emoji", 1.0, "1 emoji"),
        ("emoji", 3.0, "3 emoji"),
        ("hashtags", 0.0, "no hashtags"),
        ("hashtags", 1.0, "1 hashtag"),
        ("hashtags", 3.0, "3 hashtags"),
        ("cta", 1.0, "ends with a call to action"),
        ("cta", 0.0, "no call to action"),
    ],
)
def test_describe_puts_a_value_in_words(key: str, value: float, words: str) -> None:
    assert describe(key, value) == words
