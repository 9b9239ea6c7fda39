"""Receipts: the first commit of a request records its key; the request again changes nothing."""

from __future__ import annotations

import pytest

from application.receipts import handling
from domain.errors import DuplicateRequestError
from domain.ports import UnitOfWorkFactory
from tests.contract.builders import a_user


def test_a_request_handled_again_fails_at_its_first_commit_and_keeps_nothing(
    uow_factory: UnitOfWorkFactory,
) -> None:
    with handling("telegram:1"), uow_factory() as uow:
        uow.users.add(a_user(1))
        uow.commit()

    with handling("telegram:1"), uow_factory() as uow:
        uow.users.add(a_user(2))
        with pytest.raises(DuplicateRequestError):
            uow.commit()

    with uow_factory(read_only=True) as uow:
        assert [u.id for u in uow.users.list()] == [1]


def test_only_the_first_commit_of_a_request_records_it(uow_factory: UnitOfWorkFactory) -> None:
    with handling("telegram:2") as receipt:
        with uow_factory() as uow:
            uow.users.add(a_user(1))
            uow.commit()
        assert receipt.recorded
        with uow_factory() as uow:  # the request's second unit of work
            uow.users.add(a_user(2))
            uow.commit()

    with uow_factory(read_only=True) as uow:
        assert [u.id for u in uow.users.list()] == [1, 2]


def test_a_failed_first_commit_leaves_the_request_free_to_be_handled(
    uow_factory: UnitOfWorkFactory,
) -> None:
    given = a_user(1)
    with uow_factory() as uow:
        uow.users.add(given)
        uow.commit()

    with handling("telegram:3") as receipt, uow_factory() as uow:
        uow.rollback()  # the request's change was abandoned before any commit
    assert not receipt.recorded

    with handling("telegram:3"), uow_factory() as uow:
        uow.users.add(a_user(2))
        uow.commit()  # not a duplicate: nothing was recorded


def test_different_requests_do_not_collide(uow_factory: UnitOfWorkFactory) -> None:
    for n in range(5):
        with handling(f"telegram:{100 + n}"), uow_factory() as uow:
            uow.users.add(a_user(n + 1))
            uow.commit()

    with uow_factory(read_only=True) as uow:
        assert len(uow.users.list()) == 5
