"""Properties of learning that must hold for any evidence, however strange.

Whatever arrives (huge, negative or infinite targets, weights outside 0..1, any mix of
signals from the real builders), every learned estimate stays within its dimension's
bounds, confidence within 0..1, evidence only accumulates, the profile always reads as a
valid Style, and explicit settings hold until they are removed.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from domain import learning
from domain.actions import Action
from domain.dimensions import DIMENSIONS, STYLE_KEYS, as_number
from domain.learning import Observation
from domain.preferences import PreferenceProfile, PreferenceSource
from domain.style import MAX_EMOJI, MAX_HASHTAGS, MAX_WORDS, MIN_WORDS, Formality, Style
from domain.text_metrics import measure

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
EMPTY = PreferenceProfile(user_id=7)
FAST = settings(max_examples=60, deadline=None)

keys = st.sampled_from(STYLE_KEYS)
# Any float a caller could pass: huge, tiny, negative, infinite and NaN. (NaN keeps the
# bounds, but is read as the top of the range: see test_a_target_that_is_not_a_number_...
# in test_learning.py.)
targets = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1000, max_value=1000),
)
weights = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-2, max_value=2),
)
observations = st.lists(st.builds(Observation, keys, targets, weights), max_size=40)

styles = st.builds(
    Style,
    length=st.integers(MIN_WORDS, MAX_WORDS),
    formality=st.sampled_from(Formality),
    emoji=st.integers(0, MAX_EMOJI),
    hashtags=st.integers(0, MAX_HASHTAGS),
    cta=st.booleans(),
)
setting_values = st.dictionaries(
    keys, st.floats(allow_nan=False, allow_infinity=True), max_size=len(STYLE_KEYS)
)
post_texts = st.lists(
    st.sampled_from(
        ["Hey", "folks!", "we", "are", "pleased", "to", "announce", "it's", "🎉", "🥐",
         "#bakery", "#1", "Comment", "below.", "Share", "this!", "Kindly", "note", "\n",
         "don't", "Saturday.", "word"]
    ),
    max_size=120,
).map(" ".join)  # fmt: skip


@st.composite
def signals(draw: st.DrawFn) -> list[Observation]:
    """The observations of one signal, built the way the application builds them."""
    kind = draw(st.sampled_from(["actions", "settings", "approval", "rating", "reject", "edit"]))
    if kind == "actions":
        return learning.from_actions(
            draw(styles), draw(st.lists(st.sampled_from(Action), max_size=4))
        )
    if kind == "settings":
        return learning.from_settings(draw(setting_values))
    if kind == "approval":
        return learning.from_approval(draw(styles))
    if kind == "rating":
        return learning.from_rating(draw(styles), draw(st.integers(1, 5)))
    if kind == "reject":
        return learning.from_rejection()
    return learning.from_edit(measure(draw(post_texts)))


signal_sequences = st.lists(signals(), max_size=15)


def assert_sound(profile: PreferenceProfile) -> None:
    for key, pref in profile.entries.items():
        dimension = DIMENSIONS[key]
        assert isinstance(pref.value, int | float) and not isinstance(pref.value, bool)
        assert math.isfinite(pref.value)
        assert dimension.low <= pref.value <= dimension.high, pref
        assert as_number(key, pref.value) == pref.value
        assert 0.0 <= pref.confidence <= 1.0, pref
        assert pref.evidence_count >= 0
    style = profile.style()
    assert isinstance(style, Style)
    assert Style(**style.to_dict()) == style  # type: ignore[arg-type]


def learn_step_by_step(
    profile: PreferenceProfile, observations: list[Observation]
) -> PreferenceProfile:
    """Learn one observation at a time, checking the properties after each."""
    for obs in observations:
        before = profile.get(obs.key)
        profile = learning.learn(profile, [obs], NOW)
        after = profile.get(obs.key)
        no_news = obs.target is None and before is None  # nothing learned yet to doubt
        if no_news or (obs.target is not None and math.isnan(obs.target)):
            assert after == before  # an observation that carries no information changes nothing
            continue
        assert after is not None
        if before is None or before.source is PreferenceSource.LEARNED:
            assert after.evidence_count == (before.evidence_count if before else 0) + 1
        else:
            assert after == before
        assert_sound(profile)
    return profile


@FAST
@given(observations)
def test_any_observations_keep_estimates_in_bounds_and_confidence_in_zero_to_one(
    sequence: list[Observation],
) -> None:
    learn_step_by_step(EMPTY, sequence)


@FAST
@given(observations)
def test_learning_all_at_once_equals_learning_one_at_a_time(
    sequence: list[Observation],
) -> None:
    one_by_one = EMPTY
    for obs in sequence:
        one_by_one = learning.learn(one_by_one, [obs], NOW)

    assert learning.learn(EMPTY, sequence, NOW) == one_by_one


@FAST
@given(observations, observations)
def test_evidence_counts_only_grow(first: list[Observation], then: list[Observation]) -> None:
    before = learning.learn(EMPTY, first, NOW)

    after = learning.learn(before, then, NOW)

    for key in STYLE_KEYS:
        old, new = before.get(key), after.get(key)
        seen = sum(1 for obs in then if obs.key == key)
        old_count = old.evidence_count if old else 0
        # each observation adds at most one piece of evidence (none when it carries no news)
        assert old_count <= (new.evidence_count if new else 0) <= old_count + seen


@FAST
@given(signal_sequences)
def test_any_signals_from_the_real_builders_keep_the_profile_sound(
    sequence: list[list[Observation]],
) -> None:
    profile = EMPTY
    for observed in sequence:
        profile = learn_step_by_step(profile, observed)


@FAST
@given(st.dictionaries(keys, st.just(math.nan), min_size=1))
def test_settings_that_are_not_numbers_are_refused_before_they_reach_learning(
    named: dict[str, float],
) -> None:
    try:
        learning.from_settings(named)
    except ValueError:
        return
    raise AssertionError("a NaN setting was accepted")


@st.composite
def stated_preferences(draw: st.DrawFn) -> tuple[str, str]:
    key = draw(keys)
    match key:
        case "length":
            value = str(draw(st.integers(MIN_WORDS, MAX_WORDS)))
        case "formality":
            value = draw(st.sampled_from(["casual", "neutral", "formal"]))
        case "cta":
            value = draw(st.sampled_from(["yes", "no", "on", "off"]))
        case _:
            value = str(draw(st.integers(0, 10)))
    return key, value


@FAST
@given(stated_preferences(), signal_sequences, observations)
def test_an_explicit_setting_holds_through_any_learning(
    stated: tuple[str, str],
    sequence: list[list[Observation]],
    extra: list[Observation],
) -> None:
    key, value = stated
    preference = learning.explicit(key, value, NOW)
    profile = PreferenceProfile.of(7, [preference])

    for observed in [*sequence, extra]:
        profile = learning.learn(profile, observed, NOW)

    assert profile.get(key) == preference
    alone = PreferenceProfile.of(7, [preference])
    assert profile.style().to_dict()[key] == alone.style().to_dict()[key]


@FAST
@given(stated_preferences(), signal_sequences)
def test_after_a_reset_learning_moves_the_dimension_again(
    stated: tuple[str, str],
    sequence: list[list[Observation]],
) -> None:
    key, value = stated
    profile = PreferenceProfile.of(7, [learning.explicit(key, value, NOW)])
    for observed in sequence:
        profile = learning.learn(profile, observed, NOW)

    reset = PreferenceProfile.of(7, [pref for name, pref in profile.entries.items() if name != key])
    dimension = DIMENSIONS[key]
    stated_number = as_number(key, value)
    middle = dimension.low + dimension.span / 2
    far_end = dimension.high if stated_number < middle else dimension.low

    relearned = learning.learn(reset, learning.from_settings({key: far_end}), NOW)

    pref = relearned.get(key)
    assert pref is not None
    assert pref.source is PreferenceSource.LEARNED
    assert abs(pref.value - far_end) < abs(stated_number - far_end)
