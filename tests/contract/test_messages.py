"""MessageRepository: history is appended, kept exactly, and read back in write order."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from domain.generation import Turn
from domain.messages import Role
from domain.ports import UnitOfWorkFactory
from tests.contract.builders import (
    LONG_TEXT,
    TRICKY_TEXT,
    a_message,
    assert_aware_utc,
    at,
    given_finished_session,
    given_session,
    stored_id,
)
from tests.contract.helpers import assert_added_with_new_ids, committed, read


def test_an_added_message_is_returned_with_an_id(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1)
    first = a_message(session, "Write about our bakery")
    second = a_message(session, "Here is a draft", role=Role.ASSISTANT)

    assert_added_with_new_ids(uow_factory, lambda uow: uow.messages, first, second)


def test_a_message_round_trips_every_field(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1)
    message = a_message(
        session,
        TRICKY_TEXT,
        role=Role.ASSISTANT,
        created_at=datetime(2024, 7, 4, 16, 20, 1, 500001, tzinfo=UTC),
        satisfaction=4,
    )
    committed(uow_factory, lambda uow: uow.messages.add(message))

    [loaded] = read(uow_factory, lambda uow: uow.messages.list_for_session(stored_id(session)))
    assert loaded == replace(message, id=loaded.id)
    assert loaded.role is Role.ASSISTANT
    assert_aware_utc(loaded.created_at, message.created_at)


def test_a_message_without_satisfaction_keeps_it_none(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1)
    committed(uow_factory, lambda uow: uow.messages.add(a_message(session, satisfaction=None)))

    [loaded] = read(uow_factory, lambda uow: uow.messages.list_for_session(stored_id(session)))
    assert loaded.satisfaction is None
    assert loaded.role is Role.USER


def test_ten_thousand_characters_are_kept_whole(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1)
    assert len(LONG_TEXT) == 10_000
    committed(uow_factory, lambda uow: uow.messages.add(a_message(session, LONG_TEXT)))

    [loaded] = read(uow_factory, lambda uow: uow.messages.list_for_session(stored_id(session)))
    assert loaded.content == LONG_TEXT


def test_history_is_listed_oldest_first(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1)
    written = []
    for minute in range(4):
        with uow_factory() as uow:
            written.append(
                uow.messages.add(a_message(session, f"m{minute}", created_at=at(minute)))
            )
            uow.commit()

    with uow_factory() as uow:
        assert uow.messages.list_for_session(stored_id(session)) == written


def test_messages_written_in_the_same_instant_keep_their_write_order(
    uow_factory: UnitOfWorkFactory,
) -> None:
    session = given_session(uow_factory, 1)
    contents = ["brief", "draft", "shorter please", "shorter draft", "👍"]
    with uow_factory() as uow:
        for index, content in enumerate(contents):
            role = Role.USER if index % 2 == 0 else Role.ASSISTANT
            uow.messages.add(a_message(session, content, role=role, created_at=at(0)))
        uow.commit()

    with uow_factory() as uow:
        listed = uow.messages.list_for_session(stored_id(session))
    assert [message.content for message in listed] == contents


def test_history_of_a_session_holds_only_its_messages(uow_factory: UnitOfWorkFactory) -> None:
    mine = given_finished_session(uow_factory, 1, started_at=at(0))
    other = given_session(uow_factory, 1, started_at=at(1))
    with uow_factory() as uow:
        uow.messages.add(a_message(mine, "mine"))
        uow.messages.add(a_message(other, "other"))
        uow.commit()

    with uow_factory() as uow:
        listed = uow.messages.list_for_session(stored_id(mine))
        assert uow.messages.list_for_session(stored_id(other) + 1000) == []
    assert [message.content for message in listed] == ["mine"]


def test_messages_are_counted_per_user(uow_factory: UnitOfWorkFactory) -> None:
    first = given_finished_session(uow_factory, 1, started_at=at(0))
    second = given_session(uow_factory, 1, started_at=at(1))
    someone_else = given_session(uow_factory, 2)
    with uow_factory() as uow:
        for session, count in ((first, 3), (second, 2), (someone_else, 4)):
            for index in range(count):
                uow.messages.add(a_message(session, f"#{index}"))
        uow.commit()

    with uow_factory() as uow:
        assert uow.messages.count_for_user(1) == 5
        assert uow.messages.count_for_user(2) == 4
        assert uow.messages.count_for_user(3) == 0


def test_recent_turns_are_the_newest_messages_oldest_first(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1)
    other = given_session(uow_factory, 2)
    with uow_factory() as uow:
        for n in range(10):
            role = Role.USER if n % 2 else Role.ASSISTANT
            uow.messages.add(a_message(session, f"m{n} {TRICKY_TEXT}", role=role, created_at=at(n)))
            uow.messages.add(a_message(other, f"other {n}", created_at=at(n)))
        uow.commit()

    with uow_factory(read_only=True) as uow:
        recent = uow.messages.recent_turns(stored_id(session), 3)
        everything = uow.messages.recent_turns(stored_id(session), 100)
        nothing = uow.messages.recent_turns(stored_id(session), 0)

    assert recent == [
        Turn(Role.USER, f"m7 {TRICKY_TEXT}"),
        Turn(Role.ASSISTANT, f"m8 {TRICKY_TEXT}"),
        Turn(Role.USER, f"m9 {TRICKY_TEXT}"),
    ]
    assert [t.content for t in everything] == [f"m{n} {TRICKY_TEXT}" for n in range(10)]
    assert nothing == []
