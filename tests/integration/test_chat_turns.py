"""Chat turns on PostgreSQL, between two processes' worth of turns (two connections, each
holding its own running lock): one chat's updates one at a time and in order, other chats
in parallel, an update delivered twice handled once, and a process that dies holds up
nobody."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from domain.ports import Handling
from infrastructure.persistence.peewee.database import open_postgres
from infrastructure.persistence.peewee.turns import PostgresChatTurns
from tests.postgres import fresh_schema

MINE, WAIT, HANDLED, ELSEWHERE = Handling.MINE, Handling.WAIT, Handling.HANDLED, Handling.ELSEWHERE
CHAT, OTHER_CHAT = 5, 6


@pytest.fixture
def workers() -> Iterator[tuple[PostgresChatTurns, PostgresChatTurns]]:
    with fresh_schema() as url:
        open_postgres(url).close_all()  # creates the schema, chat_turns included
        a, b = PostgresChatTurns(url), PostgresChatTurns(url)
        try:
            yield a, b
        finally:
            a.close()
            b.close()


def test_a_chats_updates_start_in_order_whichever_process_has_them(
    workers: tuple[PostgresChatTurns, PostgresChatTurns],
) -> None:
    a, b = workers
    assert a.arrive(10, CHAT) is MINE
    assert b.arrive(11, CHAT) is MINE
    assert b.start(11, CHAT) is WAIT  # 10 comes first
    assert a.start(10, CHAT) is MINE
    assert b.start(11, CHAT) is WAIT  # 10 is in hand
    a.finish(10)
    assert b.start(11, CHAT) is MINE


def test_an_earlier_update_that_arrives_late_waits_for_the_one_in_hand(
    workers: tuple[PostgresChatTurns, PostgresChatTurns],
) -> None:
    a, b = workers
    assert b.arrive(21, CHAT) is MINE
    assert b.start(21, CHAT) is MINE
    assert a.arrive(20, CHAT) is MINE
    assert a.start(20, CHAT) is WAIT  # one at a time, even out of order
    b.finish(21)
    assert a.start(20, CHAT) is MINE


def test_other_chats_do_not_wait(workers: tuple[PostgresChatTurns, PostgresChatTurns]) -> None:
    a, b = workers
    assert a.arrive(30, CHAT) is MINE
    assert a.start(30, CHAT) is MINE
    assert b.arrive(31, OTHER_CHAT) is MINE
    assert b.start(31, OTHER_CHAT) is MINE


def test_an_update_delivered_twice_is_handled_once(
    workers: tuple[PostgresChatTurns, PostgresChatTurns],
) -> None:
    a, b = workers
    assert a.arrive(40, CHAT) is MINE
    assert b.arrive(40, CHAT) is ELSEWHERE  # a has it, and a is running
    assert a.arrive(40, CHAT) is ELSEWHERE  # a second copy in the same process
    assert a.start(40, CHAT) is MINE
    a.finish(40)
    assert b.arrive(40, CHAT) is HANDLED


def test_a_process_that_dies_holds_up_nobody_and_its_update_is_taken_over(
    workers: tuple[PostgresChatTurns, PostgresChatTurns],
) -> None:
    a, b = workers
    assert a.arrive(50, CHAT) is MINE
    assert a.start(50, CHAT) is MINE
    assert b.arrive(51, CHAT) is MINE
    assert b.start(51, CHAT) is WAIT
    a.close()  # as a SIGKILL does: the connection, and the running lock with it, is gone
    assert b.start(51, CHAT) is MINE
    b.finish(51)
    assert b.arrive(50, CHAT) is MINE  # delivered again: the dead process's update is b's now


def test_known_counts_the_updates_that_reached_any_process(
    workers: tuple[PostgresChatTurns, PostgresChatTurns],
) -> None:
    a, b = workers
    a.arrive(60, CHAT)
    b.arrive(62, None)  # an update of no chat counts too
    assert a.known(range(58, 63)) == 2
    assert b.known(range(61, 62)) == 0


def test_a_finished_update_is_heard_of_in_every_process(
    workers: tuple[PostgresChatTurns, PostgresChatTurns],
) -> None:
    a, b = workers
    assert b.finished_chats(0.01) == set()  # listening from now on
    a.arrive(70, CHAT)
    a.start(70, CHAT)
    a.finish(70)
    heard: set[int] = set()
    for _ in range(50):  # a notification may come with the next look, not this one
        heard |= b.finished_chats(0.1)
        if heard:
            break
    assert heard == {CHAT}
    assert b.finished_chats(0.01) == set()  # each is heard once
