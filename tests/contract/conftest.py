"""The storage contract runs against every adapter: a new adapter is one more parameter here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from domain.ports import UnitOfWork
from infrastructure.persistence.memory import MemoryStore, MemoryUnitOfWork
from infrastructure.persistence.peewee.database import open_postgres, open_sqlite
from infrastructure.persistence.peewee.unit_of_work import PeeweeUnitOfWork
from tests.postgres import fresh_schema

UowFactory = Callable[[], UnitOfWork]


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def adapter(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def uow_factory(adapter: str, tmp_path: Path) -> Iterator[UowFactory]:
    """A factory of fresh units of work over one empty store of the adapter under test."""
    if adapter == "memory":
        store = MemoryStore()
        yield lambda **options: MemoryUnitOfWork(store, **options)
        return
    if adapter == "postgres":
        with fresh_schema() as url:
            database = open_postgres(url)
            try:
                yield lambda **options: PeeweeUnitOfWork(database, **options)
            finally:
                database.close_all()
        return
    database = open_sqlite(tmp_path / "contract.db")
    try:
        yield lambda **options: PeeweeUnitOfWork(database, **options)
    finally:
        database.close_all()
