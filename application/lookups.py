"""Loading what a request names, with the ownership checks every handler needs."""

from __future__ import annotations

from types import MappingProxyType

from domain.drafting import SESSION_ENDED, DraftingSession
from domain.errors import ConflictError, NotFoundError, UnknownUserError
from domain.generation import Turn
from domain.ports import UnitOfWork
from domain.posts import Post, PostStatus
from domain.users import User

HISTORY_LIMIT = 200  # messages a prompt can draw on; the context builder trims to its budget


def require_user(uow: UnitOfWork, user_id: int) -> User:
    user = uow.users.get(user_id)
    if user is None:
        raise UnknownUserError(user_id)
    return user


def owned_post(uow: UnitOfWork, user_id: int, post_id: int) -> Post:
    """The post, if it exists and belongs to the user; someone else's post is 'not found'."""
    post = uow.posts.get(post_id)
    if post is None or post.user_id != user_id:
        raise NotFoundError(f"You have no draft number {post_id}.")
    return post


def named_post(
    uow: UnitOfWork, user_id: int, post_id: int | None, in_reply_to: int | None = None
) -> Post | None:
    """The version a request names: by id (a button's), or by the chat message showing it
    (a reply's); None when it names none."""
    if post_id is not None:
        return owned_post(uow, user_id, post_id)
    return uow.posts.by_message(user_id, in_reply_to) if in_reply_to is not None else None


def drafting_session(
    uow: UnitOfWork, user_id: int, named: Post | None = None, *, feedback: bool = False
) -> DraftingSession:
    """The user's active session (or the session of the version named) with its newest
    version; while that version is an open draft, the values the user set since it was
    written, which its next version follows, and with `feedback`, the feedback given in the
    session (a retry folds in what never got its version)."""
    user = require_user(uow, user_id)
    if named is None:
        session = uow.sessions.active_for(user_id)
    else:
        session = uow.sessions.get(named.session_id)
    if session is None or session.id is None:
        return DraftingSession(user, None, named=named)
    latest = uow.posts.latest_for_session(session.id)
    if latest is None or not latest.is_open or not session.is_active:
        return DraftingSession(user, session, latest, named=named)
    return DraftingSession(
        user,
        session,
        latest,
        named=named,
        feedback=tuple(uow.feedback.list_for_session(session.id)) if feedback else (),
        settings=MappingProxyType(
            uow.preferences.get_profile(user_id).set_since(latest.created_at)
        ),
    )


def rated_session(uow: UnitOfWork, user_id: int, post_id: int | None) -> DraftingSession:
    """The session of the approved post a rating is for: the named one, or the latest."""
    user = require_user(uow, user_id)
    if post_id is not None:
        post: Post | None = owned_post(uow, user_id, post_id)
    else:
        approved = uow.posts.list_for_user(user_id, PostStatus.APPROVED, limit=1)
        post = approved[0] if approved else None
    session = uow.sessions.get(post.session_id) if post is not None else None
    return DraftingSession(user, session, post)


def writing_session(uow: UnitOfWork, user_id: int, session_id: int) -> DraftingSession:
    """The session a version is being written for, as it is now."""
    user = uow.users.get(user_id)
    session = uow.sessions.get(session_id)
    if user is None or session is None:  # forgotten, or cleaned up, meanwhile
        raise ConflictError(SESSION_ENDED)
    return DraftingSession(user, session, uow.posts.latest_for_session(session_id))


def session_history(uow: UnitOfWork, session_id: int) -> tuple[Turn, ...]:
    """The session's newest messages after its brief (which a request carries on its own)."""
    turns = uow.messages.recent_turns(session_id, HISTORY_LIMIT + 1)
    if len(turns) <= HISTORY_LIMIT:  # the whole session: its first message is the brief
        turns = turns[1:]
    return tuple(turns[-HISTORY_LIMIT:])
