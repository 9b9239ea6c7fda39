"""/context: what the next prompt will contain, and how it fits the token budget."""

from __future__ import annotations

from dataclasses import dataclass

from application.lookups import current_draft, require_user
from application.views import PreferenceView
from domain.context import build_prompt
from domain.dimensions import STYLE_KEYS
from domain.generation import GenerationRequest, Turn
from domain.ports import TokenCounter, UnitOfWorkFactory

NO_BRIEF_YET = "(your next brief)"


@dataclass(frozen=True, slots=True)
class ExplainContextRequest:
    user_id: int


@dataclass(frozen=True, slots=True)
class ContextView:
    style: tuple[PreferenceView, ...]  # each dimension with its confidence and source
    instructions: tuple[str, ...]  # the style as the prompt states it
    brief: str | None
    open_draft_version: int | None
    history_messages: int  # in the session, after the brief
    history_included: int
    history_condensed: int
    history_dropped: int
    tokens: int
    budget: int


class ExplainContext:
    def __init__(self, uow_factory: UnitOfWorkFactory, counter: TokenCounter, budget: int) -> None:
        self._uow_factory = uow_factory
        self._counter = counter
        self._budget = budget

    def __call__(self, request: ExplainContextRequest) -> ContextView:
        with self._uow_factory(read_only=True) as uow:
            require_user(uow, request.user_id)
            profile = uow.preferences.get_profile(request.user_id)
            session = uow.sessions.active_for(request.user_id)
            messages = uow.messages.list_for_session(session.id) if session and session.id else []
            draft = current_draft(uow, request.user_id)
        post = draft[1] if draft else None
        history = tuple(Turn(m.role, m.content) for m in messages[1:])
        next_request = GenerationRequest(
            brief=(session.brief if session else None) or NO_BRIEF_YET,
            style=post.style if post else profile.style(),
            variant=post.version if post else 0,
            previous_draft=post.content if post else None,
            history=history,
        )
        prompt = build_prompt(next_request, self._budget, self._counter.count)
        return ContextView(
            style=tuple(
                PreferenceView.of(k, next_request.style, profile.get(k)) for k in STYLE_KEYS
            ),
            instructions=prompt.style_instructions,
            brief=session.brief if session else None,
            open_draft_version=post.version if post else None,
            history_messages=len(history),
            history_included=prompt.history_included,
            history_condensed=prompt.history_condensed,
            history_dropped=prompt.history_dropped,
            tokens=prompt.tokens,
            budget=prompt.budget,
        )
