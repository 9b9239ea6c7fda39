"""The user sends their own version of the draft: it becomes the next version, and its
measured style (length, emoji, hashtags, call to action, tone) is learned directly."""

from __future__ import annotations

from dataclasses import dataclass

from application.learning import PreferenceLearner
from application.lookups import open_draft, require_user
from application.views import DraftView
from domain import user_text
from domain.feedback import Feedback, FeedbackKind
from domain.learning import from_edit
from domain.messages import Message, Role
from domain.ports import Clock, UnitOfWorkFactory
from domain.posts import EDITED_BY_USER, Generated, Post
from domain.text_metrics import measure


@dataclass(frozen=True, slots=True)
class EditPostRequest:
    user_id: int
    text: str
    post_id: int | None = None  # None: the user's open draft


class EditPost:
    def __init__(
        self, uow_factory: UnitOfWorkFactory, learner: PreferenceLearner, clock: Clock
    ) -> None:
        self._uow_factory = uow_factory
        self._learner = learner
        self._clock = clock

    def __call__(self, request: EditPostRequest) -> DraftView:
        text = user_text.own_version(request.text)
        metrics = measure(text)
        with self._uow_factory() as uow:
            now = self._clock.now()
            session, post = open_draft(uow, request.user_id, request.post_id)
            assert session.id is not None
            uow.posts.update(post.supersede())
            edited = uow.posts.add(
                Post.draft(
                    session_id=session.id,
                    user_id=request.user_id,
                    version=post.version + 1,
                    style=metrics.as_style(),
                    generated=Generated(text, EDITED_BY_USER, "edit"),
                    latency_ms=0,
                    now=now,
                )
            )
            uow.feedback.add(
                Feedback(
                    request.user_id,
                    session.id,
                    post.id,
                    FeedbackKind.EDIT,
                    now,
                    signals=("edit",),
                    text=text,
                )
            )
            uow.messages.add(Message(session.id, request.user_id, Role.USER, text, now))
            uow.sessions.update(session.turned())
            user = require_user(uow, request.user_id)
            uow.users.update(user.counted(drafts_count=1).touched(now))
            self._learner.observe(uow, request.user_id, from_edit(metrics), now)
            uow.commit()
        return DraftView.of(edited)
