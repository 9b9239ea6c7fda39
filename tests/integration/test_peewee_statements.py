"""What the peewee adapter says to SQLite: only what changed, counters as increments, each
statement built once. Every statement is recorded as peewee logs it: text and parameters."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playhouse.cysqlite_ext import PooledCySqliteDatabase

from domain.errors import StorageError
from domain.users import Counts
from infrastructure.persistence.peewee.database import open_sqlite
from infrastructure.persistence.peewee.models import User
from infrastructure.persistence.peewee.prepared import Prepared, slot
from infrastructure.persistence.peewee.unit_of_work import PeeweeUnitOfWork
from tests.contract.builders import a_post, a_session, a_user, at
from tests.contract.helpers import present
from tests.reliability.faults import Fault, faulty


class Statements(logging.Handler):
    """The text of every statement peewee runs (it logs `(sql, params)` at DEBUG)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.msg, tuple):
            self.seen.append(str(record.msg[0]))


@pytest.fixture
def traced(tmp_path: Path) -> Iterator[tuple[PooledCySqliteDatabase, list[str]]]:
    database = open_sqlite(tmp_path / "s.db")
    with PeeweeUnitOfWork(database) as uow:
        uow.users.add(a_user(1))
        session = uow.sessions.add(a_session(1))
        uow.posts.add(a_post(session))
        uow.commit()
    log, handler = logging.getLogger("peewee"), Statements()
    level = log.level
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    try:
        yield database, handler.seen
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
        database.close_all()


def updates(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith("UPDATE")]


def test_a_counter_is_written_as_an_increment_and_nothing_else_changed_is_written(
    traced: tuple[PooledCySqliteDatabase, list[str]],
) -> None:
    database, statements = traced
    with PeeweeUnitOfWork(database) as uow:
        user = present(uow.users.get(1))
        uow.users.update(user.counted(Counts(drafts=1)).touched(at(5)))
        uow.commit()

    (update,) = updates(statements)
    assert re.search(r'"drafts_count" = \("users"\."drafts_count" \+ \?\)', update), update
    assert '"last_active_at" = ?' in update
    assert "username" not in update and "sessions_count" not in update


def supersede_the_latest_post(uow: PeeweeUnitOfWork) -> None:
    uow.posts.update(present(uow.posts.latest_for_session(1)).supersede())


def show_the_latest_post(uow: PeeweeUnitOfWork) -> None:
    uow.posts.update(present(uow.posts.latest_for_session(1)).shown(501))


def supersede_the_post_a_message_shows(uow: PeeweeUnitOfWork) -> None:
    show_the_latest_post(uow)
    uow.posts.update(present(uow.posts.by_message(1, 501)).supersede())


def write_the_session_back_unchanged(uow: PeeweeUnitOfWork) -> None:
    uow.sessions.update(present(uow.sessions.get(1)))


@pytest.mark.parametrize(
    ("change", "written"),
    [
        pytest.param(
            supersede_the_latest_post,
            ['UPDATE "posts" SET "status" = ? WHERE ("posts"."id" = ?)'],
            id="superseding-a-post-writes-its-status-alone",
        ),
        pytest.param(
            show_the_latest_post,
            ['UPDATE "posts" SET "shown_in_message" = ? WHERE ("posts"."id" = ?)'],
            id="showing-a-post-writes-its-message-alone",
        ),
        pytest.param(
            supersede_the_post_a_message_shows,
            [
                'UPDATE "posts" SET "shown_in_message" = ? WHERE ("posts"."id" = ?)',
                'UPDATE "posts" SET "status" = ? WHERE ("posts"."id" = ?)',
            ],
            id="a-post-found-by-its-message-writes-only-what-changed",
        ),
        pytest.param(write_the_session_back_unchanged, [], id="an-unchanged-row-writes-nothing"),
    ],
)
def test_an_update_of_a_row_read_writes_only_what_changed(
    traced: tuple[PooledCySqliteDatabase, list[str]],
    change: Callable[[PeeweeUnitOfWork], None],
    written: list[str],
) -> None:
    database, statements = traced
    with PeeweeUnitOfWork(database) as uow:
        change(uow)
        uow.commit()

    assert updates(statements) == written


def test_a_statement_is_built_once_and_run_with_each_calls_values(
    traced: tuple[PooledCySqliteDatabase, list[str]],
) -> None:
    """The same text for every user: peewee built it once, the values are parameters."""
    database, statements = traced
    with PeeweeUnitOfWork(database) as uow:
        for user_id in (2, 3, 4):
            uow.users.add(a_user(user_id, username=f"user{user_id}"))
        uow.commit()

    inserts = [s for s in statements if s.startswith("INSERT")]
    assert len(inserts) == 3 and len(set(inserts)) == 1
    assert "user2" not in inserts[0] and "?" in inserts[0]


def test_a_prepared_statement_is_built_once_per_kind_of_database(
    traced: tuple[PooledCySqliteDatabase, list[str]],
) -> None:
    database, _ = traced
    by_name = Prepared(
        lambda: User.select(User.id).where(User.username == slot("name", User.username)).tuples()
    )
    with PeeweeUnitOfWork(database) as uow:
        for user_id in (2, 3, 4):
            uow.users.add(a_user(user_id, username=f"user{user_id}"))
        found = [list(by_name.rows(database, name=f"user{n}")) for n in (2, 3, 4, 5)]

    assert found == [[(2,)], [(3,)], [(4,)], []]
    assert by_name.builds == 1


def test_a_failed_commit_leaves_nothing_of_the_change_taken_for_written(tmp_path: Path) -> None:
    """After COMMIT fails the rows are as before: doing the change again writes all of it."""
    fault = Fault()
    database = faulty(tmp_path / "f.db", fault)
    with PeeweeUnitOfWork(database) as uow:
        uow.users.add(a_user(1))
        uow.commit()
    try:
        with PeeweeUnitOfWork(database) as uow:
            user = present(uow.users.get(1))
            counted = user.counted(Counts(drafts=1))
            uow.users.update(counted)
            fault.arm(1, roll_back=True)  # the COMMIT fails and the change is undone
            with pytest.raises(StorageError, match="nothing of it was kept"):
                uow.commit()
            fault.arm(None)
            uow.users.update(counted)
            uow.commit()
        with PeeweeUnitOfWork(database) as uow:
            stored = uow.users.get(1)
    finally:
        database.close_all()

    assert stored is not None and stored.drafts_count == 1
