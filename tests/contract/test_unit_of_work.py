"""UnitOfWork: one transaction; nothing is kept unless committed before the block ends."""

from __future__ import annotations

import threading

import pytest

from domain.errors import StorageError
from domain.ports import UnitOfWorkFactory
from domain.users import Counts
from tests.contract.builders import (
    a_feedback,
    a_message,
    a_post,
    a_preference,
    a_session,
    a_user,
    given_session,
    given_user,
    stored_id,
)
from tests.contract.helpers import present, read


class BoomError(Exception):
    """Something a use case raised half-way through its unit of work."""


def test_a_committed_change_is_visible_to_a_new_unit_of_work(
    uow_factory: UnitOfWorkFactory,
) -> None:
    with uow_factory() as uow:
        uow.users.add(a_user(1))
        uow.commit()

    with uow_factory() as uow:
        assert uow.users.get(1) == a_user(1)


def test_nothing_is_kept_without_commit(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.users.add(a_user(1))
        session = uow.sessions.add(a_session(1))
        uow.messages.add(a_message(session))

    with uow_factory() as uow:
        assert uow.users.get(1) is None
        assert uow.users.list() == []
        assert uow.sessions.list_for_user(1) == []
        assert uow.messages.count_for_user(1) == 0


def test_an_uncommitted_update_is_not_kept(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1)

    with uow_factory() as uow:
        uow.sessions.update(session.turned())
        user = uow.users.get(1)
        assert user is not None
        uow.users.update(user.counted(Counts(sessions=1)))

    with uow_factory() as uow:
        assert uow.sessions.get(stored_id(session)) == session
        stored_user = uow.users.get(1)
        assert stored_user is not None and stored_user.sessions_count == 0


def test_an_exception_inside_the_block_rolls_back_and_propagates(
    uow_factory: UnitOfWorkFactory,
) -> None:
    given_session(uow_factory, 1)

    with pytest.raises(BoomError), uow_factory() as uow:
        uow.users.add(a_user(2))
        session = uow.sessions.add(a_session(2))
        uow.messages.add(a_message(session))
        raise BoomError

    with uow_factory() as uow:
        assert uow.users.get(2) is None
        assert uow.sessions.list_for_user(2) == []
        assert uow.messages.count_for_user(2) == 0
        assert len(uow.sessions.list_for_user(1)) == 1


def test_an_explicit_rollback_discards_the_changes(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.users.add(a_user(1))
        uow.rollback()

    with uow_factory() as uow:
        assert uow.users.get(1) is None


def test_a_unit_of_work_reads_its_own_uncommitted_writes(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.users.add(a_user(1))
        session = uow.sessions.add(a_session(1))
        message = uow.messages.add(a_message(session, "first"))

        assert uow.users.get(1) == a_user(1)
        assert uow.sessions.get(stored_id(session)) == session
        assert uow.sessions.active_for(1) == session
        assert uow.messages.list_for_session(stored_id(session)) == [message]
        uow.commit()


def test_changes_after_a_commit_need_their_own_commit(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.users.add(a_user(1))
        uow.commit()
        uow.users.add(a_user(2))

    with uow_factory() as uow:
        assert [user.id for user in uow.users.list()] == [1]


def test_a_unit_of_work_can_commit_twice(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.users.add(a_user(1))
        uow.commit()
        uow.users.add(a_user(2))
        uow.commit()

    with uow_factory() as uow:
        assert [user.id for user in uow.users.list()] == [1, 2]


def test_a_failed_unit_of_work_leaves_storage_usable(uow_factory: UnitOfWorkFactory) -> None:
    with pytest.raises(BoomError), uow_factory() as uow:
        uow.users.add(a_user(1))
        raise BoomError

    given_user(uow_factory, 1)

    with uow_factory() as uow:
        assert uow.users.get(1) == a_user(1)


def test_the_rollback_covers_every_repository(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1)
    with uow_factory() as uow:
        uow.messages.add(a_message(session))
        uow.posts.add(a_post(session))
        uow.feedback.add(a_feedback(session))
        uow.preferences.save(1, [a_preference()])
        uow.rollback()

    with uow_factory() as uow:
        assert uow.messages.count_for_user(1) == 0
        assert uow.posts.list_for_user(1) == []
        assert uow.feedback.list_for_user(1) == []
        assert dict(uow.preferences.get_profile(1).entries) == {}


def test_reads_do_not_wait_for_a_writer_and_see_only_what_is_committed(
    uow_factory: UnitOfWorkFactory,
) -> None:
    given_user(uow_factory, 1)
    holding, done = threading.Event(), threading.Event()

    def write_slowly() -> None:
        with uow_factory() as writer:
            writer.users.add(a_user(2))
            holding.set()
            done.wait(10)
            writer.commit()

    thread = threading.Thread(target=write_slowly)
    thread.start()
    try:
        assert holding.wait(10)
        with uow_factory(read_only=True) as reader:  # would block here if reads took the lock
            assert [u.id for u in reader.users.list()] == [1]  # committed, not the pending 2
    finally:
        done.set()
        thread.join(10)
    with uow_factory(read_only=True) as reader:
        assert [u.id for u in reader.users.list()] == [1, 2]


def test_a_read_only_unit_of_work_refuses_to_commit(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory(read_only=True) as uow, pytest.raises(StorageError, match="read-only"):
        uow.commit()


def test_an_update_after_a_rollback_writes_what_the_row_should_be(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """A rolled-back update is forgotten: repeating it afterwards still writes it."""
    given_session(uow_factory, 1)

    with uow_factory() as uow:
        counted = present(uow.users.get(1)).counted(Counts(drafts=1))
        uow.users.update(counted)
        uow.rollback()
        uow.users.update(counted)
        uow.commit()

    assert present(read(uow_factory, lambda uow: uow.users.get(1))) == counted


def test_two_updates_in_one_unit_of_work_count_once_each(
    uow_factory: UnitOfWorkFactory,
) -> None:
    given_session(uow_factory, 1)

    with uow_factory() as uow:
        user = present(uow.users.get(1))
        once = user.counted(Counts(drafts=1))
        uow.users.update(once)
        uow.users.update(once.counted(Counts(drafts=1, approved=1)))
        uow.commit()

    stored = present(read(uow_factory, lambda uow: uow.users.get(1)))
    assert (stored.drafts_count, stored.approved_count) == (
        user.drafts_count + 2,
        user.approved_count + 1,
    )
