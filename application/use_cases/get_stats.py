"""Feedback analysis for one user, or for everyone when no user is named."""

from __future__ import annotations

from dataclasses import dataclass

from application.lookups import require_user
from domain.analysis import FeedbackAnalysis, analyse, summarise
from domain.ports import UnitOfWorkFactory
from domain.posts import PostStatus


@dataclass(frozen=True, slots=True)
class GetStatsRequest:
    user_id: int | None = None  # None: every user


class GetStats:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    def __call__(self, request: GetStatsRequest) -> FeedbackAnalysis:
        with self._uow_factory(read_only=True) as uow:
            if request.user_id is None:  # added up by storage: no history row is loaded
                return summarise(uow.users.totals(), uow.posts.approvals(), uow.feedback.tallies())
            user = require_user(uow, request.user_id)
            posts = uow.posts.list_for_user(user.id, PostStatus.APPROVED)
            feedback = uow.feedback.list_for_user(user.id)
        return analyse([user], posts, feedback)
