"""What belongs to a user: never shown to another, and removed with them (forget, retention)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.feedback import Feedback, FeedbackKind
from domain.messages import Message, Role
from domain.ports import UnitOfWorkFactory
from domain.posts import Post, PostStatus
from domain.preferences import Preference
from domain.sessions import Session
from tests.contract.builders import (
    a_feedback,
    a_message,
    a_post,
    a_preference,
    a_session,
    a_user,
    at,
    stored_id,
)
from tests.contract.helpers import committed


@dataclass(frozen=True)
class Belongings:
    """Everything one user has stored, as storage returned it."""

    user_id: int
    sessions: list[Session]
    messages: list[Message]
    posts: list[Post]
    feedback: list[Feedback]
    preferences: list[Preference]


def given_a_full_history(uow_factory: UnitOfWorkFactory, user_id: int, offset: int) -> Belongings:
    """A finished and an active session with messages, versions, feedback, and a profile."""
    with uow_factory() as uow:
        uow.users.add(a_user(user_id))
        sessions, messages, posts, feedback = [], [], [], []
        for index in range(2):
            minute = offset + 10 * index
            session = uow.sessions.add(a_session(user_id, started_at=at(minute)))
            sessions.append(session)
            messages.append(uow.messages.add(a_message(session, f"brief {user_id}/{index}")))
            messages.append(
                uow.messages.add(a_message(session, f"draft {user_id}", role=Role.ASSISTANT))
            )
            for version in (1, 2):
                status = PostStatus.SUPERSEDED if version == 1 else PostStatus.APPROVED
                post = uow.posts.add(
                    a_post(session, version, created_at=at(minute + version), status=status)
                )
                posts.append(post)
                feedback.append(
                    uow.feedback.add(a_feedback(session, post, created_at=at(minute + version)))
                )
            feedback.append(
                uow.feedback.add(
                    a_feedback(session, kind=FeedbackKind.TEXT, created_at=at(minute + 5))
                )
            )
            if index == 0:  # a user has at most one active session
                sessions[-1] = session.complete(at(minute + 6))
                uow.sessions.update(sessions[-1])
        preferences = [a_preference("length", 100 + user_id), a_preference("cta", True)]
        uow.preferences.save(user_id, preferences)
        uow.commit()
    return Belongings(user_id, sessions, messages, posts, feedback, preferences)


def assert_all_still_there(uow_factory: UnitOfWorkFactory, owned: Belongings) -> None:
    with uow_factory() as uow:
        user_id = owned.user_id
        assert uow.users.get(user_id) is not None
        assert uow.sessions.list_for_user(user_id) == owned.sessions[::-1]
        for session in owned.sessions:
            assert uow.sessions.get(stored_id(session)) == session
            mine = [m for m in owned.messages if m.session_id == session.id]
            assert uow.messages.list_for_session(stored_id(session)) == mine
            versions = [p for p in owned.posts if p.session_id == session.id]
            assert uow.posts.list_for_session(stored_id(session)) == versions
            said = [f for f in owned.feedback if f.session_id == session.id]
            assert uow.feedback.list_for_session(stored_id(session)) == sorted(
                said, key=lambda f: f.created_at
            )
        assert uow.messages.count_for_user(user_id) == len(owned.messages)
        assert uow.posts.list_for_user(user_id) == sorted(
            owned.posts, key=lambda p: p.created_at, reverse=True
        )
        assert uow.feedback.list_for_user(user_id) == sorted(
            owned.feedback, key=lambda f: f.created_at
        )
        profile = uow.preferences.get_profile(user_id)
        assert dict(profile.entries) == {p.key: p for p in owned.preferences}


def test_each_user_sees_only_their_own_things(uow_factory: UnitOfWorkFactory) -> None:
    alice = given_a_full_history(uow_factory, 1, offset=0)
    bob = given_a_full_history(uow_factory, 2, offset=100)

    assert_all_still_there(uow_factory, alice)
    assert_all_still_there(uow_factory, bob)
    with uow_factory() as uow:
        assert uow.posts.list_for_user(1, status=PostStatus.APPROVED) == [
            alice.posts[3],
            alice.posts[1],
        ]
        assert uow.sessions.active_for(1) == alice.sessions[1]
        assert uow.sessions.active_for(2) == bob.sessions[1]


def test_deleting_a_user_removes_everything_of_theirs(uow_factory: UnitOfWorkFactory) -> None:
    alice = given_a_full_history(uow_factory, 1, offset=0)
    bob = given_a_full_history(uow_factory, 2, offset=100)

    committed(uow_factory, lambda uow: uow.users.delete(1))

    with uow_factory() as uow:
        assert uow.users.get(1) is None
        assert [user.id for user in uow.users.list()] == [2]
        assert uow.sessions.list_for_user(1) == []
        assert uow.sessions.active_for(1) is None
        for session in alice.sessions:
            assert uow.sessions.get(stored_id(session)) is None
            assert uow.messages.list_for_session(stored_id(session)) == []
            assert uow.posts.list_for_session(stored_id(session)) == []
            assert uow.posts.latest_for_session(stored_id(session)) is None
            assert uow.feedback.list_for_session(stored_id(session)) == []
        for post in alice.posts:
            assert uow.posts.get(stored_id(post)) is None
        assert uow.messages.count_for_user(1) == 0
        assert uow.posts.list_for_user(1) == []
        assert uow.feedback.list_for_user(1) == []
        assert dict(uow.preferences.get_profile(1).entries) == {}
    assert_all_still_there(uow_factory, bob)


def test_a_user_deleted_without_commit_keeps_everything(uow_factory: UnitOfWorkFactory) -> None:
    alice = given_a_full_history(uow_factory, 1, offset=0)

    with uow_factory() as uow:
        uow.users.delete(1)

    assert_all_still_there(uow_factory, alice)


def test_a_deleted_user_can_come_back_with_a_clean_slate(uow_factory: UnitOfWorkFactory) -> None:
    given_a_full_history(uow_factory, 1, offset=0)
    committed(uow_factory, lambda uow: uow.users.delete(1))

    with uow_factory() as uow:
        uow.users.add(a_user(1, username="again"))
        uow.commit()

    with uow_factory() as uow:
        user = uow.users.get(1)
        assert user is not None and user.username == "again"
        assert user.sessions_count == 0
        assert uow.sessions.list_for_user(1) == []
        assert uow.messages.count_for_user(1) == 0
        assert dict(uow.preferences.get_profile(1).entries) == {}
