"""PreferenceRepository: one entry per (user, key), JSON values and sources kept exactly."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from domain.ports import UnitOfWorkFactory
from domain.preferences import PreferenceSource
from tests.contract.builders import a_preference, assert_aware_utc, at, given_user
from tests.contract.helpers import read

JSON_VALUES: list[Any] = [
    0,
    -7,
    2**53,
    "formal",
    "",
    "émoji 🚀 עברית",
    True,
    False,
    0.1,
    -2.5e-8,
    1 / 3,
    [],
    [1, "two", 3.0, False, None, [4]],
    {},
    {"words": 120, "nested": {"list": [1, 2], "flag": True}, "note": "naïve 🎉"},
    None,
]


@pytest.mark.parametrize(
    ("user_id", "stored"),
    [(404, False), (1, True)],
    ids=["an-unknown-user", "a-user-with-no-preferences"],
)
def test_a_user_without_preferences_has_an_empty_profile(
    uow_factory: UnitOfWorkFactory, user_id: int, stored: bool
) -> None:
    if stored:
        given_user(uow_factory, user_id)

    profile = read(uow_factory, lambda uow: uow.preferences.get_profile(user_id))
    assert profile.user_id == user_id
    assert dict(profile.entries) == {}


def test_saved_preferences_make_up_the_profile(uow_factory: UnitOfWorkFactory) -> None:
    given_user(uow_factory, 1)
    length = a_preference("length", 120)
    cta = a_preference(
        "cta",
        True,
        confidence=1.0,
        evidence_count=1,
        source=PreferenceSource.EXPLICIT,
        updated_at=datetime(2024, 6, 1, 9, 30, 0, 250000, tzinfo=UTC),
    )

    with uow_factory() as uow:
        uow.preferences.save(1, [length, cta])
        uow.commit()

    with uow_factory() as uow:
        profile = uow.preferences.get_profile(1)
    assert profile.user_id == 1
    assert dict(profile.entries) == {"length": length, "cta": cta}
    loaded = profile.get("cta")
    assert loaded is not None
    assert loaded.value is True
    assert loaded.source is PreferenceSource.EXPLICIT
    assert_aware_utc(loaded.updated_at, cta.updated_at)


@pytest.mark.parametrize("value", JSON_VALUES, ids=lambda value: repr(value)[:30])
def test_a_json_value_round_trips_with_its_type(uow_factory: UnitOfWorkFactory, value: Any) -> None:
    given_user(uow_factory, 1)
    with uow_factory() as uow:
        uow.preferences.save(1, [a_preference("anything", value)])
        uow.commit()

    with uow_factory() as uow:
        loaded = uow.preferences.get_profile(1).get("anything")
    assert loaded is not None
    assert loaded.value == value
    assert type(loaded.value) is type(value)
    assert _shape(loaded.value) == _shape(value)


@pytest.mark.parametrize("confidence", [0.0, 1.0, 0.2, 0.1 + 0.2, 1 / 3, 0.6000000000000001])
def test_confidence_is_kept_to_the_last_bit(
    uow_factory: UnitOfWorkFactory, confidence: float
) -> None:
    given_user(uow_factory, 1)
    with uow_factory() as uow:
        uow.preferences.save(1, [a_preference(confidence=confidence, evidence_count=17)])
        uow.commit()

    with uow_factory() as uow:
        loaded = uow.preferences.get_profile(1).get("length")
    assert loaded is not None
    assert loaded.confidence == confidence
    assert isinstance(loaded.confidence, float)
    assert loaded.evidence_count == 17


def test_saving_a_known_key_replaces_it(uow_factory: UnitOfWorkFactory) -> None:
    given_user(uow_factory, 1)
    emoji = a_preference("emoji", 2)
    with uow_factory() as uow:
        uow.preferences.save(1, [a_preference("length", 120), emoji])
        uow.commit()
    replacement = a_preference(
        "length",
        60,
        confidence=1.0,
        evidence_count=1,
        source=PreferenceSource.EXPLICIT,
        updated_at=at(60),
    )

    with uow_factory() as uow:
        uow.preferences.save(1, [replacement])
        uow.commit()

    with uow_factory() as uow:
        profile = uow.preferences.get_profile(1)
    assert dict(profile.entries) == {"length": replacement, "emoji": emoji}


def test_of_one_key_saved_twice_at_once_the_later_is_kept(
    uow_factory: UnitOfWorkFactory,
) -> None:
    given_user(uow_factory, 1)
    later = a_preference("length", 60, updated_at=at(5))

    with uow_factory() as uow:
        uow.preferences.save(1, [a_preference("length", 120), later])
        uow.commit()

    with uow_factory() as uow:
        assert dict(uow.preferences.get_profile(1).entries) == {"length": later}


def test_saving_nothing_changes_nothing(uow_factory: UnitOfWorkFactory) -> None:
    given_user(uow_factory, 1)
    length = a_preference("length", 90)
    with uow_factory() as uow:
        uow.preferences.save(1, [length])
        uow.commit()

    with uow_factory() as uow:
        uow.preferences.save(1, [])
        uow.commit()

    with uow_factory() as uow:
        assert dict(uow.preferences.get_profile(1).entries) == {"length": length}


def test_the_same_key_belongs_to_each_user_separately(uow_factory: UnitOfWorkFactory) -> None:
    given_user(uow_factory, 1)
    given_user(uow_factory, 2)
    with uow_factory() as uow:
        uow.preferences.save(1, [a_preference("formality", "formal")])
        uow.preferences.save(2, [a_preference("formality", "casual")])
        uow.commit()

    with uow_factory() as uow:
        first = uow.preferences.get_profile(1).get("formality")
        second = uow.preferences.get_profile(2).get("formality")
    assert first is not None and first.value == "formal"
    assert second is not None and second.value == "casual"


def test_clearing_forgets_only_that_users_preferences(uow_factory: UnitOfWorkFactory) -> None:
    given_user(uow_factory, 1)
    given_user(uow_factory, 2)
    kept = a_preference("hashtags", 0)
    with uow_factory() as uow:
        uow.preferences.save(1, [a_preference("length", 120), a_preference("hashtags", 4)])
        uow.preferences.save(2, [kept])
        uow.commit()

    with uow_factory() as uow:
        uow.preferences.clear(1)
        uow.commit()

    with uow_factory() as uow:
        assert dict(uow.preferences.get_profile(1).entries) == {}
        assert dict(uow.preferences.get_profile(2).entries) == {"hashtags": kept}


def test_preferences_can_be_saved_again_after_clearing(uow_factory: UnitOfWorkFactory) -> None:
    given_user(uow_factory, 1)
    with uow_factory() as uow:
        uow.preferences.save(1, [a_preference("length", 120)])
        uow.preferences.clear(1)
        uow.preferences.save(1, [a_preference("length", 200)])
        uow.commit()

    with uow_factory() as uow:
        loaded = uow.preferences.get_profile(1).get("length")
    assert loaded is not None and loaded.value == 200


def _shape(value: Any) -> Any:
    """The value with every element's type spelled out (so 1 and True, 1 and 1.0 differ)."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return (type(value).__name__, value)
