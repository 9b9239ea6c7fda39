"""Per-model length calibration: learned from first drafts, compensating what is asked for."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.calibration import Calibration, range_of

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def learned(ratio: float, drafts: int, target: int = 60) -> Calibration:
    calibration = Calibration("gpt-4o-mini")
    for _ in range(drafts):
        asked = calibration.ask_for(target)
        calibration = calibration.observed(
            target=target, asked=asked, written=round(asked * ratio), now=NOW
        )
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


def test_calibration_is_kept_per_range_of_targets() -> None:
    calibration = learned(1.3, drafts=6, target=30)
    assert calibration.ask_for(30) < 30
    assert calibration.ask_for(200) == 200  # nothing measured for long posts yet
    assert range_of(30) != range_of(200)


def test_a_bias_inside_the_dead_band_is_not_compensated() -> None:
    calibration = learned(1.03, drafts=10)
    assert calibration.ask_for(60) == 60
    assert "about the asked length" in calibration.describe(60)


def test_one_absurd_draft_moves_a_settled_ratio_only_a_little() -> None:
    settled = learned(1.2, drafts=20)
    after = settled.observed(target=60, asked=50, written=2000, now=NOW)
    assert after.bias(60).ratio < settled.bias(60).ratio + 0.25


def test_what_is_asked_stays_within_the_bounds_of_a_style() -> None:
    assert learned(2.5, drafts=10, target=20).ask_for(20) == 15
    assert learned(0.4, drafts=10, target=390).ask_for(390) == 400
