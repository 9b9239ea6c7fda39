"""The user approves the open draft: the session completes and its style is learned."""

from __future__ import annotations

from dataclasses import dataclass

from application.learning import PreferenceLearner
from application.lookups import open_draft, require_user
from application.views import DraftView
from domain.feedback import Feedback, FeedbackKind
from domain.learning import from_approval
from domain.messages import Message, Role
from domain.ports import Clock, UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class ApprovePostRequest:
    user_id: int
    post_id: int | None = None  # None: the user's open draft


class ApprovePost:
    def __init__(
        self, uow_factory: UnitOfWorkFactory, learner: PreferenceLearner, clock: Clock
    ) -> None:
        self._uow_factory = uow_factory
        self._learner = learner
        self._clock = clock

    def __call__(self, request: ApprovePostRequest) -> DraftView:
        with self._uow_factory() as uow:
            now = self._clock.now()
            session, post = open_draft(uow, request.user_id, request.post_id)
            assert session.id is not None
            approved = post.approve()
            uow.posts.update(approved)
            uow.sessions.update(session.turned().complete(now))
            user = require_user(uow, request.user_id)
            uow.users.update(user.counted(approved_count=1).touched(now))
            uow.feedback.add(
                Feedback(request.user_id, session.id, post.id, FeedbackKind.APPROVE, now)
            )
            uow.messages.add(Message(session.id, request.user_id, Role.USER, ":approve", now))
            self._learner.observe(uow, request.user_id, from_approval(approved.style), now)
            uow.commit()
        return DraftView.of(approved)
