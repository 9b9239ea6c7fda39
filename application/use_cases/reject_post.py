"""The user rejects the open draft: the post is rejected and the session abandoned."""

from __future__ import annotations

from dataclasses import dataclass

from application.learning import PreferenceLearner
from application.verdicts import decide
from application.views import DraftView
from domain.ports import Clock, UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class RejectPostRequest:
    user_id: int
    post_id: int | None = None  # None: the user's open draft


class RejectPost:
    def __init__(
        self, uow_factory: UnitOfWorkFactory, learner: PreferenceLearner, clock: Clock
    ) -> None:
        self._uow_factory = uow_factory
        self._learner = learner
        self._clock = clock

    def __call__(self, request: RejectPostRequest) -> DraftView:
        with self._uow_factory() as uow:
            now = self._clock.now()
            rejected = decide(
                uow, self._learner, request.user_id, request.post_id, now, approve=False
            )
            uow.commit()
        return DraftView.of(rejected)
