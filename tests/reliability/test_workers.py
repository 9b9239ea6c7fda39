"""Three `postmind bot` webhook workers on one PostgreSQL database, behind a round-robin
proxy; the fake Bot API delivers every update to the proxy as Telegram does, several at once
and without waiting for a chat's previous one (the hard case: consecutive updates of one chat
reach different workers within milliseconds).

Thirty users, ten turns each, every turn a burst of two messages 10 ms apart: every message
gets its draft, in order, each user's history is stored in the order they wrote, no version
is stored twice and no counter loses a step. Then one worker is killed with SIGKILL mid-run:
the others go on, and every draft a user was shown is stored.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pytest

from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.workers import Deployment, deployment, wait_until
from tests.postgres import fresh_schema

USERS = range(7001, 7031)
TURNS = 10
GAP = 0.010  # seconds between the two messages of a burst
REPLY_WITHIN = 90.0  # seconds a user waits for the drafts of a burst (600 drafts are paced)
FEEDBACK = (
    "shorter", "more casual", "add an emoji", "no hashtags", "a bit longer",
    "more formal", "add hashtags", "fewer emoji", "friendlier", "more professional",
)  # fmt: skip


def brief(user: int) -> str:
    return f"Our bakery number {user} opens a second shop on Main Street next Saturday"


@dataclass
class User:
    """One person: sends bursts, waits for their drafts, remembers what they sent."""

    id: int
    sent: list[str] = field(default_factory=list)
    unanswered: int = 0  # bursts whose drafts did not all come

    def script(self, turns: int) -> Iterator[tuple[str, str]]:
        yield brief(self.id), FEEDBACK[0]
        for turn in range(1, turns):
            yield FEEDBACK[(2 * turn - 1) % len(FEEDBACK)], FEEDBACK[(2 * turn) % len(FEEDBACK)]

    def run(self, fake: FakeTelegram, turns: int, reply_within: float) -> None:
        for first, second in self.script(turns):
            expected = len(drafts(fake, self.id)) + 2
            fake.send_text(self.id, first)
            time.sleep(GAP)
            fake.send_text(self.id, second)
            self.sent += [first, second]
            if not wait_until(partial(answered, fake, self.id, expected), reply_within):
                self.unanswered += 1


def answered(fake: FakeTelegram, user: int, drafts_expected: int) -> bool:
    return len(drafts(fake, user)) >= drafts_expected


def drafts(fake: FakeTelegram, user: int) -> list[str]:
    return [m["text"] for m in fake.bot_messages(user) if m["text"].startswith("Draft v")]


def version(draft: str) -> int:
    return int(draft.removeprefix("Draft v").split(" ", 1)[0].split("·")[0])


def run_users(users: list[User], fake: FakeTelegram, turns: int, within: float) -> None:
    threads = [
        threading.Thread(target=u.run, args=(fake, turns, within), daemon=True) for u in users
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(turns * within + 60)
    assert not any(thread.is_alive() for thread in threads), "users still waiting"


@pytest.fixture
def database_url() -> Iterator[str]:
    with fresh_schema() as url:
        yield url


def stored_history(deployed: Deployment, user: int) -> list[str]:
    rows = deployed.query(
        "SELECT content FROM chat_history WHERE user_id = %s AND role = 'user' ORDER BY id", user
    )
    return [str(content) for (content,) in rows]


def stored_versions(deployed: Deployment, user: int) -> list[int]:
    rows = deployed.query("SELECT version FROM posts WHERE user_id = %s ORDER BY id", user)
    return [int(v) for (v,) in rows]  # type: ignore[call-overload]


def counters(deployed: Deployment, user: int) -> tuple[int, int, int, int]:
    (row,) = deployed.query(
        "SELECT drafts_count, sessions_count,"
        " (SELECT COUNT(*) FROM posts WHERE user_id = u.id),"
        " (SELECT COUNT(*) FROM sessions WHERE user_id = u.id)"
        " FROM users u WHERE id = %s",
        user,
    )
    return tuple(int(v) for v in row)  # type: ignore[call-overload]


def test_three_workers_answer_every_burst_in_order_and_lose_nothing(
    fake: FakeTelegram, database_url: str, tmp_path: Path
) -> None:
    users = [User(user) for user in USERS]
    with deployment(fake, database_url, tmp_path) as deployed:
        run_users(users, fake, TURNS, REPLY_WITHIN)
        served = dict(deployed.proxy.served)
    logs = deployed.logs()  # after they stopped: shutting down is part of it

    for user in users:
        shown = drafts(fake, user.id)
        others = [
            m["text"][:120]
            for m in fake.bot_messages(user.id)
            if not m["text"].startswith("Draft v")
        ]
        assert user.unanswered == 0, f"user {user.id}: {len(shown)} drafts; also said: {others}"
        assert [version(d) for d in shown] == list(range(1, 2 * TURNS + 1)), user.id
        assert stored_history(deployed, user.id) == user.sent  # in the order they were sent
        assert stored_versions(deployed, user.id) == list(range(1, 2 * TURNS + 1))
        drafts_count, sessions_count, posts, sessions = counters(deployed, user.id)
        assert (drafts_count, sessions_count) == (posts, sessions) == (2 * TURNS, 1)
    assert len(served) == 3 and min(served.values()) >= len(USERS) * TURNS // 3 // 2, served
    assert fake.flood_waits == 0  # the workers pace the bot's messages together
    assert "Traceback" not in logs and "error while handling" not in logs


def test_the_draft_cap_holds_across_workers(
    fake: FakeTelegram, database_url: str, tmp_path: Path
) -> None:
    """The cap counts the drafts stored in the last hour, whichever worker wrote them: a user
    whose bursts go to all three workers gets exactly the cap, then "slow down"."""
    cap, user = 5, USERS[0]
    with deployment(fake, database_url, tmp_path, POSTMIND_DRAFTS_PER_HOUR=str(cap)) as deployed:
        fake.send_text(user, brief(user))
        fake.wait_for(lambda: fake.bot_messages(user), 30)
        for n in range(4):  # bursts of two, each answered before the next
            answers = len(fake.bot_messages(user)) + 2
            fake.send_text(user, FEEDBACK[2 * n])
            time.sleep(GAP)
            fake.send_text(user, FEEDBACK[2 * n + 1])
            fake.wait_for(lambda answers=answers: len(fake.bot_messages(user)) >= answers, 30)
    texts = [m["text"] for m in fake.bot_messages(user)]
    assert [version(t) for t in texts if t.startswith("Draft v")] == list(range(1, cap + 1))
    assert sum(t.startswith("Slow down") for t in texts) == 9 - cap
    assert stored_versions(deployed, user) == list(range(1, cap + 1))


@pytest.mark.long
@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_worker_stopped_mid_run_leaves_the_others_going_and_loses_nothing_shown(
    fake: FakeTelegram, database_url: str, tmp_path: Path, stop: signal.Signals
) -> None:
    """SIGKILL: the updates the worker had taken are gone with it (it had answered Telegram
    200, so they are not sent again; the users send again), and nothing else is. SIGTERM:
    the worker finishes what it took before it exits, so every message gets its draft."""
    users = [User(user) for user in USERS[:12]]
    turns, within = 8, 10.0
    with deployment(fake, database_url, tmp_path) as deployed:
        runner = threading.Thread(target=run_users, args=(users, fake, turns, within))
        runner.start()
        total = len(users) * 2 * turns
        assert wait_until(lambda: sum(len(drafts(fake, u.id)) for u in users) >= total // 3, 120)
        victim = deployed.workers[1]
        code = victim.stop(stop, timeout=60)
        shown_at_kill = {u.id: len(drafts(fake, u.id)) for u in users}
        runner.join(turns * within * 2 + 120)
        assert not runner.is_alive()
    logs = "\n".join(w.log for w in deployed.workers if w is not victim)

    for user in users:
        shown = drafts(fake, user.id)
        assert len(shown) > shown_at_kill[user.id], f"user {user.id} got nothing after the kill"
        versions = stored_versions(deployed, user.id)
        assert len(versions) == len(set(versions)), f"a version stored twice: {versions}"
        for draft in shown:  # every draft shown is stored, under the version it showed
            assert version(draft) in versions, (user.id, draft[:40])
        history = stored_history(deployed, user.id)
        assert is_subsequence(history, user.sent), (history, user.sent)
        drafts_count, _, posts, _ = counters(deployed, user.id)
        assert drafts_count == posts
    assert "Traceback" not in logs and "error while handling" not in logs
    lost = sum(user.unanswered for user in users)
    print(f"{stop.name}: {lost} of {len(users) * turns} bursts not answered in full")
    if stop is signal.SIGTERM:
        assert code == 0 and lost == 0
        assert "Traceback" not in victim.log


def is_subsequence(part: list[str], whole: list[str]) -> bool:
    """Whether `part` is `whole` with some items left out, the rest in their order."""
    items = iter(whole)
    return all(any(item == wanted for item in items) for wanted in part)
