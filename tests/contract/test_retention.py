"""Retention queries: ended sessions past a cut-off, and removing old sessions and history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest

from domain.feedback import Feedback, FeedbackKind
from domain.messages import Message, Role
from domain.ports import UnitOfWorkFactory
from domain.posts import Post
from domain.sessions import Session, SessionStatus
from tests.contract.builders import (
    a_feedback,
    a_message,
    a_post,
    a_preference,
    a_session,
    at,
    given_session,
    given_stored_session,
    stored_id,
)
from tests.contract.helpers import committed, read

CUTOFF = at(100)
COMPLETED = SessionStatus.COMPLETED
ABANDONED = SessionStatus.ABANDONED


@dataclass(frozen=True)
class History:
    """One session as storage returned it, with everything written in it."""

    session: Session
    messages: list[Message]
    posts: list[Post]
    feedback: list[Feedback]


def given_ended_session(
    uow_factory: UnitOfWorkFactory,
    user_id: int,
    status: SessionStatus,
    ended_at: datetime,
    *,
    started_at: datetime | None = None,
) -> Session:
    """A stored session of `user_id` that was completed or abandoned at `ended_at`."""
    begun = a_session(user_id, started_at=started_at or ended_at - timedelta(minutes=5))
    ended = begun.complete(ended_at) if status is COMPLETED else begun.abandon(ended_at)
    return given_stored_session(uow_factory, ended)


def given_history(
    uow_factory: UnitOfWorkFactory, session: Session, *, written_at: list[datetime]
) -> History:
    """A user/assistant message pair, a draft version and feedback at each instant."""
    messages, posts, feedback = [], [], []
    with uow_factory() as uow:
        for version, moment in enumerate(written_at, start=1):
            messages.append(uow.messages.add(a_message(session, "brief", created_at=moment)))
            messages.append(
                uow.messages.add(
                    a_message(session, "draft", role=Role.ASSISTANT, created_at=moment)
                )
            )
            post = uow.posts.add(a_post(session, version, created_at=moment))
            posts.append(post)
            feedback.append(uow.feedback.add(a_feedback(session, post, created_at=moment)))
        uow.commit()
    return History(session, messages, posts, feedback)


def given_messages(
    uow_factory: UnitOfWorkFactory, session: Session, *written_at: datetime
) -> list[Message]:
    with uow_factory() as uow:
        stored = [
            uow.messages.add(a_message(session, f"said at {moment:%H:%M}", created_at=moment))
            for moment in written_at
        ]
        uow.commit()
    return stored


def assert_history_intact(uow_factory: UnitOfWorkFactory, history: History) -> None:
    session_id = stored_id(history.session)
    with uow_factory() as uow:
        assert uow.sessions.get(session_id) == history.session
        assert uow.messages.list_for_session(session_id) == history.messages
        assert uow.posts.list_for_session(session_id) == history.posts
        assert uow.feedback.list_for_session(session_id) == history.feedback


def remaining(uow_factory: UnitOfWorkFactory, session: Session) -> list[Message]:
    return read(uow_factory, lambda uow: uow.messages.list_for_session(stored_id(session)))


def delete_old_messages(uow_factory: UnitOfWorkFactory, *statuses: SessionStatus) -> int:
    """The messages before the cut-off of sessions of `statuses` deleted and committed; how many."""
    return committed(uow_factory, lambda uow: uow.messages.delete_before(CUTOFF, statuses))


# --- sessions.ended_before -------------------------------------------------------------


@pytest.mark.parametrize(
    ("ended", "order"),
    [
        # Stored in an order where neither id nor start time matches the order of ending.
        pytest.param(
            [(1, at(90), at(0)), (2, at(20), at(10)), (3, at(50), at(5))],
            [1, 2, 0],
            id="oldest-end-first-for-every-user",
        ),
        pytest.param(
            [(2, at(30), at(20)), (1, at(30), at(10)), (2, at(30), at(0))],
            [0, 1, 2],
            id="the-same-end-lowest-id-first",
        ),
    ],
)
def test_sessions_ended_before_the_cutoff_are_listed_by_end_then_id(
    uow_factory: UnitOfWorkFactory,
    ended: list[tuple[int, datetime, datetime]],
    order: list[int],
) -> None:
    """`ended` is (user id, end, start) of each session, in the order they are stored."""
    stored = [
        given_ended_session(uow_factory, user_id, ABANDONED, end, started_at=start)
        for user_id, end, start in ended
    ]

    listed = read(uow_factory, lambda uow: uow.sessions.ended_before(CUTOFF, ABANDONED))

    assert listed == [stored[index] for index in order]


def test_only_sessions_of_the_asked_status_are_listed(uow_factory: UnitOfWorkFactory) -> None:
    abandoned = given_ended_session(uow_factory, 1, ABANDONED, at(10))
    completed = given_ended_session(uow_factory, 1, COMPLETED, at(20))

    with uow_factory() as uow:
        assert uow.sessions.ended_before(CUTOFF, ABANDONED) == [abandoned]
        assert uow.sessions.ended_before(CUTOFF, COMPLETED) == [completed]


def test_a_session_ending_at_or_after_the_cutoff_is_not_listed(
    uow_factory: UnitOfWorkFactory,
) -> None:
    just_before = given_ended_session(uow_factory, 1, ABANDONED, CUTOFF - timedelta(microseconds=1))
    given_ended_session(uow_factory, 1, ABANDONED, CUTOFF)
    given_ended_session(uow_factory, 1, ABANDONED, CUTOFF + timedelta(microseconds=1))
    given_ended_session(uow_factory, 1, ABANDONED, at(500))

    with uow_factory() as uow:
        assert uow.sessions.ended_before(CUTOFF, ABANDONED) == [just_before]


def test_the_cutoff_is_an_instant_whatever_its_timezone(uow_factory: UnitOfWorkFactory) -> None:
    before = given_ended_session(uow_factory, 1, ABANDONED, at(99))
    given_ended_session(uow_factory, 1, ABANDONED, at(101))
    cutoff_in_kyiv = CUTOFF.astimezone(timezone(timedelta(hours=3)))

    with uow_factory() as uow:
        assert uow.sessions.ended_before(cutoff_in_kyiv, ABANDONED) == [before]


def test_active_sessions_are_never_listed_however_old(uow_factory: UnitOfWorkFactory) -> None:
    given_session(uow_factory, 1, started_at=at(-10_000))
    given_session(uow_factory, 2, started_at=at(0))

    with uow_factory() as uow:
        for status in SessionStatus:
            assert uow.sessions.ended_before(CUTOFF, status) == []


# --- sessions.delete ---------------------------------------------------------------------


def test_deleting_a_session_removes_its_messages_posts_and_feedback(
    uow_factory: UnitOfWorkFactory,
) -> None:
    doomed_session = given_ended_session(uow_factory, 1, ABANDONED, at(10))
    doomed = given_history(uow_factory, doomed_session, written_at=[at(1), at(2)])
    sibling = given_history(
        uow_factory, given_ended_session(uow_factory, 1, COMPLETED, at(20)), written_at=[at(15)]
    )
    active = given_history(
        uow_factory, given_session(uow_factory, 1, started_at=at(30)), written_at=[at(31)]
    )
    neighbour = given_history(
        uow_factory, given_ended_session(uow_factory, 2, ABANDONED, at(10)), written_at=[at(5)]
    )
    with uow_factory() as uow:
        uow.preferences.save(1, [a_preference("length", 90)])
        uow.commit()

    with uow_factory() as uow:
        uow.sessions.delete(stored_id(doomed_session))
        uow.commit()

    doomed_id = stored_id(doomed_session)
    with uow_factory() as uow:
        assert uow.sessions.get(doomed_id) is None
        assert uow.messages.list_for_session(doomed_id) == []
        assert uow.posts.list_for_session(doomed_id) == []
        assert uow.posts.latest_for_session(doomed_id) is None
        assert uow.feedback.list_for_session(doomed_id) == []
        for post in doomed.posts:
            assert uow.posts.get(stored_id(post)) is None
        assert uow.users.get(1) is not None
        assert uow.sessions.list_for_user(1) == [active.session, sibling.session]
        assert uow.messages.count_for_user(1) == len(sibling.messages + active.messages)
        assert uow.feedback.list_for_user(1) == sibling.feedback + active.feedback
        assert uow.preferences.get_profile(1).get("length") == a_preference("length", 90)
    for kept in (sibling, active, neighbour):
        assert_history_intact(uow_factory, kept)


def test_a_session_deleted_without_commit_keeps_everything(
    uow_factory: UnitOfWorkFactory,
) -> None:
    session = given_ended_session(uow_factory, 1, ABANDONED, at(10))
    history = given_history(uow_factory, session, written_at=[at(1), at(2)])

    with uow_factory() as uow:
        uow.sessions.delete(stored_id(session))
        assert uow.sessions.get(stored_id(session)) is None  # gone inside the transaction

    assert_history_intact(uow_factory, history)


# --- messages.delete_before --------------------------------------------------------------


def test_messages_written_before_the_cutoff_are_deleted_and_counted(
    uow_factory: UnitOfWorkFactory,
) -> None:
    session = given_ended_session(uow_factory, 1, COMPLETED, at(200), started_at=at(0))
    kept = given_messages(
        uow_factory, session, at(10), CUTOFF - timedelta(microseconds=1), CUTOFF, at(150)
    )[2:]

    assert delete_old_messages(uow_factory, COMPLETED) == 2
    assert remaining(uow_factory, session) == kept


def test_old_messages_go_from_every_users_sessions_of_the_given_statuses(
    uow_factory: UnitOfWorkFactory,
) -> None:
    mine = given_ended_session(uow_factory, 1, COMPLETED, at(20))
    theirs = given_ended_session(uow_factory, 2, ABANDONED, at(30))
    given_messages(uow_factory, mine, at(1), at(2))
    given_messages(uow_factory, theirs, at(3))

    assert delete_old_messages(uow_factory, COMPLETED, ABANDONED) == 3
    assert remaining(uow_factory, mine) == remaining(uow_factory, theirs) == []
    with uow_factory() as uow:
        assert uow.sessions.get(stored_id(mine)) == mine  # only history goes, not the session
        assert uow.sessions.get(stored_id(theirs)) == theirs


def test_old_messages_of_sessions_of_other_statuses_are_kept(
    uow_factory: UnitOfWorkFactory,
) -> None:
    completed = given_ended_session(uow_factory, 1, COMPLETED, at(20))
    abandoned = given_ended_session(uow_factory, 2, ABANDONED, at(20))
    completed_messages = given_messages(uow_factory, completed, at(1))
    abandoned_messages = given_messages(uow_factory, abandoned, at(1), at(2))

    assert delete_old_messages(uow_factory, COMPLETED) == len(completed_messages)
    assert remaining(uow_factory, completed) == []
    assert remaining(uow_factory, abandoned) == abandoned_messages


def test_the_messages_of_active_sessions_are_never_deleted(
    uow_factory: UnitOfWorkFactory,
) -> None:
    active = given_session(uow_factory, 1, started_at=at(-10_000))
    history = given_messages(uow_factory, active, at(-10_000), at(1))

    assert delete_old_messages(uow_factory, COMPLETED, ABANDONED) == 0
    assert remaining(uow_factory, active) == history


def test_old_messages_go_even_when_their_session_ended_after_the_cutoff(
    uow_factory: UnitOfWorkFactory,
) -> None:
    session = given_ended_session(uow_factory, 1, COMPLETED, at(500), started_at=at(0))
    _, new = given_messages(uow_factory, session, at(1), at(400))

    assert delete_old_messages(uow_factory, COMPLETED) == 1
    assert remaining(uow_factory, session) == [new]


def test_deleting_old_messages_leaves_posts_and_feedback(uow_factory: UnitOfWorkFactory) -> None:
    session = given_ended_session(uow_factory, 1, COMPLETED, at(20))
    history = given_history(uow_factory, session, written_at=[at(1), at(2)])

    assert delete_old_messages(uow_factory, COMPLETED) == 4

    with uow_factory() as uow:
        assert uow.messages.list_for_session(stored_id(session)) == []
        assert uow.posts.list_for_session(stored_id(session)) == history.posts
        assert uow.feedback.list_for_session(stored_id(session)) == history.feedback


def test_nothing_to_delete_counts_zero(uow_factory: UnitOfWorkFactory) -> None:
    session = given_ended_session(uow_factory, 1, COMPLETED, at(20))
    history = given_messages(uow_factory, session, CUTOFF, at(150))

    assert delete_old_messages(uow_factory, COMPLETED) == 0
    assert remaining(uow_factory, session) == history


def test_old_messages_deleted_without_commit_are_kept(uow_factory: UnitOfWorkFactory) -> None:
    session = given_ended_session(uow_factory, 1, COMPLETED, at(20))
    history = given_messages(uow_factory, session, at(1), at(2))

    with uow_factory() as uow:
        assert uow.messages.delete_before(CUTOFF, (COMPLETED,)) == 2
        assert uow.messages.list_for_session(stored_id(session)) == []

    assert remaining(uow_factory, session) == history


def test_feedback_on_no_particular_post_goes_with_its_session(
    uow_factory: UnitOfWorkFactory,
) -> None:
    session = given_ended_session(uow_factory, 1, ABANDONED, at(10))
    with uow_factory() as uow:
        uow.feedback.add(a_feedback(session, None, kind=FeedbackKind.TEXT, text="hmm"))
        uow.commit()

    with uow_factory() as uow:
        uow.sessions.delete(stored_id(session))
        uow.commit()

    with uow_factory() as uow:
        assert uow.feedback.list_for_user(1) == []
