"""Feedback on the open draft (a style action, `regenerate`, or free text): the next version.

What the user said, and what it taught, are committed first; the next version is written
after (see drafting), so a generator failure loses neither.
"""

from __future__ import annotations

from dataclasses import dataclass

from application.drafting import DraftOrder, DraftWriter, session_history
from application.learning import PreferenceLearner
from application.lookups import open_draft
from application.views import DraftView
from domain import user_text
from domain.actions import Action
from domain.errors import ValidationError
from domain.feedback import Feedback, FeedbackKind, FeedbackReading, read_feedback
from domain.messages import Message, Role
from domain.ports import Clock, UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class GiveFeedbackRequest:
    user_id: int
    action: Action | None = None
    text: str | None = None
    post_id: int | None = None  # None: the user's open draft


class GiveFeedback:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        drafts: DraftWriter,
        learner: PreferenceLearner,
        clock: Clock,
    ) -> None:
        self._uow_factory = uow_factory
        self._drafts = drafts
        self._learner = learner
        self._clock = clock

    def __call__(self, request: GiveFeedbackRequest) -> DraftView:
        reading, kind, said = _understand(request)
        self._drafts.ensure_allowed(request.user_id)
        with self._uow_factory() as uow:
            now = self._clock.now()
            session, post = open_draft(uow, request.user_id, request.post_id)
            assert session.id is not None and post.id is not None
            uow.feedback.add(
                Feedback(
                    user_id=request.user_id,
                    session_id=session.id,
                    post_id=post.id,
                    kind=kind,
                    created_at=now,
                    signals=reading.signals,
                    text=said if kind is FeedbackKind.TEXT else None,
                )
            )
            uow.messages.add(Message(session.id, request.user_id, Role.USER, said, now))
            seen = post.measured_style  # learn from what the user saw, not what was asked
            self._learner.observe(uow, request.user_id, reading.observations(seen), now)
            history = session_history(uow, session.id)
            uow.commit()
        return self._drafts.write(
            DraftOrder(
                user_id=request.user_id,
                session_id=session.id,
                brief=session.brief or "",
                style=reading.applied_to(post.style, seen),
                version=post.version + 1,
                replaces_post_id=post.id,
                previous_draft=post.content,
                history=history,
            )
        )


def _understand(request: GiveFeedbackRequest) -> tuple[FeedbackReading, FeedbackKind, str]:
    """What a request asks for, the kind of feedback it is, and the words stored."""
    if request.action is not None:
        if not request.action.revises:
            raise ValidationError(f"'{request.action.value}' does not ask for a new version.")
        return FeedbackReading((request.action,)), FeedbackKind.ACTION, f":{request.action.value}"
    text = user_text.feedback(request.text or "")
    return read_feedback(text), FeedbackKind.TEXT, text
