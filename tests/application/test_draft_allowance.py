"""POSTMIND_DRAFTS_PER_HOUR: past the cap a user hears "slow down", and nothing is generated
or stored."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from dependency_injector import providers

from application.conversation import Conversation
from application.use_cases.register_user import RegisterUserRequest
from domain.actions import Action
from domain.errors import RateLimitedError
from infrastructure.config import Settings
from infrastructure.container import Container
from tests.fakes import EchoGenerator, FakeClock

ANN, BOB = 1, 2
BRIEF = "Our bakery opens a second shop on Main Street next Saturday"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def container(generator: EchoGenerator, clock: FakeClock) -> Iterator[Container]:
    settings = Settings(database_url="memory://", POSTMIND_DRAFTS_PER_HOUR=3)  # type: ignore[call-arg]
    container = Container(settings=settings)
    container.clock.override(providers.Object(clock))
    container.generator.override(providers.Object(generator))
    yield container
    container.shutdown_resources()


@pytest.fixture
def conversation(container: Container) -> Conversation:
    conversation: Conversation = container.conversation()
    for user in (ANN, BOB):
        conversation.hello(RegisterUserRequest(user))
    return conversation


def test_past_the_cap_the_user_is_told_to_slow_down_and_nothing_is_generated(
    conversation: Conversation, generator: EchoGenerator, container: Container
) -> None:
    conversation.text(ANN, BRIEF)
    conversation.act(ANN, Action.SHORTER)
    conversation.act(ANN, Action.CASUAL)
    asked = len(generator.requests)

    with pytest.raises(RateLimitedError, match="Slow down"):
        conversation.act(ANN, Action.LONGER)

    assert len(generator.requests) == asked
    with container.uow_factory()(read_only=True) as uow:
        session = uow.sessions.active_for(ANN)
        assert session is not None
        said = [t.content for t in uow.messages.recent_turns(session.id or 0, 10)]
        feedback = uow.feedback.list_for_session(session.id or 0)
    assert said[-1] != ":longer" and len(feedback) == 2  # a refused request changes nothing


def test_one_users_cap_does_not_touch_another(conversation: Conversation) -> None:
    conversation.text(ANN, BRIEF)
    for action in (Action.SHORTER, Action.CASUAL):
        conversation.act(ANN, action)

    assert conversation.text(BOB, BRIEF).version == 1


def test_the_users_own_edits_do_not_count(conversation: Conversation) -> None:
    conversation.text(ANN, BRIEF)
    for _ in range(3):
        conversation.edit(ANN, "My own words for the bakery post.", None)

    assert conversation.act(ANN, Action.SHORTER).version == 5


def test_a_new_brief_past_the_cap_is_refused_before_a_session_starts(
    conversation: Conversation, container: Container
) -> None:
    conversation.text(ANN, BRIEF)
    conversation.act(ANN, Action.SHORTER)
    conversation.act(ANN, Action.CASUAL)

    with pytest.raises(RateLimitedError):
        conversation.new(ANN, "A winter menu")

    with container.uow_factory()(read_only=True) as uow:
        assert len(uow.sessions.list_for_user(ANN)) == 1


def test_an_hour_later_drafts_come_again(conversation: Conversation, clock: FakeClock) -> None:
    conversation.text(ANN, BRIEF)
    conversation.act(ANN, Action.SHORTER)
    conversation.act(ANN, Action.CASUAL)
    with pytest.raises(RateLimitedError):
        conversation.act(ANN, Action.LONGER)

    clock.advance(timedelta(hours=1))

    assert conversation.retry(ANN).version == 4
