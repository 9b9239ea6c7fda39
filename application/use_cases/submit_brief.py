"""A brief arrives while no draft is open: start (or continue) a session and draft it."""

from __future__ import annotations

from dataclasses import dataclass

from application.drafting import DraftOrder, DraftWriter
from application.learning import PreferenceLearner
from application.lookups import require_user
from application.views import DraftView
from domain import user_text
from domain.messages import Message, Role
from domain.ports import Clock, UnitOfWorkFactory
from domain.sessions import Session


@dataclass(frozen=True, slots=True)
class SubmitBriefRequest:
    user_id: int
    text: str
    new_session: bool = False  # /new: leave any active session behind first


class SubmitBrief:
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

    def __call__(self, request: SubmitBriefRequest) -> DraftView:
        brief = user_text.brief(request.text)
        self._drafts.ensure_allowed(request.user_id)
        with self._uow_factory() as uow:
            now = self._clock.now()
            user = require_user(uow, request.user_id)
            session = uow.sessions.active_for(request.user_id)
            if session is not None and request.new_session:
                uow.sessions.update(session.abandon(now))
                session = None
            latest = None
            if session is not None and session.id is not None:
                latest = uow.posts.latest_for_session(session.id)
                session = session.with_brief(brief)
                uow.sessions.update(session)
            else:
                session = uow.sessions.add(Session(request.user_id, now, brief=brief))
                user = user.counted(sessions_count=1)
            assert session.id is not None
            uow.messages.add(Message(session.id, request.user_id, Role.USER, brief, now))
            uow.users.update(user.touched(now))
            style = self._learner.starting_style(uow, request.user_id)
            uow.commit()
        return self._drafts.write(
            DraftOrder(
                user_id=request.user_id,
                session_id=session.id,
                brief=brief,
                style=latest.style if latest else style,
                version=latest.version + 1 if latest else 1,
                replaces_post_id=latest.id if latest else None,
            )
        )
