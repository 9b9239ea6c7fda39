"""Feedback analysis for one user, or for everyone when no user is named."""

from __future__ import annotations

from dataclasses import dataclass

from application.lookups import require_user
from domain.analysis import FeedbackAnalysis, analyse
from domain.feedback import Feedback
from domain.ports import UnitOfWorkFactory
from domain.posts import Post


@dataclass(frozen=True, slots=True)
class GetStatsRequest:
    user_id: int | None = None  # None: every user


class GetStats:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    def __call__(self, request: GetStatsRequest) -> FeedbackAnalysis:
        with self._uow_factory(read_only=True) as uow:
            if request.user_id is None:
                users = uow.users.list()
            else:
                users = [require_user(uow, request.user_id)]
            posts: list[Post] = []
            feedback: list[Feedback] = []
            for user in users:
                posts += uow.posts.list_for_user(user.id)
                feedback += uow.feedback.list_for_user(user.id)
        return analyse(users, posts, feedback)
