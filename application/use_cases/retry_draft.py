"""Try a failed draft again, as if it had not failed: the brief when no draft was written,
else the next version with every piece of feedback given since the open draft.

What the user said was stored before the generator failed, so nothing is asked again and
nothing is recorded twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from application.drafting import DraftOrder, DraftWriter, session_history
from application.learning import PreferenceLearner
from application.views import DraftView
from domain.errors import NotFoundError
from domain.feedback import FeedbackKind, reading_of
from domain.ports import UnitOfWorkFactory

_REVISING = (FeedbackKind.ACTION, FeedbackKind.TEXT)


@dataclass(frozen=True, slots=True)
class RetryDraftRequest:
    user_id: int


class RetryDraft:
    def __init__(
        self, uow_factory: UnitOfWorkFactory, drafts: DraftWriter, learner: PreferenceLearner
    ) -> None:
        self._uow_factory = uow_factory
        self._drafts = drafts
        self._learner = learner

    def __call__(self, request: RetryDraftRequest) -> DraftView:
        self._drafts.ensure_allowed(request.user_id)
        with self._uow_factory() as uow:
            session = uow.sessions.active_for(request.user_id)
            if session is None or session.id is None or not session.brief:
                raise NotFoundError("There is nothing to retry. Send a brief to start a draft.")
            post = uow.posts.latest_for_session(session.id)
            history = session_history(uow, session.id)
            if post is None or not post.is_open:
                style, pending = self._learner.starting_style(uow, request.user_id), []
            else:
                style = post.style
                pending = [
                    f
                    for f in uow.feedback.list_for_session(session.id)
                    if f.post_id == post.id and f.kind in _REVISING
                ]
        seen = post.measured_style if post and post.is_open else None
        for feedback in pending:  # feedback on the open draft never got its version
            style = reading_of(feedback.signals).applied_to(style, seen)
        return self._drafts.write(
            DraftOrder(
                user_id=request.user_id,
                session_id=session.id,
                brief=session.brief,
                style=style,
                version=post.version + 1 if post and post.is_open else 1,
                replaces_post_id=post.id if post and post.is_open else None,
                previous_draft=post.content if post and post.is_open else None,
                history=history,
            )
        )
