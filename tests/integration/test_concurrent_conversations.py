"""Many conversations at once on one SQLite file, as the asyncio bot will run them on threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from application.bus import Bus
from application.requests import Act, Hello, Rate, Stats, Text
from domain.actions import Action
from domain.posts import PostStatus
from infrastructure.config import Settings
from infrastructure.container import Container

USERS = range(1, 9)
ROUNDS = 5


def _converse(bus: Bus, user_id: int) -> None:
    bus.handle(Hello(user_id))
    for round_ in range(ROUNDS):
        bus.handle(Text(user_id, f"User {user_id} news number {round_}"))
        bus.handle(Act(user_id, Action.SHORTER))
        bus.handle(Text(user_id, "more professional please"))
        bus.handle(Act(user_id, Action.APPROVE))
        bus.handle(Rate(user_id, 1 + round_ % 5))


def test_eight_users_at_once_lose_nothing_and_never_see_a_locked_database(tmp_path: Path) -> None:
    container = Container(settings=Settings(database_url=f"sqlite:///{tmp_path / 'c.db'}"))
    bus: Bus = container.bus()
    try:
        with ThreadPoolExecutor(max_workers=len(USERS)) as pool:
            for future in [pool.submit(_converse, bus, u) for u in USERS]:
                future.result()  # re-raises any error of the thread

        for user_id in USERS:
            stats = bus.handle(Stats(user_id))
            assert (stats.sessions, stats.posts, stats.approved_posts) == (
                ROUNDS,
                3 * ROUNDS,
                ROUNDS,
            )
            assert stats.avg_satisfaction == 3.0
            with container.uow_factory()() as uow:
                approved = uow.posts.list_for_user(user_id, PostStatus.APPROVED)
                assert len(approved) == ROUNDS and all(p.user_id == user_id for p in approved)
                # brief, draft, :shorter, draft, feedback, draft, :approve, rating
                assert uow.messages.count_for_user(user_id) == 8 * ROUNDS
    finally:
        container.shutdown_resources()
