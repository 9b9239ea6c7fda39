"""Per-model length calibration: learned from first drafts, compensating what is asked for."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.calibration import Calibration, LengthBias, range_of

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def learned(ratio: float, drafts: int, target: int = 60) -> Calibration:
    calibration = Calibration("gpt-4o-mini")
    for _ in range(drafts):
        asked = calibration.ask_for(target)
        calibration = calibration.observed(asked=asked, written=round(asked * ratio), now=NOW)
    return calibration


def test_a_new_model_is_asked_for_exactly_the_target() -> None:
    calibration = Calibration("new-model")
    assert calibration.ask_for(60) == 60
    assert "no drafts measured yet" in calibration.describe(60)


def test_a_model_that_writes_long_is_asked_for_fewer_words() -> None:
    calibration = learned(1.28, drafts=8)
    assert calibration.ask_for(60) == 47
    assert calibration.describe(60).startswith(
        "gpt-4o-mini writes about 28% long here: asking for 47 words to get 60"
    )


def test_a_model_that_writes_short_is_asked_for_more_words() -> None:
    assert learned(0.8, drafts=8, target=300).ask_for(300) == 375


def test_calibration_is_kept_per_range_of_asked_lengths() -> None:
    short = learned(1.3, drafts=6, target=30)
    both = short.observed(asked=200, written=202, now=NOW)  # long posts: about right
    assert both.ask_for(30) < 30
    assert both.ask_for(200) == 200
    assert range_of(30) != range_of(200)


def test_the_ask_lands_where_the_ratio_of_its_own_range_turns_it_into_the_target() -> None:
    calibration = Calibration.of(
        "m", {1: LengthBias(1.22, 50, NOW), 2: LengthBias(1.10, 50, NOW)}
    )  # 41-80 asked: 22% long; 81-150 asked: 10% long
    asked = calibration.ask_for(88)
    assert asked == 72  # 72 * 1.22 = 88; not 80 (88 / 1.10), which would write 98
    assert calibration.ask_for(110) == 100  # 100 * 1.10 = 110


def test_a_bias_inside_the_dead_band_is_not_compensated() -> None:
    calibration = learned(1.03, drafts=10)
    assert calibration.ask_for(60) == 60
    assert "about the asked length" in calibration.describe(60)


def test_one_absurd_draft_moves_a_settled_ratio_only_a_little() -> None:
    settled = learned(1.2, drafts=20)
    after = settled.observed(asked=50, written=2000, now=NOW)
    assert after.bias(60).ratio < settled.bias(60).ratio + 0.25


def test_what_is_asked_stays_within_the_bounds_of_a_style() -> None:
    assert learned(2.5, drafts=10, target=20).ask_for(20) == 15
    assert learned(0.4, drafts=10, target=390).ask_for(390) == 400


def test_a_range_not_measured_yet_borrows_its_nearest_neighbours_ratio() -> None:
    calibration = Calibration.of("m", {1: LengthBias(1.2, 3, NOW)})  # 41-80 asked: 20% long
    assert calibration.ask_for(44) == 37  # 37 * 1.2 = 44, though 37 is in the 15-40 range
    assert calibration.ask_for(300) == 250


def test_at_a_range_boundary_the_ask_predicted_to_land_closest_is_taken() -> None:
    calibration = Calibration.of("m", {0: LengthBias(1.02, 9, NOW), 1: LengthBias(1.3, 9, NOW)})
    for target in (45, 50):
        asked = calibration.ask_for(target)
        assert abs(asked * calibration.ratio(asked) - target) <= 0.12 * target


def test_the_description_names_the_measurement_it_borrows() -> None:
    calibration = Calibration.of("gpt-4o-mini", {1: LengthBias(1.25, 4, NOW)})
    said = calibration.describe(30)
    assert said.startswith("gpt-4o-mini writes about 25% long here: asking for 24 words to get 30")
    assert "(from 4 drafts asked for 41-80 words)" in said
