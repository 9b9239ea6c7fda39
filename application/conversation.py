"""The conversation of DESIGN.md, the same for Telegram and the terminal.

Interfaces translate input into these calls and render what comes back; the rules for
what a piece of text means (a brief or feedback) live here, not in the interfaces.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from application.lookups import current_draft
from application.use_cases.approve_post import ApprovePost, ApprovePostRequest
from application.use_cases.edit_post import EditPost, EditPostRequest
from application.use_cases.explain_context import ContextView, ExplainContext, ExplainContextRequest
from application.use_cases.export_user import ExportUser, ExportUserRequest
from application.use_cases.forget_user import ForgetUser, ForgetUserRequest, ForgetUserResult
from application.use_cases.get_stats import GetStats, GetStatsRequest
from application.use_cases.give_feedback import GiveFeedback, GiveFeedbackRequest
from application.use_cases.list_sessions import ListSessions, ListSessionsRequest
from application.use_cases.preferences import (
    PreferencesRequest,
    ResetPreferences,
    SetPreference,
    SetPreferenceRequest,
    ShowPreferences,
)
from application.use_cases.rate_post import RatePost, RatePostRequest
from application.use_cases.register_user import (
    RegisterUser,
    RegisterUserRequest,
    RegisterUserResult,
)
from application.use_cases.reject_post import RejectPost, RejectPostRequest
from application.use_cases.retry_draft import RetryDraft, RetryDraftRequest
from application.use_cases.start_session import StartSession, StartSessionRequest
from application.use_cases.submit_brief import SubmitBrief, SubmitBriefRequest
from application.views import DraftView, PreferenceView, SessionView
from domain.actions import Action
from domain.analysis import FeedbackAnalysis
from domain.ports import UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class Conversation:
    uow_factory: UnitOfWorkFactory
    register_user: RegisterUser
    submit_brief: SubmitBrief
    give_feedback: GiveFeedback
    approve_post: ApprovePost
    reject_post: RejectPost
    rate_post: RatePost
    start_session: StartSession
    get_stats: GetStats
    list_sessions: ListSessions
    edit_post: EditPost
    show_preferences: ShowPreferences
    set_preference: SetPreference
    reset_preferences: ResetPreferences
    explain_context: ExplainContext
    export_user: ExportUser
    forget_user: ForgetUser
    retry_draft: RetryDraft

    def hello(self, request: RegisterUserRequest) -> RegisterUserResult:
        return self.register_user(request)

    def has_open_draft(self, user_id: int) -> bool:
        with self.uow_factory(read_only=True) as uow:
            return current_draft(uow, user_id) is not None

    def text(self, user_id: int, text: str) -> DraftView:
        """Text while a draft is open is feedback on it; otherwise it is a brief."""
        if self.has_open_draft(user_id):
            return self.give_feedback(GiveFeedbackRequest(user_id, text=text))
        return self.submit_brief(SubmitBriefRequest(user_id, text))

    def act(self, user_id: int, action: Action, post_id: int | None = None) -> DraftView:
        """An action on a draft (the open one when `post_id` is None)."""
        if action is Action.APPROVE:
            return self.approve_post(ApprovePostRequest(user_id, post_id))
        if action is Action.REJECT:
            return self.reject_post(RejectPostRequest(user_id, post_id))
        return self.give_feedback(GiveFeedbackRequest(user_id, action=action, post_id=post_id))

    def retry(self, user_id: int) -> DraftView:
        """After a failed draft: what the user asked for, tried again."""
        return self.retry_draft(RetryDraftRequest(user_id))

    def rate(self, user_id: int, rating: int, post_id: int | None = None) -> DraftView:
        return self.rate_post(RatePostRequest(user_id, rating, post_id))

    def new(self, user_id: int, brief: str | None = None) -> DraftView | SessionView:
        """/new: a fresh session, drafted at once when a brief comes with it."""
        if brief and brief.strip():
            return self.submit_brief(SubmitBriefRequest(user_id, brief, new_session=True))
        return self.start_session(StartSessionRequest(user_id))

    def edit(self, user_id: int, text: str, post_id: int | None = None) -> DraftView:
        """The user's own version of the draft becomes the next version."""
        return self.edit_post(EditPostRequest(user_id, text, post_id))

    def stats(self, user_id: int) -> FeedbackAnalysis:
        return self.get_stats(GetStatsRequest(user_id))

    def preferences(self, user_id: int) -> list[PreferenceView]:
        return self.show_preferences(PreferencesRequest(user_id))

    def set(self, user_id: int, key: str, value: str) -> PreferenceView:
        return self.set_preference(SetPreferenceRequest(user_id, key, value))

    def reset(self, user_id: int) -> int:
        return self.reset_preferences(PreferencesRequest(user_id))

    def context(self, user_id: int) -> ContextView:
        return self.explain_context(ExplainContextRequest(user_id))

    def export(self, user_id: int) -> dict[str, Any]:
        return self.export_user(ExportUserRequest(user_id))

    def forget(self, user_id: int) -> ForgetUserResult:
        return self.forget_user(ForgetUserRequest(user_id))

    def sessions(self, user_id: int, limit: int | None = 10) -> list[SessionView]:
        return self.list_sessions(ListSessionsRequest(user_id, limit))
