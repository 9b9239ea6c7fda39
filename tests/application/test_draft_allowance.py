"""POSTMIND_DRAFTS_PER_HOUR: past the cap a user hears "slow down", and nothing is generated
or stored."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from dependency_injector import providers

from application.bus import Bus
from application.requests import Act, Edit, Hello, New, Retry, Text
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
def bus(container: Container) -> Bus:
    bus: Bus = container.bus()
    for user in (ANN, BOB):
        bus.handle(Hello(user))
    return bus


def test_past_the_cap_the_user_is_told_to_slow_down_and_nothing_is_generated(
    bus: Bus, generator: EchoGenerator, container: Container
) -> None:
    bus.handle(Text(ANN, BRIEF))
    bus.handle(Act(ANN, Action.SHORTER))
    bus.handle(Act(ANN, Action.CASUAL))
    asked = len(generator.requests)

    with pytest.raises(RateLimitedError, match="Slow down"):
        bus.handle(Act(ANN, Action.LONGER))

    assert len(generator.requests) == asked
    with container.uow_factory()(read_only=True) as uow:
        session = uow.sessions.active_for(ANN)
        assert session is not None
        said = [t.content for t in uow.messages.recent_turns(session.id or 0, 10)]
        feedback = uow.feedback.list_for_session(session.id or 0)
    assert said[-1] != ":longer" and len(feedback) == 2  # a refused request changes nothing


def test_one_users_cap_does_not_touch_another(bus: Bus) -> None:
    bus.handle(Text(ANN, BRIEF))
    for action in (Action.SHORTER, Action.CASUAL):
        bus.handle(Act(ANN, action))

    assert bus.handle(Text(BOB, BRIEF)).version == 1


def test_the_users_own_edits_do_not_count(bus: Bus) -> None:
    bus.handle(Text(ANN, BRIEF))
    for _ in range(3):
        bus.handle(Edit(ANN, "My own words for the bakery post.", None))

    assert bus.handle(Act(ANN, Action.SHORTER)).version == 5


def test_a_new_brief_past_the_cap_is_refused_before_a_session_starts(
    bus: Bus, container: Container
) -> None:
    bus.handle(Text(ANN, BRIEF))
    bus.handle(Act(ANN, Action.SHORTER))
    bus.handle(Act(ANN, Action.CASUAL))

    with pytest.raises(RateLimitedError):
        bus.handle(New(ANN, "A winter menu"))

    with container.uow_factory()(read_only=True) as uow:
        assert len(uow.sessions.list_for_user(ANN)) == 1


def test_an_hour_later_drafts_come_again(bus: Bus, clock: FakeClock) -> None:
    bus.handle(Text(ANN, BRIEF))
    bus.handle(Act(ANN, Action.SHORTER))
    bus.handle(Act(ANN, Action.CASUAL))
    with pytest.raises(RateLimitedError):
        bus.handle(Act(ANN, Action.LONGER))

    clock.advance(timedelta(hours=1))

    assert bus.handle(Retry(ANN)).version == 4
