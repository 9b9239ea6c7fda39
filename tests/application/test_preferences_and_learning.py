"""Learning through the use cases: what feedback teaches, edits, /set, /reset, /preferences."""

from __future__ import annotations

import pytest

from application.conversation import Conversation
from application.use_cases.register_user import RegisterUserRequest
from domain.actions import Action
from domain.errors import ValidationError
from domain.feedback import FeedbackKind
from domain.ports import UnitOfWork
from domain.posts import PostStatus
from domain.preferences import PreferenceSource
from domain.style import Formality, Style
from infrastructure.config import Settings
from tests.application.conftest import USER, memory_container
from tests.fakes import EchoGenerator

BRIEF = "Our bakery opens a second shop on Main Street next Saturday"
MY_VERSION = "Second shop opens Saturday on Main Street! Come by for a free croissant. #Bakery"


def _session(conversation: Conversation, *reactions: str | Action) -> None:
    """One session: the brief, then each reaction (an action or free text), then approval."""
    conversation.text(USER, BRIEF)
    for reaction in reactions:
        if isinstance(reaction, Action):
            conversation.act(USER, reaction)
        else:
            conversation.text(USER, reaction)
    conversation.act(USER, Action.APPROVE)


def test_free_text_that_names_a_value_sets_it_in_the_next_version(
    conversation: Conversation,
) -> None:
    conversation.text(USER, BRIEF)

    revised = conversation.text(USER, "no emojis please, and keep it under 50 words")

    assert revised.style.emoji == 0 and revised.style.length == 45


def test_a_user_who_always_asks_for_the_same_thing_stops_having_to(
    conversation: Conversation,
) -> None:
    for _ in range(3):
        _session(conversation, "way too formal", Action.ADD_CTA, "no hashtags")

    first_draft = conversation.text(USER, "Autumn menu")

    assert first_draft.style.formality is Formality.CASUAL
    assert first_draft.style.cta is True and first_draft.style.hashtags == 0


def test_an_edit_becomes_the_next_version_and_teaches_its_measured_style(
    conversation: Conversation, uow: UnitOfWork
) -> None:
    draft = conversation.text(USER, BRIEF)

    edited = conversation.edit(USER, MY_VERSION)

    assert edited.version == draft.version + 1 and edited.content == MY_VERSION
    assert edited.style.hashtags == 1 and edited.style.cta is True and edited.style.emoji == 0
    with uow:
        [feedback] = uow.feedback.list_for_user(USER)
        assert feedback.kind is FeedbackKind.EDIT and feedback.text == MY_VERSION
        profile = uow.preferences.get_profile(USER)
        assert profile.style().length < Style().length  # pulled towards the 15-word edit
        assert uow.posts.get(draft.post_id).status is PostStatus.SUPERSEDED  # type: ignore[union-attr]
    assert conversation.act(USER, Action.APPROVE).content == MY_VERSION


def test_an_empty_edit_is_refused(conversation: Conversation) -> None:
    conversation.text(USER, BRIEF)

    with pytest.raises(ValidationError, match=":edit"):
        conversation.edit(USER, "   ")


def test_an_explicit_setting_wins_over_learning_until_reset(conversation: Conversation) -> None:
    conversation.set(USER, "length", "60")
    for _ in range(3):
        _session(conversation, Action.LONGER, Action.LONGER)

    assert conversation.text(USER, "Autumn menu").style.length == 60
    conversation.act(USER, Action.APPROVE)

    assert conversation.reset(USER) == 5  # length (set) and the four learned dimensions
    assert conversation.text(USER, "Winter menu").style == Style()


def test_set_refuses_unknown_keys_and_values_with_what_is_allowed(
    conversation: Conversation,
) -> None:
    with pytest.raises(ValidationError, match="You can set: length, formality"):
        conversation.set(USER, "colour", "blue")
    with pytest.raises(ValidationError, match="from 15 to 400"):
        conversation.set(USER, "length", "5000")
    with pytest.raises(ValidationError, match="casual, neutral or formal"):
        conversation.set(USER, "formality", "shouty")


def test_preferences_explain_every_dimension_in_one_line(conversation: Conversation) -> None:
    conversation.set(USER, "emoji", "0")
    _session(conversation, Action.SHORTER)

    lines = {view.key: view for view in conversation.preferences(USER)}

    assert list(lines) == ["length", "formality", "emoji", "hashtags", "cta"]
    assert lines["emoji"].source == PreferenceSource.EXPLICIT
    assert lines["emoji"].line.startswith("Emoji: no emoji (you set this")
    assert lines["length"].source == PreferenceSource.LEARNED
    assert "learned from 2 signals of your feedback" in lines["length"].line
    assert all("\n" not in view.line for view in lines.values())


def test_with_learning_off_every_session_starts_from_the_defaults_and_settings() -> None:
    container = memory_container(EchoGenerator())
    container.settings.override(Settings(database_url="memory://", POSTMIND_LEARNING=False))  # type: ignore[call-arg]
    conversation = container.conversation()
    conversation.hello(RegisterUserRequest(USER))
    conversation.set(USER, "hashtags", "0")
    for _ in range(3):
        _session(conversation, Action.SHORTER, Action.CASUAL)

    first_draft = conversation.text(USER, "Autumn menu")

    assert first_draft.style == Style(hashtags=0)
    assert [v.source for v in conversation.preferences(USER)].count("learned") == 0


def test_stats_analyse_first_drafts_complaints_trend_and_style_history(
    conversation: Conversation,
) -> None:
    _session(conversation, "too long", "too long")
    conversation.rate(USER, 2)
    _session(conversation, "too long")
    conversation.rate(USER, 4)
    _session(conversation)
    conversation.rate(USER, 5)

    stats = conversation.stats(USER)

    assert stats.first_draft_approval_rate == pytest.approx(1 / 3, abs=0.001)
    assert stats.complaints[0] == ("too long", 3)
    assert stats.satisfaction_by_session == (2, 4, 5)
    assert stats.trend_label == "improving"
    history = {change.key: change for change in stats.style_history}
    assert history["length"].first == "about 39 words"
