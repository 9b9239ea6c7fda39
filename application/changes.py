"""Storing what the domain decided: `store` writes a Change in the caller's unit of work,
the one place a change is written, and orders the next version when it asks for one."""

from __future__ import annotations

from dataclasses import dataclass

from application.learning import PreferenceLearner
from application.lookups import session_history
from domain.drafting import Change, NextVersion
from domain.generation import Turn
from domain.ports import UnitOfWork
from domain.posts import Post
from domain.sessions import Session
from domain.style import Style


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
