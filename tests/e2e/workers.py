"""Several `postmind bot` webhook workers on one PostgreSQL database, behind a round-robin
proxy, with the fake Bot API delivering updates to the proxy: a scaled-out deployment on
loopback, as README "Scaling out" describes it, for tests and benchmarks.

The webhook is registered once, by `postmind webhook set`; every worker starts with
`--no-register-webhook` and the shared secret.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg2

from tests.e2e.bot_process import TOKEN, BotProcess
from tests.e2e.conftest import POSTMIND, clean_env
from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.round_robin import RoundRobinProxy

SECRET = "the-workers-shared-secret"
READY_WITHIN = 60.0


@dataclass
class Deployment:
    fake: FakeTelegram
    proxy: RoundRobinProxy
    workers: list[BotProcess]
    database_url: str

    def query(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        """The rows of `sql` on the deployment's database."""
        with psycopg2.connect(self.database_url) as db, db.cursor() as cursor:
            cursor.execute(sql, args)
            rows = cursor.fetchall()
        db.close()
        return rows

    def logs(self) -> str:
        return "\n".join(worker.log for worker in self.workers)


@contextmanager
def deployment(
    fake: FakeTelegram, database_url: str, workdir: Path, workers: int = 3, **env: str
) -> Iterator[Deployment]:
    """`workers` bot processes serving the fake's webhook through a proxy, ready for updates;
    stopped with SIGTERM on the way out (each must exit 0)."""
    ports = [free_port() for _ in range(workers)]
    with RoundRobinProxy([f"http://127.0.0.1:{port}" for port in ports]) as proxy:
        hook = f"{proxy.url}/telegram"
        started = len(fake.calls_of("setMyCommands"))
        bots = [
            BotProcess(
                fake, database_url, workdir,
                "--webhook-url", hook, "--listen", "127.0.0.1", "--port", str(port),
                "--no-register-webhook",
                POSTMIND_WEBHOOK_SECRET=SECRET, **env,
            ).start(wait_ready=False)
            for port in ports
        ]  # fmt: skip
        try:
            fake.wait_for(
                lambda: len(fake.calls_of("setMyCommands")) >= started + workers, READY_WITHIN
            )
            for port in ports:
                fake.wait_for(lambda port=port: listening(port), READY_WITHIN)  # type: ignore[misc]
            register(fake, hook)
            yield Deployment(fake, proxy, bots, database_url)
        finally:
            codes = [bot.stop(signal.SIGTERM, timeout=60) for bot in bots]
        killed = -signal.SIGKILL
        assert all(code in (0, killed) for code in codes), f"exit codes {codes}"


def register(fake: FakeTelegram, url: str) -> None:
    """`postmind webhook set URL`, as an operator runs it once for all workers."""
    done = subprocess.run(
        [str(POSTMIND), "webhook", "set", url],
        capture_output=True,
        text=True,
        timeout=60,
        env=clean_env(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_BASE_URL=fake.base_url,
            POSTMIND_WEBHOOK_SECRET=SECRET,
        ),
    )
    assert done.returncode == 0, done.stderr


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(predicate: Callable[[], object], timeout: float, step: float = 0.02) -> bool:
    """Whether `predicate()` became true within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False
