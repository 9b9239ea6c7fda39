"""SessionRepository: ids on add, exact round trips, the active session, newest-first lists."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from domain.feedback import ContentRequest
from domain.ports import UnitOfWorkFactory
from domain.sessions import Session, SessionStatus
from tests.contract.builders import (
    LONG_TEXT,
    TRICKY_TEXT,
    a_finished_session,
    a_session,
    assert_aware_utc,
    at,
    given_finished_session,
    given_session,
    given_user,
    stored_id,
)
from tests.contract.helpers import assert_added_with_new_ids, committed, present, read


def test_an_added_session_is_returned_with_an_id(uow_factory: UnitOfWorkFactory) -> None:
    given_user(uow_factory, 1)
    first, second = a_session(1), a_finished_session(1, started_at=at(1))

    assert_added_with_new_ids(uow_factory, lambda uow: uow.sessions, first, second)


def test_getting_an_unknown_session_gives_none(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1)

    with uow_factory() as uow:
        assert uow.sessions.get(stored_id(session) + 1000) is None


def test_a_session_round_trips_every_field(uow_factory: UnitOfWorkFactory) -> None:
    given_user(uow_factory, 1)
    session = Session(
        user_id=1,
        started_at=datetime(2024, 2, 29, 8, 15, 30, 987654, tzinfo=UTC),
        brief=TRICKY_TEXT,
        status=SessionStatus.COMPLETED,
        ended_at=datetime(2024, 2, 29, 9, 0, 0, 1, tzinfo=UTC),
        turn_count=12,
        content=(ContentRequest(TRICKY_TEXT), ContentRequest("the price", include=False)),
    )
    stored = committed(uow_factory, lambda uow: uow.sessions.add(session))

    loaded = present(read(uow_factory, lambda uow: uow.sessions.get(stored_id(stored))))
    assert loaded == replace(session, id=stored.id)
    assert loaded.status is SessionStatus.COMPLETED
    assert_aware_utc(loaded.started_at, session.started_at)
    assert_aware_utc(loaded.ended_at, session.ended_at)


def test_a_new_session_without_brief_or_end_keeps_them_none(
    uow_factory: UnitOfWorkFactory,
) -> None:
    session = given_session(uow_factory, 1, brief=None)

    loaded = present(read(uow_factory, lambda uow: uow.sessions.get(stored_id(session))))
    assert (loaded.brief, loaded.ended_at) == (None, None)
    assert loaded.status is SessionStatus.ACTIVE


def test_a_long_brief_is_kept_whole(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1, brief=LONG_TEXT)

    loaded = present(read(uow_factory, lambda uow: uow.sessions.get(stored_id(session))))
    assert loaded.brief == LONG_TEXT


def test_updating_a_session_overwrites_it(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1)
    finished = session.with_brief("A new brief 🥐").turned().turned().complete(at(45))

    committed(uow_factory, lambda uow: uow.sessions.update(finished))

    assert read(uow_factory, lambda uow: uow.sessions.get(stored_id(session))) == finished


def test_the_active_session_is_found_for_its_user(uow_factory: UnitOfWorkFactory) -> None:
    done = given_session(uow_factory, 1, started_at=at(0))
    with uow_factory() as uow:
        uow.sessions.update(done.complete(at(5)))
        uow.commit()
    active = given_session(uow_factory, 1, started_at=at(10))
    given_session(uow_factory, 2, started_at=at(20))

    with uow_factory() as uow:
        assert uow.sessions.active_for(1) == active


def test_no_active_session_gives_none(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1)
    with uow_factory() as uow:
        uow.sessions.update(session.abandon(at(1)))
        uow.commit()

    with uow_factory() as uow:
        assert uow.sessions.active_for(1) is None
        assert uow.sessions.active_for(99) is None


def test_sessions_are_listed_newest_first(uow_factory: UnitOfWorkFactory) -> None:
    middle = given_finished_session(uow_factory, 1, started_at=at(10))
    newest = given_session(uow_factory, 1, started_at=at(20))
    oldest = given_finished_session(uow_factory, 1, started_at=at(0))

    with uow_factory() as uow:
        listed = uow.sessions.list_for_user(1)
    assert listed == [newest, middle, oldest]


def test_sessions_started_at_the_same_moment_are_listed_latest_id_first(
    uow_factory: UnitOfWorkFactory,
) -> None:
    first = given_finished_session(uow_factory, 1, started_at=at(0))
    second = given_finished_session(uow_factory, 1, started_at=at(0))
    third = given_session(uow_factory, 1, started_at=at(0))

    with uow_factory() as uow:
        listed = uow.sessions.list_for_user(1)
    assert [s.id for s in listed] == [third.id, second.id, first.id]


def test_the_session_list_limit_keeps_the_newest(uow_factory: UnitOfWorkFactory) -> None:
    sessions = [given_finished_session(uow_factory, 1, started_at=at(m)) for m in range(4)]
    sessions.append(given_session(uow_factory, 1, started_at=at(4)))

    with uow_factory() as uow:
        limited = uow.sessions.list_for_user(1, limit=2)
        unlimited = uow.sessions.list_for_user(1, limit=None)
    assert limited == [sessions[4], sessions[3]]
    assert unlimited == sessions[::-1]


def test_a_user_without_sessions_lists_none(uow_factory: UnitOfWorkFactory) -> None:
    given_user(uow_factory, 1)

    with uow_factory() as uow:
        assert uow.sessions.list_for_user(1) == []
        assert uow.sessions.list_for_user(404) == []


def test_what_a_session_was_asked_to_say_is_updated_with_it(
    uow_factory: UnitOfWorkFactory,
) -> None:
    session = given_session(uow_factory, 1)
    asked = session.asked((ContentRequest("the free coffee"),))
    committed(uow_factory, lambda uow: uow.sessions.update(asked))
    again = asked.asked((ContentRequest("The Free Coffee", include=False),))
    committed(uow_factory, lambda uow: uow.sessions.update(again))

    loaded = present(read(uow_factory, lambda uow: uow.sessions.get(stored_id(session))))
    assert loaded.content == (ContentRequest("The Free Coffee", include=False),)
