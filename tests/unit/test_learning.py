"""Learning a user's style: signals become observations, observations move estimates.

Each observation moves its dimension's estimate part of the way to its target (so recent
evidence weighs more) and its confidence towards how well the two agreed. Doubt lowers
confidence and leaves the estimate. Explicit settings are never touched by learning.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from domain.actions import Action
from domain.dimensions import DIMENSIONS, STYLE_KEYS
from domain.errors import InvalidSettingError, ValidationError
from domain.learning import (
    WEIGHT_ACTION,
    WEIGHT_APPROVAL,
    WEIGHT_DOUBT_REJECT,
    WEIGHT_EDIT,
    WEIGHT_GOOD_RATING,
    WEIGHT_SETTING,
    Observation,
    explicit,
    from_actions,
    from_approval,
    from_edit,
    from_rating,
    from_rejection,
    from_settings,
    learn,
    style_of,
)
from domain.preferences import (
    Preference,
    PreferenceProfile,
    PreferenceSource,
    changed_keys,
)
from domain.style import MAX_EMOJI, MAX_WORDS, MIN_WORDS, Formality, Style
from domain.text_metrics import TextMetrics, measure

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)
EMPTY = PreferenceProfile(user_id=7)


def learned(key: str, value: object, confidence: float = 0.5, evidence: int = 3) -> Preference:
    return Preference(key, value, confidence, evidence, PreferenceSource.LEARNED, NOW)


def value_of(profile: PreferenceProfile, key: str) -> float:
    pref = profile.get(key)
    assert pref is not None
    return float(pref.value)


def confidence_of(profile: PreferenceProfile, key: str) -> float:
    pref = profile.get(key)
    assert pref is not None
    return pref.confidence


def confident_profile() -> PreferenceProfile:
    """A profile that has seen every dimension agree a few times."""
    style = Style(length=60, formality=Formality.CASUAL, emoji=0, hashtags=3, cta=True)
    return learn(EMPTY, from_approval(style) * 6, NOW)


# learn(): the arithmetic of one step


def test_first_observation_starts_from_the_defaults_with_no_confidence() -> None:
    profile = learn(EMPTY, [Observation("length", 40.0, 0.5)], NOW)

    span = MAX_WORDS - MIN_WORDS
    assert profile.get("length") == Preference(
        key="length",
        value=60.0,  # 80 + 0.5 * (40 - 80)
        confidence=round(0.5 * (1 - 40 / span), 3),  # 0 + 0.5 * (agreement - 0)
        evidence_count=1,
        source=PreferenceSource.LEARNED,
        updated_at=NOW,
    )


def test_first_observation_starts_from_the_given_baseline() -> None:
    profile = learn(EMPTY, [Observation("length", 100.0, 0.5)], NOW, baseline=Style(length=200))

    assert value_of(profile, "length") == 150.0


def test_learning_touches_only_the_observed_dimension() -> None:
    profile = learn(EMPTY, [Observation("emoji", 0.0, 0.5)], NOW)

    assert list(profile.entries) == ["emoji"]


def test_an_estimate_moves_part_of_the_way_from_what_is_known() -> None:
    start = PreferenceProfile.of(7, [learned("emoji", 4.0, confidence=0.2)])

    profile = learn(start, [Observation("emoji", 0.0, 0.25)], LATER)

    pref = profile.get("emoji")
    assert pref is not None
    assert pref.value == 3.0  # 4 + 0.25 * (0 - 4)
    agreement = 1 - 4 / MAX_EMOJI
    assert pref.confidence == round(0.2 + 0.25 * (agreement - 0.2), 3)
    assert pref.evidence_count == 4
    assert pref.updated_at == LATER


def test_a_full_weight_observation_replaces_the_estimate() -> None:
    profile = learn(EMPTY, [Observation("length", 33.0, 1.0)], NOW)

    assert value_of(profile, "length") == 33.0


def test_weights_beyond_zero_to_one_are_clamped() -> None:
    over = learn(EMPTY, [Observation("length", 33.0, 7.0)], NOW)
    under = learn(EMPTY, [Observation("length", 33.0, -2.0)], NOW)

    assert value_of(over, "length") == 33.0
    assert value_of(under, "length") == 80.0


def test_targets_beyond_the_bounds_are_clamped_before_averaging() -> None:
    profile = learn(EMPTY, [Observation("length", 10_000.0, 1.0)], NOW)

    assert value_of(profile, "length") == MAX_WORDS


def test_a_target_that_is_not_a_number_does_not_drag_the_estimate_to_the_top() -> None:
    try:
        profile = learn(EMPTY, [Observation("length", math.nan, 0.5)], NOW)
    except ValueError:
        return  # refusing it is as good as ignoring it
    pref = profile.get("length")
    assert pref is None or pref.value == 80.0


def test_learning_over_an_unreadable_stored_value_starts_again_from_the_baseline() -> None:
    start = PreferenceProfile.of(7, [learned("length", "abc")])

    profile = learn(start, [Observation("length", 40.0, 0.5)], NOW)

    assert value_of(profile, "length") == 60.0


def test_learning_reads_stored_values_in_older_formats() -> None:
    start = PreferenceProfile.of(7, [learned("formality", "formal"), learned("cta", True)])

    profile = learn(start, [Observation("formality", -1.0, 0.5), Observation("cta", 0.0, 0.5)], NOW)

    assert value_of(profile, "formality") == 0.0
    assert value_of(profile, "cta") == 0.5


def test_learn_leaves_the_profile_it_was_given_unchanged() -> None:
    learn(EMPTY, [Observation("length", 40.0, 0.5)], NOW)

    assert EMPTY.entries == {}


# learn(): over many observations


def test_recent_evidence_weighs_more_than_the_plain_mean() -> None:
    observations = [Observation("length", 50.0, WEIGHT_ACTION)] * 10
    observations += [Observation("length", 150.0, WEIGHT_ACTION)] * 3

    estimate = value_of(learn(EMPTY, observations, NOW), "length")

    plain_mean = (10 * 50 + 3 * 150) / 13
    assert abs(150 - estimate) < abs(plain_mean - estimate)
    assert estimate > plain_mean


def test_consistent_evidence_raises_confidence_towards_one() -> None:
    profile = EMPTY
    confidences = []
    for _ in range(20):
        profile = learn(profile, [Observation("length", 60.0, WEIGHT_ACTION)], NOW)
        confidences.append(confidence_of(profile, "length"))

    assert confidences == sorted(confidences)
    assert confidences[-1] > 0.95
    assert confidences[-1] <= 1.0


def test_contradicting_evidence_lowers_confidence() -> None:
    confident = learn(EMPTY, [Observation("length", 60.0, WEIGHT_ACTION)] * 10, NOW)

    contradicted = learn(confident, [Observation("length", MAX_WORDS, WEIGHT_ACTION)], NOW)

    assert confidence_of(contradicted, "length") < confidence_of(confident, "length")


def test_evidence_that_keeps_flip_flopping_never_makes_postmind_sure() -> None:
    flip_flop = [
        Observation("cta", 1.0, WEIGHT_ACTION),
        Observation("cta", 0.0, WEIGHT_ACTION),
    ] * 10

    assert confidence_of(learn(EMPTY, flip_flop, NOW), "cta") < 0.6


def test_each_observation_counts_as_one_piece_of_evidence() -> None:
    profile = learn(EMPTY, [Observation("emoji", 0.0, 0.5)] * 4, NOW)

    pref = profile.get("emoji")
    assert pref is not None
    assert pref.evidence_count == 4


# Doubt: rejections and poor ratings


def test_a_rejection_lowers_every_confidence_and_leaves_the_estimates() -> None:
    before = confident_profile()

    after = learn(before, from_rejection(), LATER)

    for key in STYLE_KEYS:
        old, new = before.get(key), after.get(key)
        assert old is not None and new is not None
        assert new.value == old.value
        assert new.confidence == round(old.confidence * (1 - WEIGHT_DOUBT_REJECT), 3)
        assert new.evidence_count == old.evidence_count + 1


@pytest.mark.parametrize("rating", [1, 2])
def test_a_poor_rating_lowers_confidence_and_leaves_the_estimates(rating: int) -> None:
    before = confident_profile()

    after = learn(before, from_rating(Style(length=300), rating), LATER)

    for key in STYLE_KEYS:
        old, new = before.get(key), after.get(key)
        assert old is not None and new is not None
        assert new.value == old.value
        assert new.confidence < old.confidence


def test_a_rating_of_one_casts_more_doubt_than_a_rating_of_two() -> None:
    before = confident_profile()

    one = learn(before, from_rating(Style(), 1), LATER)
    two = learn(before, from_rating(Style(), 2), LATER)

    assert confidence_of(one, "length") < confidence_of(two, "length")


def test_doubt_observations_carry_no_target() -> None:
    assert {obs.key for obs in from_rejection()} == set(STYLE_KEYS)
    assert all(obs.target is None for obs in from_rejection() + from_rating(Style(), 1))


def test_doubt_about_dimensions_never_learned_records_nothing() -> None:
    profile = learn(EMPTY, from_rejection(), NOW)

    assert profile.entries == {}
    assert profile.style() == Style()


# Confirmation: approvals and good ratings


def test_a_rating_of_three_says_nothing() -> None:
    assert from_rating(Style(length=300), 3) == []


@pytest.mark.parametrize(
    ("rating", "weight"), [(4, WEIGHT_GOOD_RATING / 2), (5, WEIGHT_GOOD_RATING)]
)
def test_a_good_rating_confirms_the_rated_style(rating: int, weight: float) -> None:
    rated = Style(length=40, formality=Formality.FORMAL, emoji=0, hashtags=5, cta=True)

    observations = from_rating(rated, rating)

    assert observations == [
        Observation("length", 40.0, weight),
        Observation("formality", 1.0, weight),
        Observation("emoji", 0.0, weight),
        Observation("hashtags", 5.0, weight),
        Observation("cta", 1.0, weight),
    ]


def test_a_five_star_rating_moves_the_style_further_than_a_four() -> None:
    rated = Style(length=40)

    four = learn(EMPTY, from_rating(rated, 4), NOW)
    five = learn(EMPTY, from_rating(rated, 5), NOW)

    assert value_of(five, "length") < value_of(four, "length") < 80.0


def test_approvals_of_one_style_teach_that_style() -> None:
    approved = Style(length=40, formality=Formality.CASUAL, emoji=3, hashtags=0, cta=True)

    profile = learn(EMPTY, from_approval(approved) * 5, NOW)

    assert profile.style() == approved
    assert all(obs.weight == WEIGHT_APPROVAL for obs in from_approval(approved))


# Actions on a draft


def test_shorter_targets_seventy_percent_of_the_draft_length() -> None:
    assert from_actions(Style(length=80), [Action.SHORTER]) == [
        Observation("length", 56.0, WEIGHT_ACTION)
    ]


def test_casual_on_a_neutral_draft_targets_fully_casual() -> None:
    assert from_actions(Style(), [Action.CASUAL]) == [Observation("formality", -1.0, WEIGHT_ACTION)]


def test_add_cta_targets_always_having_a_call_to_action() -> None:
    assert from_actions(Style(), [Action.ADD_CTA]) == [Observation("cta", 1.0, WEIGHT_ACTION)]


@pytest.mark.parametrize(
    ("action", "key", "target"),
    [
        (Action.LONGER, "length", 114.0),
        (Action.FORMAL, "formality", 1.0),
        (Action.MORE_EMOJI, "emoji", 2.0),
        (Action.LESS_EMOJI, "emoji", 0.0),
        (Action.MORE_HASHTAGS, "hashtags", 3.0),
        (Action.LESS_HASHTAGS, "hashtags", 1.0),
        (Action.DROP_CTA, "cta", 0.0),
    ],
)
def test_each_style_action_targets_the_value_it_moves_to(
    action: Action, key: str, target: float
) -> None:
    assert from_actions(Style(), [action]) == [Observation(key, target, WEIGHT_ACTION)]


@pytest.mark.parametrize("action", [Action.REGENERATE, Action.APPROVE, Action.REJECT])
def test_actions_that_do_not_change_the_style_teach_nothing(action: Action) -> None:
    assert from_actions(Style(), [action]) == []


def test_several_actions_give_one_observation_each_in_order() -> None:
    observations = from_actions(Style(), [Action.SHORTER, Action.REGENERATE, Action.LESS_EMOJI])

    assert [(obs.key, obs.target) for obs in observations] == [("length", 56.0), ("emoji", 0.0)]


# Settings named in free text


def test_settings_become_strong_observations_of_the_named_values() -> None:
    assert from_settings({"emoji": 0.0, "length": 45.0}) == [
        Observation("emoji", 0.0, WEIGHT_SETTING),
        Observation("length", 45.0, WEIGHT_SETTING),
    ]


def test_settings_beyond_the_bounds_are_clamped() -> None:
    assert from_settings({"hashtags": 15.0, "length": 9.0}) == [
        Observation("hashtags", 10.0, WEIGHT_SETTING),
        Observation("length", float(MIN_WORDS), WEIGHT_SETTING),
    ]


def test_a_setting_that_is_not_a_number_is_refused() -> None:
    with pytest.raises(ValueError):
        from_settings({"length": math.nan})


# Edits: the user's own version


def test_an_edit_teaches_the_measured_style_of_the_users_text() -> None:
    text = (
        "Hey folks! We're opening a new bakery downtown this Saturday 🎉🥐 Fresh bread, "
        "pastries and coffee all day long. Come by and say hi! #bakery"
    )

    observations = from_edit(measure(text))

    assert observations == [
        Observation("length", 23.0, WEIGHT_EDIT),
        Observation("formality", -1.0, WEIGHT_EDIT),
        Observation("emoji", 2.0, WEIGHT_EDIT),
        Observation("hashtags", 1.0, WEIGHT_EDIT),
        Observation("cta", 1.0, WEIGHT_EDIT),
    ]


def test_an_edit_in_formal_words_without_extras_teaches_a_formal_plain_style() -> None:
    text = (
        "We are pleased to announce that our bakery will open on Saturday. It is located "
        "downtown, and we would be delighted to welcome new customers during the first week."
    )

    profile = learn(EMPTY, from_edit(measure(text)) * 3, NOW)

    style = profile.style()
    assert style.formality is Formality.FORMAL
    assert (style.emoji, style.hashtags, style.cta) == (0, 0, False)


def test_style_of_reads_metrics_as_a_style() -> None:
    metrics = TextMetrics(words=42, emoji=3, hashtags=2, cta=True, formality=Formality.CASUAL)

    assert style_of(metrics) == Style(
        length=42, formality=Formality.CASUAL, emoji=3, hashtags=2, cta=True
    )


def test_style_of_clamps_texts_outside_what_a_style_can_say() -> None:
    tiny = TextMetrics(words=3, emoji=40, hashtags=25, cta=False, formality=Formality.NEUTRAL)
    huge = TextMetrics(words=5000, emoji=0, hashtags=0, cta=False, formality=Formality.NEUTRAL)

    assert style_of(tiny) == Style(length=MIN_WORDS, emoji=MAX_EMOJI, hashtags=10)
    assert style_of(huge).length == MAX_WORDS


# Explicit preferences: /set <key> <value>


@pytest.mark.parametrize(
    ("key", "value", "number"),
    [
        ("length", "60", 60.0),
        ("length", " 15 ", 15.0),
        ("length", "400", 400.0),
        ("Length", "60", 60.0),
        ("formality", "Casual", -1.0),
        ("formality", "neutral", 0.0),
        ("formality", "FORMAL", 1.0),
        ("emoji", "0", 0.0),
        ("emoji", "10", 10.0),
        ("hashtags", "10", 10.0),
        ("hashtags", "0", 0.0),
        ("cta", "yes", 1.0),
        ("cta", "no", 0.0),
        ("cta", "on", 1.0),
        ("cta", "off", 0.0),
        ("cta", "Yes", 1.0),
    ],
)
def test_explicit_parses_each_keys_values(key: str, value: str, number: float) -> None:
    assert explicit(key, value, NOW) == Preference(
        key.lower(), number, 1.0, 0, PreferenceSource.EXPLICIT, NOW
    )


ALLOWED = {  # what a refused setting says each key takes
    "length": "from 15 to 400",
    "emoji": "from 0 to 10",
    "hashtags": "from 0 to 10",
    "formality": "casual, neutral or formal",
    "cta": "yes or no",
}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("length", "401"),
        ("length", "14"),
        ("length", "60.5"),
        ("length", "sixty"),
        ("emoji", "-1"),
        ("emoji", "11"),
        ("hashtags", "11"),
        ("hashtags", "lots"),
        ("formality", "loud"),
        ("formality", "0.5"),
        ("cta", "maybe"),
        ("cta", ""),
    ],
)
def test_explicit_refuses_values_out_of_range_or_unreadable_and_says_what_is_allowed(
    key: str, value: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        explicit(key, value, NOW)

    message = str(refused.value)
    assert f"'{value}' is not a valid {key}" in message
    assert ALLOWED[key] in message
    assert isinstance(refused.value, InvalidSettingError) and refused.value.example
    assert "/set" not in message  # each interface adds its own command (interfaces.wording)


@pytest.mark.parametrize(
    ("synonym", "key", "value"), [("tone", "formality", "casual"), ("Words", "length", "60")]
)
def test_explicit_takes_the_words_people_use_for_a_key(synonym: str, key: str, value: str) -> None:
    assert explicit(synonym, value, NOW) == explicit(key, value, NOW)


@pytest.mark.parametrize("key", ["colour", "mood", "", "length2"])
def test_explicit_refuses_unknown_keys_and_lists_the_known_ones(key: str) -> None:
    with pytest.raises(ValidationError) as refused:
        explicit(key, "1", NOW)

    assert str(refused.value) == (
        f"Unknown preference '{key}'. You can set: length, formality, emoji, hashtags, cta."
    )


def test_learning_never_changes_an_explicit_preference() -> None:
    stated = explicit("length", "60", NOW)
    start = PreferenceProfile.of(7, [stated])

    profile = learn(
        start,
        [
            Observation("length", 300.0, 1.0),
            *from_rejection(),
            *from_approval(Style(length=200)),
            *from_actions(Style(length=60), [Action.LONGER]),
        ],
        LATER,
    )

    assert profile.get("length") == stated
    assert value_of(profile, "emoji") == 1.0  # other dimensions still learn


# PreferenceProfile


def test_profile_style_overlays_known_values_on_the_defaults() -> None:
    profile = PreferenceProfile.of(
        7,
        [
            learned("length", 60.4),
            explicit("formality", "formal", NOW),
            learned("cta", True),
        ],
    )

    assert profile.style() == Style(length=60, formality=Formality.FORMAL, cta=True)


def test_profile_style_overlays_known_values_on_a_given_default() -> None:
    profile = PreferenceProfile.of(7, [learned("emoji", 0.0)])
    default = Style(length=200, hashtags=0)

    assert profile.style(default) == Style(length=200, emoji=0, hashtags=0)


def test_profile_style_ignores_unreadable_values_and_unknown_keys() -> None:
    profile = PreferenceProfile.of(
        7, [learned("length", "abc"), learned("emoji", math.nan), learned("colour", "red")]
    )

    assert profile.style() == Style()


def test_profile_only_keeps_the_preferences_from_one_source() -> None:
    stated = explicit("emoji", "0", NOW)
    guessed = learned("length", 60.0)
    profile = PreferenceProfile.of(7, [stated, guessed])

    assert profile.only(PreferenceSource.EXPLICIT) == PreferenceProfile.of(7, [stated])
    assert profile.only(PreferenceSource.LEARNED) == PreferenceProfile.of(7, [guessed])
    assert profile.only(PreferenceSource.EXPLICIT).user_id == 7


def test_changed_keys_lists_the_new_and_changed_preferences_only() -> None:
    before = PreferenceProfile.of(7, [learned("length", 60.0), learned("emoji", 1.0)])

    after = learn(before, [Observation("emoji", 0.0, 0.5), Observation("cta", 1.0, 0.5)], NOW)

    assert [pref.key for pref in changed_keys(before, after)] == ["emoji", "cta"]
    assert changed_keys(after, after) == []


def test_dimensions_have_the_bounds_the_style_enforces() -> None:
    assert (DIMENSIONS["length"].low, DIMENSIONS["length"].high) == (MIN_WORDS, MAX_WORDS)
    assert (DIMENSIONS["cta"].low, DIMENSIONS["cta"].high) == (0.0, 1.0)
