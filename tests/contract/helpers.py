"""Steps of the storage contract, each in a unit of work of its own.

A test writes in one committed unit of work and reads back through a new one (what a later
request would see); these helpers say so in one line where the step is a single call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from domain.ports import UnitOfWork, UnitOfWorkFactory

T = TypeVar("T")


def committed(uow_factory: UnitOfWorkFactory, write: Callable[[UnitOfWork], T]) -> T:
    """What `write` returned, run in a unit of work of its own that is then committed."""
    with uow_factory() as uow:
        result = write(uow)
        uow.commit()
    return result


def read(uow_factory: UnitOfWorkFactory, query: Callable[[UnitOfWork], T]) -> T:
    """What `query` returned, run in a new unit of work (left without a commit)."""
    with uow_factory() as uow:
        return query(uow)


def present(found: T | None) -> T:
    """`found`, which storage must have given (a test failure when it gave None)."""
    assert found is not None, "storage gave None"
    return found


def assert_added_with_new_ids(
    uow_factory: UnitOfWorkFactory, repository: Callable[[UnitOfWork], Any], first: Any, second: Any
) -> None:
    """Two objects added in one unit of work come back with an id each, the ids differ, and
    the first is otherwise as it was given."""

    def add_both(uow: UnitOfWork) -> tuple[Any, Any]:
        return repository(uow).add(first), repository(uow).add(second)

    added_first, added_second = committed(uow_factory, add_both)
    assert added_first.id is not None and added_second.id is not None
    assert added_first.id != added_second.id
    assert added_first == replace(first, id=added_first.id)
