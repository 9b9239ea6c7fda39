"""Learning through the use cases: what feedback teaches, edits, /set, /reset, /preferences."""

from __future__ import annotations

import pytest

from application.bus import Bus
from application.requests import (
    Act,
    Edit,
    Hello,
    Preferences,
    Rate,
    ResetPreferences,
    SetPreference,
    Stats,
    Text,
)
from domain.actions import Action
from domain.errors import EmptyTextError, ValidationError
from domain.feedback import FeedbackKind
from domain.ports import UnitOfWork
from domain.posts import PostStatus
from domain.preferences import PreferenceSource
from domain.style import Formality, Style
from infrastructure.config import Settings
from interfaces.presenting import preference_line
from tests.application.conftest import USER, memory_container
from tests.fakes import EchoGenerator

BRIEF = "Our bakery opens a second shop on Main Street next Saturday"
MY_VERSION = "Second shop opens Saturday on Main Street! Come by for a free croissant. #Bakery"


def _session(bus: Bus, *reactions: str | Action) -> None:
    """One session: the brief, then each reaction (an action or free text), then approval."""
    bus.handle(Text(USER, BRIEF))
    for reaction in reactions:
        if isinstance(reaction, Action):
            bus.handle(Act(USER, reaction))
        else:
            bus.handle(Text(USER, reaction))
    bus.handle(Act(USER, Action.APPROVE))


def test_free_text_that_names_a_value_sets_it_in_the_next_version(
    bus: Bus,
) -> None:
    bus.handle(Text(USER, BRIEF))

    revised = bus.handle(Text(USER, "no emojis please, and keep it under 50 words"))

    assert revised.style.emoji == 0 and revised.style.length == 45


def test_a_user_who_always_asks_for_the_same_thing_stops_having_to(
    bus: Bus,
) -> None:
    for _ in range(3):
        _session(bus, "way too formal", Action.ADD_CTA, "no hashtags")

    first_draft = bus.handle(Text(USER, "Autumn menu"))

    assert first_draft.style.formality is Formality.CASUAL
    assert first_draft.style.cta is True and first_draft.style.hashtags == 0


def test_an_edit_becomes_the_next_version_and_teaches_its_measured_style(
    bus: Bus, uow: UnitOfWork
) -> None:
    draft = bus.handle(Text(USER, BRIEF))

    edited = bus.handle(Edit(USER, MY_VERSION))

    assert edited.version == draft.version + 1 and edited.content == MY_VERSION
    assert edited.style.hashtags == 1 and edited.style.cta is True and edited.style.emoji == 0
    with uow:
        [feedback] = uow.feedback.list_for_user(USER)
        assert feedback.kind is FeedbackKind.EDIT and feedback.text == MY_VERSION
        profile = uow.preferences.get_profile(USER)
        assert profile.style().length < Style().length  # pulled towards the 15-word edit
        assert uow.posts.get(draft.post_id).status is PostStatus.SUPERSEDED  # type: ignore[union-attr]
    assert bus.handle(Act(USER, Action.APPROVE)).content == MY_VERSION


def test_an_empty_edit_is_refused(bus: Bus) -> None:
    bus.handle(Text(USER, BRIEF))

    with pytest.raises(EmptyTextError) as refused:
        bus.handle(Edit(USER, "   "))

    assert refused.value.what == "own version"


def test_an_explicit_setting_wins_over_learning_until_reset(bus: Bus) -> None:
    bus.handle(SetPreference(USER, "length", "60"))
    for _ in range(3):
        _session(bus, Action.LONGER, Action.LONGER)

    assert bus.handle(Text(USER, "Autumn menu")).style.length == 60
    bus.handle(Act(USER, Action.APPROVE))

    assert bus.handle(ResetPreferences(USER)) == 5  # length (set) and the four learned dimensions
    assert bus.handle(Text(USER, "Winter menu")).style == Style()


def test_set_refuses_unknown_keys_and_values_with_what_is_allowed(
    bus: Bus,
) -> None:
    with pytest.raises(ValidationError, match="You can set: length, formality"):
        bus.handle(SetPreference(USER, "colour", "blue"))
    with pytest.raises(ValidationError, match="from 15 to 400"):
        bus.handle(SetPreference(USER, "length", "5000"))
    with pytest.raises(ValidationError, match="casual, neutral or formal"):
        bus.handle(SetPreference(USER, "formality", "shouty"))


def test_preferences_explain_every_dimension_in_one_line(bus: Bus) -> None:
    bus.handle(SetPreference(USER, "emoji", "0"))
    _session(bus, Action.SHORTER)

    lines = {view.key: view for view in bus.handle(Preferences(USER))}

    assert list(lines) == ["length", "formality", "emoji", "hashtags", "cta"]
    assert lines["emoji"].source == PreferenceSource.EXPLICIT
    assert preference_line(lines["emoji"]).startswith("Emoji: no emoji (you set this")
    assert lines["length"].source == PreferenceSource.LEARNED
    assert "learned from 2 signals of your feedback" in preference_line(lines["length"])
    assert all("\n" not in preference_line(view) for view in lines.values())


def test_with_learning_off_every_session_starts_from_the_defaults_and_settings() -> None:
    container = memory_container(EchoGenerator())
    container.settings.override(Settings(database_url="memory://", POSTMIND_LEARNING=False))  # type: ignore[call-arg]
    bus = container.bus()
    bus.handle(Hello(USER))
    bus.handle(SetPreference(USER, "hashtags", "0"))
    for _ in range(3):
        _session(bus, Action.SHORTER, Action.CASUAL)

    first_draft = bus.handle(Text(USER, "Autumn menu"))

    assert first_draft.style == Style(hashtags=0)
    assert [v.source for v in bus.handle(Preferences(USER))].count("learned") == 0


def test_stats_analyse_first_drafts_complaints_trend_and_style_history(
    bus: Bus,
) -> None:
    _session(bus, "too long", "too long")
    bus.handle(Rate(USER, 2))
    _session(bus, "too long")
    bus.handle(Rate(USER, 4))
    _session(bus)
    bus.handle(Rate(USER, 5))

    stats = bus.handle(Stats(USER))

    assert stats.first_draft_approval_rate == pytest.approx(1 / 3, abs=0.001)
    assert stats.complaints[0] == ("too long", 3)
    assert stats.satisfaction_by_session == (2, 4, 5)
    assert stats.trend_label == "improving"
    history = {change.key: change for change in stats.style_history}
    assert history["length"].first == "about 39 words"
