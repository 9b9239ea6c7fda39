"""UserRepository: Telegram ids as keys, counters kept exactly, listing by id."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from domain.ports import UnitOfWorkFactory
from domain.users import Counts
from tests.contract.builders import TRICKY_TEXT, a_user, assert_aware_utc, at, given_user
from tests.contract.helpers import committed, present, read

TELEGRAM_SIZED_ID = 7_512_345_678  # real Telegram ids no longer fit in 32 bits


def test_an_added_user_keeps_its_telegram_id(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        stored = uow.users.add(a_user(TELEGRAM_SIZED_ID))
        uow.commit()

    assert stored.id == TELEGRAM_SIZED_ID
    with uow_factory() as uow:
        loaded = uow.users.get(TELEGRAM_SIZED_ID)
    assert loaded == a_user(TELEGRAM_SIZED_ID)


def test_getting_an_unknown_user_gives_none(uow_factory: UnitOfWorkFactory) -> None:
    given_user(uow_factory, 1)

    with uow_factory() as uow:
        assert uow.users.get(2) is None


def test_a_user_round_trips_every_field(uow_factory: UnitOfWorkFactory) -> None:
    user = a_user(
        42,
        created_at=datetime(2023, 12, 31, 23, 59, 59, 123456, tzinfo=UTC),
        last_active_at=at(90),
        username="baker_42",
        first_name=TRICKY_TEXT,
        last_name="אבו-זייד 🍞",
        sessions_count=3,
        drafts_count=17,
        approved_count=2,
        rejected_count=1,
        ratings_count=2,
        ratings_sum=9,
    )
    committed(uow_factory, lambda uow: uow.users.add(user))

    loaded = present(read(uow_factory, lambda uow: uow.users.get(42)))
    assert loaded == user
    assert_aware_utc(loaded.created_at, user.created_at)
    assert_aware_utc(loaded.last_active_at, user.last_active_at)


def test_missing_names_come_back_as_none(uow_factory: UnitOfWorkFactory) -> None:
    given_user(uow_factory, 5)

    loaded = present(read(uow_factory, lambda uow: uow.users.get(5)))
    assert (loaded.username, loaded.first_name, loaded.last_name) == (None, None, None)


def test_updating_a_user_overwrites_it(uow_factory: UnitOfWorkFactory) -> None:
    user = given_user(uow_factory, 7, username="old")
    changed = replace(user.touched(at(30)).counted(Counts(drafts=2, approved=1)), username="new")

    committed(uow_factory, lambda uow: uow.users.update(changed))

    loaded = present(read(uow_factory, lambda uow: uow.users.get(7)))
    assert loaded == changed
    assert (loaded.drafts_count, loaded.approved_count) == (2, 1)
    assert_aware_utc(loaded.last_active_at, at(30))


def test_users_are_listed_by_id(uow_factory: UnitOfWorkFactory) -> None:
    for user_id in (30, 10, TELEGRAM_SIZED_ID, 20):
        given_user(uow_factory, user_id)

    with uow_factory() as uow:
        listed = uow.users.list()
    assert [user.id for user in listed] == [10, 20, 30, TELEGRAM_SIZED_ID]


def test_no_users_list_as_empty(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        assert uow.users.list() == []


def test_a_deleted_user_is_gone_and_others_stay(uow_factory: UnitOfWorkFactory) -> None:
    given_user(uow_factory, 1)
    given_user(uow_factory, 2)

    committed(uow_factory, lambda uow: uow.users.delete(1))

    with uow_factory() as uow:
        assert uow.users.get(1) is None
        assert [user.id for user in uow.users.list()] == [2]
