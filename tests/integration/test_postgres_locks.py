"""PostgreSQL's writers lock per user: one user's units of work wait for each other, other
users' go on, and a unit of work for no user in particular waits for all of them.

Two open units of work stand for two bot processes (each has its own connection); a writer
that is blocked stays blocked until the first one ends, so "still waiting after 0.5 s" and
"done while the first is open" are not timing guesses.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from domain.ports import UnitOfWork
from infrastructure.persistence.peewee.database import open_postgres
from infrastructure.persistence.peewee.unit_of_work import PeeweeUnitOfWork
from tests.contract.builders import a_user
from tests.postgres import fresh_schema

BLOCKED_FOR = 0.5  # seconds a second writer is watched while the first holds its lock
DONE_WITHIN = 10.0


@pytest.fixture
def database() -> Iterator[object]:
    with fresh_schema() as url:
        database = open_postgres(url)
        try:
            with PeeweeUnitOfWork(database) as uow:
                for user_id in (1, 2, 2**32 + 5):
                    uow.users.add(a_user(user_id))
                uow.commit()
            yield database
        finally:
            database.close_all()


def in_thread(database: object, **options: object) -> tuple[threading.Event, threading.Thread]:
    """A unit of work entered on another thread (its own connection); the event is set once
    it holds its locks and has committed a change."""
    done = threading.Event()

    def work() -> None:
        uow: UnitOfWork
        with PeeweeUnitOfWork(database, **options) as uow:  # type: ignore[arg-type]
            user = uow.users.get(options.get("user_id", 1))  # type: ignore[arg-type]
            assert user is not None
            uow.users.update(user.touched(user.last_active_at))
            uow.commit()
        done.set()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return done, thread


@pytest.mark.parametrize(
    ("held", "other", "waits"),
    [
        ({"user_id": 1}, {"user_id": 2}, False),  # different users: in parallel
        ({"user_id": 1}, {"user_id": 1}, True),  # the same user: one after the other
        ({"user_id": 1}, {}, True),  # a writer for everyone waits for each user's
        ({}, {"user_id": 2}, True),  # and each user's waits for it
        ({"user_id": 1}, {"user_id": 2**32 + 5}, False),  # wide ids are folded, not refused
        ({"user_id": 1}, {"read_only": True}, False),  # readers never wait
    ],
)
def test_a_writer_waits_only_for_the_writers_it_must(
    database: object, held: dict[str, object], other: dict[str, object], waits: bool
) -> None:
    with PeeweeUnitOfWork(database, **held):  # type: ignore[arg-type]
        if other.get("read_only"):
            with PeeweeUnitOfWork(database, read_only=True) as reader:  # type: ignore[arg-type]
                assert reader.users.get(1) is not None
            return
        done, thread = in_thread(database, **other)
        if waits:
            assert not done.wait(BLOCKED_FOR), f"{other} did not wait for {held}"
        else:
            assert done.wait(DONE_WITHIN), f"{other} waited for {held}"
    assert done.wait(DONE_WITHIN), "the waiting writer did not go on after the first ended"
    thread.join(DONE_WITHIN)
