"""The user rejects the open draft: the post is rejected and the session abandoned."""

from __future__ import annotations

from dataclasses import dataclass

from application.learning import PreferenceLearner
from application.lookups import open_draft, require_user
from application.views import DraftView
from domain.feedback import Feedback, FeedbackKind
from domain.learning import from_rejection
from domain.messages import Message, Role
from domain.ports import Clock, UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class RejectPostRequest:
    user_id: int
    post_id: int | None = None  # None: the user's open draft


class RejectPost:
    def __init__(
        self, uow_factory: UnitOfWorkFactory, learner: PreferenceLearner, clock: Clock
    ) -> None:
        self._uow_factory = uow_factory
        self._learner = learner
        self._clock = clock

    def __call__(self, request: RejectPostRequest) -> DraftView:
        with self._uow_factory() as uow:
            now = self._clock.now()
            session, post = open_draft(uow, request.user_id, request.post_id)
            assert session.id is not None
            rejected = post.reject()
            uow.posts.update(rejected)
            uow.sessions.update(session.turned().abandon(now))
            user = require_user(uow, request.user_id)
            uow.users.update(user.counted(rejected_count=1).touched(now))
            uow.feedback.add(
                Feedback(request.user_id, session.id, post.id, FeedbackKind.REJECT, now)
            )
            uow.messages.add(Message(session.id, request.user_id, Role.USER, ":reject", now))
            self._learner.observe(uow, request.user_id, from_rejection(), now)
            uow.commit()
        return DraftView.of(rejected)
