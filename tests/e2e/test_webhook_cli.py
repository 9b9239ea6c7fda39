"""`postmind webhook set|delete|info`, and a worker that serves a webhook it does not register
(`postmind bot --no-register-webhook`), against the fake Bot API over loopback."""

from __future__ import annotations

import json
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.bot_process import TOKEN, BotProcess
from tests.e2e.conftest import POSTMIND, clean_env
from tests.e2e.fake_telegram import FakeTelegram, post_update

ANN = 4101
SECRET = "shared-secret-of-the-workers"
URL = "https://bot.example.org/telegram"


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    with FakeTelegram() as server:
        yield server


def webhook(
    fake: FakeTelegram, *args: str, secret: str | None = SECRET
) -> subprocess.CompletedProcess[str]:
    env = clean_env(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.base_url)
    if secret is not None:
        env["POSTMIND_WEBHOOK_SECRET"] = secret
    return subprocess.run(
        [str(POSTMIND), "webhook", *args], capture_output=True, text=True, timeout=60, env=env
    )


def test_set_info_and_delete_the_webhook(fake: FakeTelegram) -> None:
    done = webhook(fake, "set", URL, "--max-connections", "12")
    assert done.returncode == 0, done.stderr
    assert URL in done.stdout
    registered = fake.calls_of("setWebhook")[-1].params
    assert registered["url"] == URL
    assert registered["secret_token"] == SECRET
    assert registered["max_connections"] == 12
    assert "message" in registered["allowed_updates"]

    info = webhook(fake, "info", "--json")
    assert info.returncode == 0, info.stderr
    assert json.loads(info.stdout)["url"] == URL
    assert SECRET not in info.stdout + done.stdout + done.stderr

    assert webhook(fake, "delete").returncode == 0
    shown = webhook(fake, "info")
    assert "(none: the bot polls)" in shown.stdout


def test_set_without_a_secret_is_refused_in_one_line(fake: FakeTelegram) -> None:
    done = webhook(fake, "set", URL, secret=None)
    assert done.returncode == 2
    assert "POSTMIND_WEBHOOK_SECRET" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert fake.calls_of("setWebhook") == []


def test_a_refused_url_is_one_line_naming_telegrams_reason(fake: FakeTelegram) -> None:
    done = webhook(fake, "set", URL, "--secret-token", "no spaces allowed")
    assert done.returncode == 2
    assert "Telegram refused" in done.stderr and "secret token" in done.stderr.lower()
    assert "Traceback" not in done.stderr


def test_a_worker_serves_the_webhook_without_registering_it(
    fake: FakeTelegram, db_url: str, tmp_path: Path
) -> None:
    port = _free_port()
    bot = BotProcess(
        fake, db_url, tmp_path,
        "--webhook-url", URL, "--listen", "127.0.0.1", "--port", str(port),
        "--no-register-webhook",
        POSTMIND_WEBHOOK_SECRET=SECRET,
    )  # fmt: skip
    bot.start(wait_ready=False)
    try:
        served = f"http://127.0.0.1:{port}/telegram"
        update = fake.build_text_update(ANN, "Our bakery opens a second shop on Saturday")
        assert fake.wait_for(lambda: _posted(served, update, SECRET), timeout=30) == 200
        fake.wait_for(lambda: [m for m in fake.bot_messages(ANN) if "Draft v1" in m["text"]])
    finally:
        assert bot.stop() == 0  # SIGTERM: a clean exit
    methods = {call.method for call in fake.calls}
    assert "setWebhook" not in methods and "deleteWebhook" not in methods
    assert "not registering it" in bot.log


def test_a_worker_that_does_not_register_needs_the_shared_secret(
    fake: FakeTelegram, db_url: str, tmp_path: Path
) -> None:
    bot = BotProcess(fake, db_url, tmp_path, "--webhook-url", URL, "--no-register-webhook").start(
        wait_ready=False
    )
    assert bot.process is not None and bot.process.wait(30) == 2
    assert "POSTMIND_WEBHOOK_SECRET" in bot.log
    assert fake.calls == []


def _posted(url: str, update: dict[str, object], secret: str) -> int | None:
    try:
        return post_update(url, update, secret)
    except OSError:  # not listening yet
        return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
