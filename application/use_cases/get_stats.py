"""A user's totals and rates, read from the counters kept on the user."""

from __future__ import annotations

from dataclasses import dataclass

from application.lookups import require_user
from application.views import StatsView
from domain.ports import UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class GetStatsRequest:
    user_id: int


class GetStats:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    def __call__(self, request: GetStatsRequest) -> StatsView:
        with self._uow_factory() as uow:
            return StatsView.of(require_user(uow, request.user_id))
