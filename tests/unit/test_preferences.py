"""Preferences: learning a user's style from approvals, and the style a new session starts from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.preferences import (
    CONFIDENCE_PER_EVIDENCE,
    STYLE_KEYS,
    Preference,
    PreferenceProfile,
    PreferenceSource,
    changed_keys,
    learn_from_approval,
)
from domain.style import MAX_WORDS, Formality, Style

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
T1 = T0 + timedelta(days=1)
APPROVED = Style(length=40, formality=Formality.CASUAL, emoji=3, hashtags=0, cta=True)


def a_preference(
    key: str,
    value: object,
    *,
    source: PreferenceSource = PreferenceSource.LEARNED,
    evidence: int = 1,
) -> Preference:
    return Preference(
        key=key,
        value=value,
        confidence=min(1.0, evidence * CONFIDENCE_PER_EVIDENCE),
        evidence_count=evidence,
        source=source,
        updated_at=T0,
    )


def test_an_empty_profile_starts_from_the_default_style() -> None:
    assert PreferenceProfile(user_id=1).style() == Style()


def test_an_empty_profile_starts_from_the_given_default() -> None:
    default = Style(length=200, emoji=0)

    assert PreferenceProfile(user_id=1).style(default) == default


def test_style_overlays_learned_values_on_the_defaults() -> None:
    profile = PreferenceProfile.of(1, [a_preference("length", 40), a_preference("cta", True)])

    assert profile.style() == Style(length=40, cta=True)


def test_style_overlays_learned_values_on_a_given_default() -> None:
    profile = PreferenceProfile.of(1, [a_preference("formality", "formal")])

    style = profile.style(Style(length=150, hashtags=5))

    assert style == Style(length=150, formality=Formality.FORMAL, hashtags=5)


def test_style_ignores_preferences_that_are_not_style_dimensions() -> None:
    profile = PreferenceProfile.of(1, [a_preference("language", "fr"), a_preference("emoji", 0)])

    assert profile.style() == Style(emoji=0)


def test_style_clamps_a_stored_value_outside_the_bounds() -> None:
    profile = PreferenceProfile.of(1, [a_preference("length", 5000)])

    assert profile.style().length == MAX_WORDS


def test_explicit_and_learned_values_both_shape_the_style() -> None:
    profile = PreferenceProfile.of(
        1,
        [
            a_preference("emoji", 0, source=PreferenceSource.EXPLICIT),
            a_preference("length", 60),
        ],
    )

    assert profile.style() == Style(length=60, emoji=0)


def test_first_approval_learns_every_style_dimension_with_one_piece_of_evidence() -> None:
    learned = learn_from_approval(PreferenceProfile(user_id=1), APPROVED, T0)

    assert set(learned.entries) == set(STYLE_KEYS)
    for key, value in APPROVED.to_dict().items():
        pref = learned.entries[key]
        assert pref.value == value
        assert pref.evidence_count == 1
        assert pref.confidence == pytest.approx(CONFIDENCE_PER_EVIDENCE)
        assert pref.source is PreferenceSource.LEARNED
        assert pref.updated_at == T0


def test_the_next_session_starts_from_the_approved_style() -> None:
    learned = learn_from_approval(PreferenceProfile(user_id=1), APPROVED, T0)

    assert learned.style() == APPROVED


def test_each_approval_adds_evidence_and_confidence() -> None:
    profile = PreferenceProfile(user_id=1)
    confidences = []
    for n in range(1, 4):
        profile = learn_from_approval(profile, APPROVED, T0 + timedelta(hours=n))
        pref = profile.entries["length"]
        assert pref.evidence_count == n
        confidences.append(pref.confidence)

    assert confidences == pytest.approx([0.2, 0.4, 0.6])
    assert profile.entries["length"].updated_at == T0 + timedelta(hours=3)


def test_confidence_never_exceeds_one() -> None:
    profile = PreferenceProfile(user_id=1)
    for _ in range(12):
        profile = learn_from_approval(profile, APPROVED, T0)

    pref = profile.entries["emoji"]
    assert pref.evidence_count == 12
    assert pref.confidence == 1.0


def test_a_later_approval_replaces_the_learned_value() -> None:
    first = learn_from_approval(PreferenceProfile(user_id=1), APPROVED, T0)

    second = learn_from_approval(first, APPROVED.with_changes(length=120), T1)

    assert second.entries["length"].value == 120
    assert second.style().length == 120


def test_explicit_settings_are_left_alone_by_learning() -> None:
    explicit = a_preference("emoji", 0, source=PreferenceSource.EXPLICIT, evidence=0)
    profile = PreferenceProfile.of(1, [explicit])

    learned = learn_from_approval(profile, APPROVED, T1)

    assert learned.entries["emoji"] is explicit
    assert learned.style().emoji == 0
    assert learned.entries["length"].value == APPROVED.length


def test_learning_returns_a_new_profile_and_keeps_the_old_one() -> None:
    profile = PreferenceProfile(user_id=1)

    learn_from_approval(profile, APPROVED, T0)

    assert dict(profile.entries) == {}


def test_learning_keeps_preferences_outside_the_style() -> None:
    language = a_preference("language", "fr")
    profile = PreferenceProfile.of(7, [language])

    learned = learn_from_approval(profile, APPROVED, T0)

    assert learned.entries["language"] is language
    assert learned.user_id == 7


def test_changed_keys_of_a_first_approval_lists_every_style_dimension() -> None:
    before = PreferenceProfile(user_id=1)

    after = learn_from_approval(before, APPROVED, T0)

    assert {pref.key for pref in changed_keys(before, after)} == set(STYLE_KEYS)


def test_changed_keys_leaves_out_explicit_settings_learning_skipped() -> None:
    before = PreferenceProfile.of(
        1,
        [
            a_preference("emoji", 0, source=PreferenceSource.EXPLICIT),
            a_preference("cta", False, source=PreferenceSource.EXPLICIT),
            a_preference("language", "fr"),
        ],
    )

    after = learn_from_approval(before, APPROVED, T1)

    assert {pref.key for pref in changed_keys(before, after)} == {"length", "formality", "hashtags"}


def test_changed_keys_of_an_unchanged_profile_is_empty() -> None:
    profile = learn_from_approval(PreferenceProfile(user_id=1), APPROVED, T0)

    assert changed_keys(profile, profile) == []


def test_changed_keys_returns_the_new_preference_values() -> None:
    before = learn_from_approval(PreferenceProfile(user_id=1), APPROVED, T0)
    after = before.with_preference(a_preference("hashtags", 4, source=PreferenceSource.EXPLICIT))

    assert changed_keys(before, after) == [after.entries["hashtags"]]


def test_with_preference_replaces_the_entry_for_its_key() -> None:
    profile = PreferenceProfile.of(1, [a_preference("length", 40)])

    updated = profile.with_preference(a_preference("length", 90, evidence=3))

    assert updated.get("length") == a_preference("length", 90, evidence=3)
    assert profile.get("length") == a_preference("length", 40)


def test_get_of_an_unknown_key_is_none() -> None:
    assert PreferenceProfile(user_id=1).get("length") is None
