"""Running the real `postmind bot` in a subprocess against the fake Bot API server."""

from __future__ import annotations

import itertools
import signal
import subprocess
from pathlib import Path

from tests.e2e.conftest import POSTMIND, clean_env
from tests.e2e.fake_telegram import FakeTelegram

TOKEN = "4242:SECRET-test-token-AAAA"
_numbers = itertools.count(1)


class BotProcess:
    """`postmind bot` pointed at a FakeTelegram, with its stderr kept for inspection."""

    def __init__(
        self, fake: FakeTelegram, db_url: str, workdir: Path, *args: str, **env: str
    ) -> None:
        self._fake = fake
        self._log = workdir / f"bot-{next(_numbers)}.log"
        self._env = clean_env(
            **{
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_API_BASE_URL": fake.base_url,
                "POSTMIND_DATABASE_URL": db_url,
                "POSTMIND_GENERATOR": "offline",
                **env,
            }
        )
        self._args = args
        self._workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *, wait_ready: bool = True) -> BotProcess:
        calls_before = len(self._fake.calls)
        with self._log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(POSTMIND), "bot", *self._args],
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self._workdir,
                env=self._env,
            )
        if wait_ready:
            # Commands are registered in post_init; polling starts right after.
            self._fake.wait_for_call("setMyCommands", after=calls_before, timeout=30)
            self._fake.wait_for_call("getUpdates", after=calls_before, timeout=30)
        return self

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> int:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout)

    @property
    def log(self) -> str:
        return self._log.read_text(errors="replace") if self._log.exists() else ""
