"""Copying between SQLite and PostgreSQL: ids the source handed out are never handed out again."""

from __future__ import annotations

from pathlib import Path

from peewee import Database

from infrastructure.persistence.peewee.copy import PeeweeCopier
from infrastructure.persistence.peewee.database import open_postgres, open_sqlite
from infrastructure.persistence.peewee.unit_of_work import PeeweeUnitOfWork
from tests.contract.builders import a_finished_session, a_session, a_user, at
from tests.postgres import fresh_schema


def newest_after_deleting_it(database: Database) -> int:
    """Store three sessions, delete the newest (as forget or cleanup would); its id."""
    with PeeweeUnitOfWork(database) as uow:
        uow.users.add(a_user(1))
        for minutes in (0, 10):
            uow.sessions.add(a_finished_session(1, started_at=at(minutes)))
        newest = uow.sessions.add(a_finished_session(1, started_at=at(20)))
        assert newest.id is not None
        uow.sessions.delete(newest.id)
        uow.commit()
    return newest.id


def next_id(database: Database) -> int:
    with PeeweeUnitOfWork(database) as uow:
        added = uow.sessions.add(a_session(1, started_at=at(30)))
        uow.commit()
    assert added.id is not None
    return added.id


def test_a_copy_there_and_back_never_hands_out_a_deleted_rows_id_again(tmp_path: Path) -> None:
    source, back = tmp_path / "source.db", tmp_path / "back.db"
    database = open_sqlite(source)
    deleted = newest_after_deleting_it(database)
    database.close_all()

    with fresh_schema() as pg_url:
        PeeweeCopier().copy(f"sqlite:///{source}", pg_url)
        PeeweeCopier().copy(pg_url, f"sqlite:///{back}")
        on_postgres = open_postgres(pg_url)
        try:
            there = next_id(on_postgres)
        finally:
            on_postgres.close_all()
    returned = open_sqlite(back)
    try:
        again = next_id(returned)
    finally:
        returned.close_all()

    assert there > deleted
    assert again > deleted
