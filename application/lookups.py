"""Loading what a request names, with the ownership checks every use case needs."""

from __future__ import annotations

from domain.errors import ConflictError, NotFoundError
from domain.ports import UnitOfWork
from domain.posts import Post
from domain.sessions import Session
from domain.users import User


def require_user(uow: UnitOfWork, user_id: int) -> User:
    user = uow.users.get(user_id)
    if user is None:
        raise NotFoundError(f"There is no user {user_id}.")
    return user


def owned_post(uow: UnitOfWork, user_id: int, post_id: int) -> Post:
    """The post, if it exists and belongs to the user; someone else's post is 'not found'."""
    post = uow.posts.get(post_id)
    if post is None or post.user_id != user_id:
        raise NotFoundError(f"You have no draft number {post_id}.")
    return post


def current_draft(uow: UnitOfWork, user_id: int) -> tuple[Session, Post] | None:
    """The user's active session and its open draft, or None when no draft is open."""
    session = uow.sessions.active_for(user_id)
    if session is None or session.id is None:
        return None
    post = uow.posts.latest_for_session(session.id)
    if post is None or not post.is_open:
        return None
    return session, post


def open_draft(uow: UnitOfWork, user_id: int, post_id: int | None) -> tuple[Session, Post]:
    """The draft a reaction is about: the named one, or the open one when none is named.

    A named draft must still be the latest open version of an active session: reacting to
    an old version (say, a button on a message further up the chat) is a conflict.
    """
    if post_id is None:
        found = current_draft(uow, user_id)
        if found is None:
            raise NotFoundError("There is no open draft. Send a brief to start one.")
        return found
    post = owned_post(uow, user_id, post_id)
    session = uow.sessions.get(post.session_id)
    latest = uow.posts.latest_for_session(post.session_id)
    if session is None or not session.is_active or latest is None or latest.id != post.id:
        raise ConflictError(f"Draft {post_id} is no longer the current one.")
    if not post.is_open:
        raise ConflictError(f"Draft {post_id} is already {post.status.value}.")
    return session, post
