"""The calibration repository: per model and range of targets, upserted, kept apart by model."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.calibration import Calibration, LengthBias
from domain.ports import UnitOfWorkFactory

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def test_an_unknown_model_is_neutral(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory(read_only=True) as uow:
        calibration = uow.calibrations.get("never-seen")
    assert calibration == Calibration("never-seen")
    assert calibration.ask_for(60) == 60


def test_a_calibration_round_trips_and_is_replaced_range_by_range(
    uow_factory: UnitOfWorkFactory,
) -> None:
    first = Calibration.of("gpt-4o-mini", {0: LengthBias(1.3, 4, NOW), 2: LengthBias(0.9, 1, NOW)})
    with uow_factory() as uow:
        uow.calibrations.save(first)
        uow.calibrations.save(Calibration.of("other", {0: LengthBias(0.7, 9, NOW)}))
        uow.commit()
    with uow_factory() as uow:
        assert uow.calibrations.get("gpt-4o-mini") == first
        uow.calibrations.save(Calibration.of("gpt-4o-mini", {0: LengthBias(1.25, 5, NOW)}))
        uow.commit()
    with uow_factory(read_only=True) as uow:
        loaded = uow.calibrations.get("gpt-4o-mini")
        other = uow.calibrations.get("other")
    assert loaded.ranges[0] == LengthBias(1.25, 5, NOW)
    assert loaded.ranges[2] == LengthBias(0.9, 1, NOW)  # the range not saved is kept
    assert other.ranges[0].ratio == 0.7


def test_a_calibration_not_committed_is_not_kept(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.calibrations.save(Calibration.of("m", {1: LengthBias(1.5, 2, NOW)}))
    with uow_factory(read_only=True) as uow:
        assert uow.calibrations.get("m") == Calibration("m")
