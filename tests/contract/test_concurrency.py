"""Units of work from many threads at once: no errors, no lost updates, nothing lost.

The bot runs each use case in a worker thread, so several units of work for the same user
(a double tap, a button and a message) can overlap. Each must see the other's committed work.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from domain.calibration import range_of
from domain.ports import UnitOfWorkFactory
from domain.posts import PostStatus
from domain.users import Counts
from tests.contract.builders import (
    T0,
    a_feedback,
    a_finished_session,
    a_message,
    a_post,
    a_user,
    at,
    given_session,
    given_user,
    stored_id,
)

THREADS = 8
UNITS_PER_THREAD = 50
DEADLINE_SECONDS = 60


def run_all_at_once(workers: list[Callable[[], None]]) -> list[BaseException]:
    """Start every worker at the same moment; the errors they raised, in no order."""
    start = threading.Barrier(len(workers))
    errors: list[BaseException] = []
    lock = threading.Lock()

    def guarded(work: Callable[[], None]) -> None:
        try:
            start.wait()
            work()
        except BaseException as error:  # every failure counts, whatever its type
            with lock:
                errors.append(error)

    threads = [threading.Thread(target=guarded, args=(w,), daemon=True) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(DEADLINE_SECONDS)
    stuck = [thread.name for thread in threads if thread.is_alive()]
    assert not stuck, f"threads still running after {DEADLINE_SECONDS}s (deadlock?): {stuck}"
    return errors


def test_concurrent_read_then_write_units_lose_no_update(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1)

    def worker(number: int) -> Callable[[], None]:
        def work() -> None:
            for unit in range(UNITS_PER_THREAD):
                with uow_factory() as uow:
                    user = uow.users.get(1)
                    assert user is not None
                    uow.users.update(user.counted(Counts(drafts=1)))
                    uow.messages.add(a_message(session, f"{number}:{unit}", created_at=at(unit)))
                    uow.commit()

        return work

    errors = run_all_at_once([worker(number) for number in range(THREADS)])

    assert errors == []
    total = THREADS * UNITS_PER_THREAD
    with uow_factory() as uow:
        user = uow.users.get(1)
        history = uow.messages.list_for_session(stored_id(session))
        counted = uow.messages.count_for_user(1)
    assert user is not None and user.drafts_count == total
    assert counted == total
    written = [message.content for message in history]
    assert sorted(written) == sorted(
        f"{n}:{u}" for n in range(THREADS) for u in range(UNITS_PER_THREAD)
    )
    for number in range(THREADS):  # each thread's messages stay in the order it wrote them
        mine = [content for content in written if content.startswith(f"{number}:")]
        assert mine == [f"{number}:{unit}" for unit in range(UNITS_PER_THREAD)]


def test_concurrent_users_and_readers_do_not_disturb_each_other(
    uow_factory: UnitOfWorkFactory,
) -> None:
    writers, rounds = THREADS // 2, 10
    for user_id in range(1, writers + 1):
        given_session(uow_factory, user_id)

    def writer(user_id: int) -> Callable[[], None]:
        def work() -> None:
            for round_ in range(rounds):
                with uow_factory() as uow:
                    finished = a_finished_session(user_id, started_at=at(round_ + 1))
                    session = uow.sessions.add(finished)
                    post = uow.posts.add(a_post(session, 1, created_at=at(round_ + 1)))
                    uow.posts.update(post.approve())
                    uow.feedback.add(a_feedback(session, post, created_at=at(round_ + 1)))
                    uow.commit()

        return work

    def reader(user_id: int) -> Callable[[], None]:
        def work() -> None:
            for _ in range(rounds * 2):
                with uow_factory() as uow:
                    for post in uow.posts.list_for_user(user_id):
                        assert post.user_id == user_id
                    for session in uow.sessions.list_for_user(user_id, limit=3):
                        assert session.user_id == user_id
                    uow.users.list()

        return work

    workers = [writer(user_id) for user_id in range(1, writers + 1)]
    workers += [reader(user_id) for user_id in range(1, writers + 1)]
    errors = run_all_at_once(workers)

    assert errors == []
    with uow_factory() as uow:
        for user_id in range(1, writers + 1):
            assert uow.users.get(user_id) == a_user(user_id)
            assert len(uow.sessions.list_for_user(user_id)) == rounds + 1
            approved = uow.posts.list_for_user(user_id, status=PostStatus.APPROVED)
            assert len(approved) == rounds
            assert {post.user_id for post in approved} == {user_id}
            assert len(uow.feedback.list_for_user(user_id)) == rounds


def test_units_of_work_for_users_and_for_everyone_lose_no_update(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """Writers of one user (user_id given) serialise with each other and with writers of no
    user in particular (user_id not given), whatever the adapter locks; each user's and each
    shared count adds up. Every writer also teaches the one shared calibration."""
    users = (1, 2, 3)
    for user_id in users:
        given_user(uow_factory, user_id)
    model, asked = "a-model", 60

    def for_user(user_id: int) -> Callable[[], None]:
        def work() -> None:
            for _ in range(UNITS_PER_THREAD // 2):
                with uow_factory(user_id=user_id) as uow:
                    user = uow.users.get(user_id)
                    assert user is not None
                    uow.users.update(user.counted(Counts(drafts=1)))
                    learned = uow.calibrations.get(model).observed(asked=asked, written=66, now=T0)
                    uow.calibrations.save(learned)
                    uow.commit()

        return work

    def for_everyone() -> None:
        for _ in range(UNITS_PER_THREAD // 2):
            with uow_factory() as uow:
                for user_id in users:
                    user = uow.users.get(user_id)
                    assert user is not None
                    uow.users.update(user.counted(Counts(approved=1)))
                uow.commit()

    errors = run_all_at_once([for_user(u) for u in users for _ in range(2)] + [for_everyone])

    assert errors == []
    rounds = UNITS_PER_THREAD // 2
    with uow_factory(read_only=True) as uow:
        for user_id in users:
            user = uow.users.get(user_id)
            assert user is not None
            assert (user.drafts_count, user.approved_count) == (2 * rounds, rounds)
        calibration = uow.calibrations.get(model)
    assert calibration.ranges[range_of(asked)].samples == len(users) * 2 * rounds
