"""Many conversations at once on one SQLite file, as the asyncio bot will run them on threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from application.conversation import Conversation
from application.use_cases.register_user import RegisterUserRequest
from domain.actions import Action
from domain.posts import PostStatus
from infrastructure.config import Settings
from infrastructure.container import Container

USERS = range(1, 9)
ROUNDS = 5


def _converse(conversation: Conversation, user_id: int) -> None:
    conversation.hello(RegisterUserRequest(user_id))
    for round_ in range(ROUNDS):
        conversation.text(user_id, f"User {user_id} news number {round_}")
        conversation.act(user_id, Action.SHORTER)
        conversation.text(user_id, "more professional please")
        conversation.act(user_id, Action.APPROVE)
        conversation.rate(user_id, 1 + round_ % 5)


def test_eight_users_at_once_lose_nothing_and_never_see_a_locked_database(tmp_path: Path) -> None:
    container = Container(settings=Settings(database_url=f"sqlite:///{tmp_path / 'c.db'}"))
    conversation: Conversation = container.conversation()
    try:
        with ThreadPoolExecutor(max_workers=len(USERS)) as pool:
            for future in [pool.submit(_converse, conversation, u) for u in USERS]:
                future.result()  # re-raises any error of the thread

        for user_id in USERS:
            stats = conversation.stats(user_id)
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
