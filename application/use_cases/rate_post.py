"""A 1-5 rating of an approved post (the latest one when none is named); re-rating replaces."""

from __future__ import annotations

from dataclasses import dataclass

from application.learning import PreferenceLearner
from application.lookups import owned_post, require_user
from application.views import DraftView
from domain.errors import NotFoundError
from domain.feedback import Feedback, FeedbackKind
from domain.learning import from_rating
from domain.messages import Message, Role
from domain.ports import Clock, UnitOfWorkFactory
from domain.posts import PostStatus, validate_rating


@dataclass(frozen=True, slots=True)
class RatePostRequest:
    user_id: int
    rating: int
    post_id: int | None = None


class RatePost:
    def __init__(
        self, uow_factory: UnitOfWorkFactory, learner: PreferenceLearner, clock: Clock
    ) -> None:
        self._uow_factory = uow_factory
        self._learner = learner
        self._clock = clock

    def __call__(self, request: RatePostRequest) -> DraftView:
        validate_rating(request.rating)
        with self._uow_factory() as uow:
            now = self._clock.now()
            if request.post_id is not None:
                post = owned_post(uow, request.user_id, request.post_id)
            else:
                approved = uow.posts.list_for_user(request.user_id, PostStatus.APPROVED)
                if not approved:
                    raise NotFoundError("There is no approved post to rate yet.")
                post = approved[0]
            rated = post.rate(request.rating)
            uow.posts.update(rated)
            user = require_user(uow, request.user_id)
            if post.rating is None:
                user = user.counted(ratings_count=1, ratings_sum=request.rating)
            else:
                user = user.counted(ratings_sum=request.rating - post.rating)
            uow.users.update(user.touched(now))
            uow.feedback.add(
                Feedback(
                    request.user_id,
                    post.session_id,
                    post.id,
                    FeedbackKind.RATING,
                    now,
                    rating=request.rating,
                )
            )
            uow.messages.add(
                Message(
                    post.session_id,
                    request.user_id,
                    Role.USER,
                    str(request.rating),
                    now,
                    satisfaction=request.rating,
                )
            )
            self._learner.observe(
                uow, request.user_id, from_rating(post.measured_style, request.rating), now
            )
            uow.commit()
        return DraftView.of(rated)
