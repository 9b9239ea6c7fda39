"""/context: what the next draft will be written from (the style, the brief, the history).

The full prompt assembly within a token budget comes with the LLM generator; this shows
what the core already knows: each style dimension with its confidence, the open session's
brief and how much of its history there is.
"""

from __future__ import annotations

from dataclasses import dataclass

from application.lookups import current_draft, require_user
from application.views import PreferenceView
from domain.dimensions import STYLE_KEYS
from domain.ports import UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class ExplainContextRequest:
    user_id: int


@dataclass(frozen=True, slots=True)
class ContextView:
    style: tuple[PreferenceView, ...]
    brief: str | None
    history_messages: int
    open_draft_version: int | None


class ExplainContext:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    def __call__(self, request: ExplainContextRequest) -> ContextView:
        with self._uow_factory() as uow:
            require_user(uow, request.user_id)
            profile = uow.preferences.get_profile(request.user_id)
            session = uow.sessions.active_for(request.user_id)
            history = uow.messages.list_for_session(session.id) if session and session.id else []
            draft = current_draft(uow, request.user_id)
        # The next version starts from the open draft's style; a new session from the profile.
        style = draft[1].style if draft is not None else profile.style()
        return ContextView(
            style=tuple(PreferenceView.of(k, style, profile.get(k)) for k in STYLE_KEYS),
            brief=session.brief if session else None,
            history_messages=len(history),
            open_draft_version=draft[1].version if draft else None,
        )
