"""Style: the bounded instruction to a generator, and the formality scale it moves along."""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from domain.errors import ValidationError
from domain.style import MAX_EMOJI, MAX_HASHTAGS, MAX_WORDS, MIN_WORDS, Formality, Style


def test_default_style_is_a_valid_middle_of_the_road_instruction() -> None:
    style = Style()

    assert style == Style(length=80, formality=Formality.NEUTRAL, emoji=1, hashtags=2, cta=False)


@pytest.mark.parametrize(
    "fields",
    [
        {"length": MIN_WORDS},
        {"length": MAX_WORDS},
        {"emoji": 0},
        {"emoji": MAX_EMOJI},
        {"hashtags": 0},
        {"hashtags": MAX_HASHTAGS},
    ],
)
def test_constructor_accepts_values_on_the_bounds(fields: dict[str, int]) -> None:
    style = Style(**fields)  # type: ignore[arg-type]

    for name, value in fields.items():
        assert getattr(style, name) == value


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"length": MIN_WORDS - 1}, "length"),
        ({"length": MAX_WORDS + 1}, "length"),
        ({"length": 0}, "length"),
        ({"emoji": -1}, "emoji"),
        ({"emoji": MAX_EMOJI + 1}, "emoji"),
        ({"hashtags": -1}, "hashtags"),
        ({"hashtags": MAX_HASHTAGS + 1}, "hashtags"),
    ],
)
def test_constructor_refuses_values_outside_the_bounds(fields: dict[str, int], named: str) -> None:
    with pytest.raises(ValidationError, match=named):
        Style(**fields)  # type: ignore[arg-type]


def test_constructor_refuses_a_formality_that_is_not_a_formality() -> None:
    with pytest.raises(ValidationError, match="formality"):
        Style(formality="shouty")  # type: ignore[arg-type]


def test_style_is_immutable() -> None:
    style = Style()

    with pytest.raises(FrozenInstanceError):
        style.length = 100  # type: ignore[misc]


def test_bounded_clamps_numbers_below_the_floor() -> None:
    style = Style.bounded(length=3, formality=Formality.CASUAL, emoji=-5, hashtags=-2, cta=True)

    assert (style.length, style.emoji, style.hashtags) == (MIN_WORDS, 0, 0)


def test_bounded_clamps_numbers_above_the_ceiling() -> None:
    style = Style.bounded(length=5000, formality=Formality.FORMAL, emoji=50, hashtags=99, cta=False)

    assert (style.length, style.emoji, style.hashtags) == (MAX_WORDS, MAX_EMOJI, MAX_HASHTAGS)


def test_bounded_keeps_values_already_within_bounds() -> None:
    style = Style.bounded(length=120, formality=Formality.FORMAL, emoji=4, hashtags=5, cta=True)

    assert style == Style(length=120, formality=Formality.FORMAL, emoji=4, hashtags=5, cta=True)


def test_with_changes_applies_the_change_and_keeps_the_rest() -> None:
    style = Style(length=120, formality=Formality.FORMAL, emoji=4, hashtags=5, cta=True)

    changed = style.with_changes(emoji=2)

    assert changed == Style(length=120, formality=Formality.FORMAL, emoji=2, hashtags=5, cta=True)


def test_with_changes_leaves_the_original_untouched() -> None:
    style = Style()

    style.with_changes(length=200, cta=True)

    assert style == Style()


def test_with_changes_clamps_numbers_into_bounds() -> None:
    changed = Style().with_changes(length=1, emoji=1000, hashtags=-7)

    assert (changed.length, changed.emoji, changed.hashtags) == (MIN_WORDS, MAX_EMOJI, 0)


def test_with_changes_can_change_formality() -> None:
    assert Style().with_changes(formality=Formality.CASUAL).formality is Formality.CASUAL


def test_to_dict_writes_formality_as_its_plain_value() -> None:
    assert Style(formality=Formality.FORMAL).to_dict() == {
        "length": 80,
        "formality": "formal",
        "emoji": 1,
        "hashtags": 2,
        "cta": False,
    }


@pytest.mark.parametrize(
    "style",
    [
        Style(),
        Style(length=MIN_WORDS, formality=Formality.CASUAL, emoji=0, hashtags=0, cta=True),
        Style(length=MAX_WORDS, formality=Formality.FORMAL, emoji=MAX_EMOJI, hashtags=MAX_HASHTAGS),
    ],
)
def test_from_dict_rebuilds_what_to_dict_wrote(style: Style) -> None:
    assert Style.from_dict(style.to_dict()) == style


def test_from_dict_of_an_empty_mapping_gives_the_default_style() -> None:
    assert Style.from_dict({}) == Style()


def test_from_dict_with_missing_keys_takes_the_defaults_for_them() -> None:
    style = Style.from_dict({"length": 40, "cta": True})

    assert style == Style(length=40, cta=True)


def test_from_dict_clamps_stored_numbers_out_of_bounds() -> None:
    style = Style.from_dict({"length": 9999, "emoji": -3, "hashtags": 42})

    assert (style.length, style.emoji, style.hashtags) == (MAX_WORDS, 0, MAX_HASHTAGS)


def test_from_dict_with_an_unknown_formality_raises_a_validation_error() -> None:
    with pytest.raises(ValidationError):
        Style.from_dict({"formality": "shouty"})


@pytest.mark.parametrize(
    ("start", "towards", "expected"),
    [
        (Formality.CASUAL, Formality.FORMAL, Formality.NEUTRAL),
        (Formality.NEUTRAL, Formality.FORMAL, Formality.FORMAL),
        (Formality.FORMAL, Formality.CASUAL, Formality.NEUTRAL),
        (Formality.NEUTRAL, Formality.CASUAL, Formality.CASUAL),
        (Formality.CASUAL, Formality.NEUTRAL, Formality.NEUTRAL),
        (Formality.FORMAL, Formality.NEUTRAL, Formality.NEUTRAL),
    ],
)
def test_formality_step_moves_one_place_towards_the_target(
    start: Formality, towards: Formality, expected: Formality
) -> None:
    assert start.step(towards) is expected


@pytest.mark.parametrize("formality", list(Formality))
def test_formality_step_towards_itself_stays_put(formality: Formality) -> None:
    assert formality.step(formality) is formality
