"""Domain objects for the storage contract, all stamped from one fixed aware-UTC instant.

Builders take the few fields a test is about and default the rest; `given_*` helpers store
what a test needs in its own committed unit of work, so every test reads back through a new
one (what a later request would see).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.feedback import Feedback, FeedbackKind
from domain.messages import Message, Role
from domain.ports import UnitOfWorkFactory
from domain.posts import Post, PostStatus
from domain.preferences import Preference, PreferenceSource
from domain.sessions import Session
from domain.style import Style
from domain.users import User

T0 = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)

# Text that storage must keep byte for byte: emoji sequences, RTL with marks, CJK,
# combining accents, quotes, SQL-looking text, and surrounding whitespace.
TRICKY_TEXT = (
    "  Launch day 🚀🎉 👨‍👩‍👧‍👦 🇺🇦\n"
    "مرحبا بالعالم \u200fשלום עולם\u200e\n"
    "日本語のテキスト · naïve café e\u0301\n"
    "\t'quotes' \"double\" `back` \\ backslash; DROP TABLE users; --  \n"
)
LONG_TEXT = ("Ünïcödé 🚀 words " * 700)[:10_000]


def at(minutes: float = 0) -> datetime:
    """The fixed instant moved by `minutes` (still aware UTC)."""
    return T0 + timedelta(minutes=minutes)


def a_user(user_id: int = 1, **overrides: Any) -> User:
    return replace(User(id=user_id, created_at=T0, last_active_at=T0), **overrides)


def a_session(user_id: int, *, started_at: datetime = T0, **overrides: Any) -> Session:
    return replace(
        Session(user_id=user_id, started_at=started_at, brief="A bakery opening"), **overrides
    )


def a_finished_session(user_id: int, *, started_at: datetime = T0, **overrides: Any) -> Session:
    """A completed session: a user has at most one active session, so older ones are done."""
    finished = a_session(user_id, started_at=started_at).complete(started_at + timedelta(minutes=5))
    return replace(finished, **overrides)


def a_message(
    session: Session,
    content: str = "Hello",
    *,
    role: Role = Role.USER,
    created_at: datetime = T0,
    **overrides: Any,
) -> Message:
    message = Message(
        session_id=stored_id(session),
        user_id=session.user_id,
        role=role,
        content=content,
        created_at=created_at,
    )
    return replace(message, **overrides)


def a_style(**overrides: Any) -> Style:
    return replace(Style(), **overrides)


def a_post(
    session: Session,
    version: int = 1,
    *,
    created_at: datetime = T0,
    status: PostStatus = PostStatus.DRAFT,
    **overrides: Any,
) -> Post:
    fields: dict[str, Any] = {
        "session_id": stored_id(session),
        "user_id": session.user_id,
        "version": version,
        "content": f"Draft number {version} 🎂",
        "style": a_style(),
        "created_at": created_at,
        "status": status,
        "generator": "offline",
        "model": "offline-v1",
    }
    return Post(**{**fields, **overrides})  # built whole, so it is measured as it reads


def a_feedback(
    session: Session,
    post: Post | None = None,
    *,
    kind: FeedbackKind = FeedbackKind.ACTION,
    created_at: datetime = T0,
    **overrides: Any,
) -> Feedback:
    feedback = Feedback(
        user_id=session.user_id,
        session_id=stored_id(session),
        post_id=None if post is None else stored_id(post),
        kind=kind,
        created_at=created_at,
        signals=("shorter",),
    )
    return replace(feedback, **overrides)


def a_preference(key: str = "length", value: Any = 120, **overrides: Any) -> Preference:
    preference = Preference(
        key=key,
        value=value,
        confidence=0.4,
        evidence_count=2,
        source=PreferenceSource.LEARNED,
        updated_at=T0,
    )
    return replace(preference, **overrides)


def stored_id(stored: Session | Post | Message | Feedback) -> int:
    """The id storage gave the object (a test error if it was never stored)."""
    assert stored.id is not None, f"{type(stored).__name__} has not been stored"
    return stored.id


def given_user(uow_factory: UnitOfWorkFactory, user_id: int = 1, **overrides: Any) -> User:
    with uow_factory() as uow:
        user = uow.users.add(a_user(user_id, **overrides))
        uow.commit()
    return user


def given_stored_session(uow_factory: UnitOfWorkFactory, session: Session) -> Session:
    """`session` stored, its user first when it is not there yet."""
    with uow_factory() as uow:
        if uow.users.get(session.user_id) is None:
            uow.users.add(a_user(session.user_id))
        stored = uow.sessions.add(session)
        uow.commit()
    return stored


def given_session(uow_factory: UnitOfWorkFactory, user_id: int = 1, **overrides: Any) -> Session:
    """A stored session of `user_id`, storing the user first when it is not there yet."""
    return given_stored_session(uow_factory, a_session(user_id, **overrides))


def given_finished_session(
    uow_factory: UnitOfWorkFactory, user_id: int = 1, *, started_at: datetime = T0
) -> Session:
    """A stored completed session of `user_id` (see `a_finished_session`)."""
    return given_stored_session(uow_factory, a_finished_session(user_id, started_at=started_at))


def given_post(
    uow_factory: UnitOfWorkFactory, session: Session, version: int = 1, **overrides: Any
) -> Post:
    with uow_factory() as uow:
        post = uow.posts.add(a_post(session, version, **overrides))
        uow.commit()
    return post


def assert_aware_utc(moment: datetime | None, expected: datetime | None) -> None:
    """Storage gives back the same instant, still timezone-aware and in UTC."""
    assert moment == expected
    assert moment is not None and moment.tzinfo is not None, "a naive datetime came back"
    assert moment.utcoffset() == timedelta(0)
