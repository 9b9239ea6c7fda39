"""Loading what a request names, with the ownership checks every handler needs, and
storing what the domain decided: the two ends of every handler's unit of work."""

from __future__ import annotations

from dataclasses import dataclass

from application.learning import PreferenceLearner
from domain.drafting import SESSION_ENDED, Change, DraftingSession, NextVersion
from domain.errors import ConflictError, NotFoundError
from domain.generation import Turn
from domain.ports import UnitOfWork
from domain.posts import Post, PostStatus
from domain.sessions import Session
from domain.style import Style
from domain.users import User

HISTORY_LIMIT = 200  # messages a prompt can draw on; the context builder trims to its budget


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


def drafting_session(
    uow: UnitOfWork, user_id: int, post_id: int | None = None, *, feedback: bool = False
) -> DraftingSession:
    """The user's active session (or the session of the post they name) with its newest
    version; with `feedback`, the feedback given in it too."""
    user = require_user(uow, user_id)
    if post_id is None:
        session = uow.sessions.active_for(user_id)
    else:
        session = uow.sessions.get(owned_post(uow, user_id, post_id).session_id)
    if session is None or session.id is None:
        return DraftingSession(user, None, named=post_id)
    return DraftingSession(
        user,
        session,
        uow.posts.latest_for_session(session.id),
        named=post_id,
        feedback=tuple(uow.feedback.list_for_session(session.id)) if feedback else (),
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
    return DraftingSession(user, session, post, named=post_id)


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


def store(uow: UnitOfWork, change: Change, learner: PreferenceLearner) -> Stored:
    """Apply a change within the caller's unit of work (the caller commits)."""
    if change.left is not None:
        uow.sessions.update(change.left)
    session = change.session
    if session.id is None:
        session = uow.sessions.add(session)
    else:
        uow.sessions.update(session)
    assert session.id is not None
    for post in change.closed:
        uow.posts.update(post)
    added = uow.posts.add(change.added) if change.added is not None else None
    for line in change.said:
        uow.messages.add(line.message(session.id, change.user.id, change.at))
    for feedback in change.feedback:
        uow.feedback.add(feedback)
    uow.users.update(change.user)
    if change.observations:
        learner.observe(uow, change.user.id, change.observations, change.at)
    order = None
    if change.next is not None:
        order = draft_order(uow, change.user.id, change.next, session.id, learner)
    return Stored(session, added, order)


@dataclass(frozen=True, slots=True)
class DraftOrder:
    """A version to write, with what its prompt draws on beside the brief."""

    user_id: int
    session_id: int
    next: NextVersion
    style: Style
    history: tuple[Turn, ...] = ()


@dataclass(frozen=True, slots=True)
class Stored:
    """What `store` wrote: the session (with its id), the version added, and the order for
    the next version when the change asks for one."""

    session: Session
    added: Post | None
    order: DraftOrder | None


def draft_order(
    uow: UnitOfWork, user_id: int, next: NextVersion, session_id: int, learner: PreferenceLearner
) -> DraftOrder:
    """The order for `next`: the user's starting style when it names none, and the session's
    history when it revises a shown draft."""
    style = next.style or learner.starting_style(uow, user_id)
    history = session_history(uow, session_id) if next.previous is not None else ()
    return DraftOrder(user_id, session_id, next, style, history)
