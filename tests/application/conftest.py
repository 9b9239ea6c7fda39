"""Use cases run through the real container on the in-memory adapter, with fakes we own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from dependency_injector import providers

from application.bus import Bus
from application.requests import Hello
from domain.ports import ContentGenerator, UnitOfWork
from infrastructure.config import Settings
from infrastructure.container import Container
from tests.fakes import EchoGenerator, FakeClock

USER = 42
OTHER = 7


@pytest.fixture
def generator() -> EchoGenerator:
    return EchoGenerator()


def memory_container(generator: ContentGenerator, **settings: object) -> Container:
    """The real container on `memory://`, with our fake clock and the given generator.

    Checking and calibration are off unless asked for: the echo generator writes down its
    request rather than a post, so checking it would only add follow-ups, and calibrating
    against it would change the lengths the tests read back.
    """
    chosen: dict[str, object] = {"correction_attempts": 0, "calibration": False, **settings}
    container = Container(
        settings=Settings(database_url="memory://", generator="offline", **chosen)  # type: ignore[arg-type]
    )
    container.clock.override(providers.Object(FakeClock()))
    container.generator.override(providers.Object(generator))
    return container


@pytest.fixture
def container(generator: EchoGenerator) -> Iterator[Container]:
    container = memory_container(generator)
    yield container
    container.shutdown_resources()


@pytest.fixture
def bus(container: Container) -> Bus:
    bus: Bus = container.bus()
    bus.handle(Hello(USER, username="ann"))
    bus.handle(Hello(OTHER, username="bob"))
    return bus


@pytest.fixture
def uow(container: Container) -> UnitOfWork:
    """A unit of work for reading what the use cases stored."""
    return container.uow_factory()()
