"""Receipts: a unit of work given a request's idempotency key records it at its first
commit; the request again changes nothing."""

from __future__ import annotations

import pytest

from domain.errors import DuplicateRequestError
from domain.ports import UnitOfWorkFactory
from tests.contract.builders import a_user


def handled(uow_factory: UnitOfWorkFactory, key: str, user_id: int) -> None:
    """The request `key` handled: it stores user `user_id` and commits."""
    with uow_factory(idempotency_key=key) as uow:
        uow.users.add(a_user(user_id))
        uow.commit()


def stored_user_ids(uow_factory: UnitOfWorkFactory) -> list[int]:
    with uow_factory(read_only=True) as uow:
        return [user.id for user in uow.users.list()]


def test_a_request_handled_again_fails_at_its_first_commit_and_keeps_nothing(
    uow_factory: UnitOfWorkFactory,
) -> None:
    handled(uow_factory, "telegram:1", 1)

    with uow_factory(idempotency_key="telegram:1") as uow:
        uow.users.add(a_user(2))
        with pytest.raises(DuplicateRequestError):
            uow.commit()

    assert stored_user_ids(uow_factory) == [1]


def test_only_the_first_commit_of_a_unit_of_work_records_its_key(
    uow_factory: UnitOfWorkFactory,
) -> None:
    with uow_factory(idempotency_key="telegram:2") as uow:
        uow.users.add(a_user(1))
        uow.commit()
        uow.users.add(a_user(2))
        uow.commit()  # the same request going on: not a duplicate of itself
    with uow_factory() as uow:  # a later unit of work of the request, given no key
        uow.users.add(a_user(3))
        uow.commit()

    assert stored_user_ids(uow_factory) == [1, 2, 3]


def test_a_request_that_committed_nothing_is_free_to_be_handled(
    uow_factory: UnitOfWorkFactory,
) -> None:
    with uow_factory(idempotency_key="telegram:3") as uow:
        uow.users.add(a_user(1))
        uow.rollback()  # the request's change was abandoned before any commit

    handled(uow_factory, "telegram:3", 2)  # not a duplicate: nothing was recorded

    assert stored_user_ids(uow_factory) == [2]


def test_different_requests_do_not_collide(uow_factory: UnitOfWorkFactory) -> None:
    for n in range(5):
        handled(uow_factory, f"telegram:{100 + n}", n + 1)

    assert len(stored_user_ids(uow_factory)) == 5
