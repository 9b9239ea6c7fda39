"""Approving or rejecting the open draft: the same bookkeeping, two outcomes."""

from __future__ import annotations

from datetime import datetime

from application.learning import PreferenceLearner
from application.lookups import open_draft, require_user
from domain.feedback import Feedback, FeedbackKind
from domain.learning import from_approval, from_rejection
from domain.messages import Message, Role
from domain.ports import UnitOfWork
from domain.posts import Post


def decide(
    uow: UnitOfWork,
    learner: PreferenceLearner,
    user_id: int,
    post_id: int | None,
    now: datetime,
    *,
    approve: bool,
) -> Post:
    """Close the draft (approved: the session completes; rejected: it is abandoned)."""
    session, post = open_draft(uow, user_id, post_id)
    assert session.id is not None
    decided = post.approve() if approve else post.reject()
    uow.posts.update(decided)
    turned = session.turned()
    uow.sessions.update(turned.complete(now) if approve else turned.abandon(now))
    user = require_user(uow, user_id)
    counter = "approved_count" if approve else "rejected_count"
    uow.users.update(user.counted(**{counter: 1}).touched(now))
    kind = FeedbackKind.APPROVE if approve else FeedbackKind.REJECT
    uow.feedback.add(Feedback(user_id, session.id, post.id, kind, now))
    uow.messages.add(Message(session.id, user_id, Role.USER, f":{kind.value}", now))
    observations = from_approval(decided.measured_style) if approve else from_rejection()
    learner.observe(uow, user_id, observations, now)
    return decided
