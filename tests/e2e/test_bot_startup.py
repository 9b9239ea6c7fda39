"""`postmind bot` when the Bot API cannot be reached: the real bot in a subprocess, against a
closed loopback port, the fake Bot API answering 5xx, and a server that hangs up.

At start-up the bot tries three times (waiting 1 s, then 2 s) and then says so in one line
and exits 2. python-telegram-bot logs every failure with its whole chained traceback; below
DEBUG that is one line, at DEBUG the traceback is kept.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_telegram import ApiError, FakeTelegram
from tests.loopback import LoopbackServer

ATTEMPTS = 3
BACKOFF = 1 + 2  # seconds waited between the three attempts
MAX_LINES = 6  # a fresh database's two lines, a warning before each retry, the error line
REACH = "postmind: Cannot reach the Telegram Bot API at 127.0.0.1:"
ADVICE = "; check your network or TELEGRAM_API_BASE_URL."


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    with FakeTelegram() as server:
        yield server


class HangUp(BaseHTTPRequestHandler):
    """Reads a request and closes the connection without an answer."""

    server: HangUpServer

    def do_POST(self) -> None:
        with self.server.lock:
            self.server.requests += 1
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


class HangUpServer(LoopbackServer):
    def __init__(self) -> None:
        super().__init__(HangUp)
        self.lock = threading.Lock()
        self.requests = 0


@pytest.fixture
def hang_up() -> Iterator[HangUpServer]:
    server = HangUpServer()
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield server
    server.close()


def closed_port() -> int:
    with socket.socket() as probe:  # bound, never listening: connections are refused
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fails_at_start(bot: BotProcess) -> tuple[int, float, list[str]]:
    """Start the bot, wait for it to give up: exit status, seconds taken, lines logged."""
    began = time.monotonic()
    bot.start(wait_ready=False)
    assert bot.process is not None
    code = bot.process.wait(30)
    return code, time.monotonic() - began, bot.log.strip().splitlines()


def assert_one_clean_line(lines: list[str], port: int, cause: str) -> None:
    text = "\n".join(lines)
    assert "Traceback" not in text
    assert len(lines) <= MAX_LINES, text
    assert lines[-1].startswith(f"{REACH}{port}: "), text
    assert cause in lines[-1], text
    assert lines[-1].endswith(ADVICE), text


@pytest.mark.parametrize("level", ["INFO", "ERROR"])
def test_a_refused_connection_is_retried_with_backoff_then_one_line_and_exit_2(
    fake: FakeTelegram, db_url: str, tmp_path: Path, level: str
) -> None:
    port = closed_port()
    bot = BotProcess(
        fake, db_url, tmp_path,
        TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{port}/bot", POSTMIND_LOG_LEVEL=level,
    )  # fmt: skip

    code, took, lines = fails_at_start(bot)

    assert code == 2
    assert took >= BACKOFF
    assert_one_clean_line(lines, port, "All connection attempts failed")
    retries = [line for line in lines if "trying again" in line]
    if level == "INFO":
        assert [r.split("trying again")[1] for r in retries] == [
            " in 1 s (attempt 2 of 3)",
            " in 2 s (attempt 3 of 3)",
        ]
    else:
        assert retries == [] and len(lines) == 1  # at ERROR: the error line alone


def test_a_bot_api_answering_5xx_is_asked_three_times_then_one_line(
    fake: FakeTelegram, db_url: str, tmp_path: Path
) -> None:
    fake.fail_next("getMe", *[ApiError(502, "Bad Gateway")] * 5)
    bot = BotProcess(fake, db_url, tmp_path)

    code, took, lines = fails_at_start(bot)

    assert code == 2
    assert len(fake.calls_of("getMe")) == ATTEMPTS
    assert took >= BACKOFF
    assert_one_clean_line(lines, fake.port, "Bad Gateway")


def test_a_server_that_hangs_up_is_asked_three_times_then_one_line(
    hang_up: HangUpServer, fake: FakeTelegram, db_url: str, tmp_path: Path
) -> None:
    port = hang_up.server_address[1]
    bot = BotProcess(fake, db_url, tmp_path, TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{port}/bot")

    code, took, lines = fails_at_start(bot)

    assert code == 2
    assert hang_up.requests == ATTEMPTS
    assert took >= BACKOFF
    assert_one_clean_line(lines, int(port), "disconnected")


def test_a_rejected_token_is_not_retried(db_url: str, tmp_path: Path) -> None:
    with FakeTelegram(valid_tokens={"1:another-bots-token"}) as fake:
        code, took, lines = fails_at_start(BotProcess(fake, db_url, tmp_path))
        asked = len(fake.calls_of("getMe"))

    assert code == 2
    assert asked == 1
    assert took < BACKOFF
    assert "Traceback" not in "\n".join(lines)
    assert lines[-1] == "postmind: Telegram does not accept TELEGRAM_BOT_TOKEN: check it."
    assert not any("trying again" in line for line in lines)


def test_the_bot_starts_when_the_bot_api_answers_at_the_third_attempt(
    fake: FakeTelegram, db_url: str, tmp_path: Path
) -> None:
    fake.fail_next("getMe", ApiError(500, "Internal Server Error"), ApiError(502, "Bad Gateway"))
    bot = BotProcess(fake, db_url, tmp_path).start()  # waits for setMyCommands and getUpdates

    assert bot.stop() == 0
    assert len(fake.calls_of("getMe")) == ATTEMPTS
    assert "Traceback" not in bot.log
    assert bot.log.count("trying again") == 2


@pytest.mark.parametrize(("level", "traceback"), [("INFO", False), ("DEBUG", True)])
def test_a_failure_python_telegram_bot_logs_itself_is_one_line_unless_debugging(
    fake: FakeTelegram, db_url: str, tmp_path: Path, level: str, traceback: bool
) -> None:
    # deleteWebhook comes after getMe: PTB retries it and logs the last failure through its
    # own logger (telegram.ext), exception and all.
    fake.fail_next("deleteWebhook", *[ApiError(502, "Bad Gateway")] * 5)
    bot = BotProcess(fake, db_url, tmp_path, POSTMIND_LOG_LEVEL=level)

    code, _, lines = fails_at_start(bot)

    assert code == 2
    assert len(fake.calls_of("deleteWebhook")) == ATTEMPTS
    assert lines[-1] == f"{REACH}{fake.port}: Bad Gateway{ADVICE}"
    aborted = [line for line in lines if "Bootstrap delete Webhook" in line and "Abort" in line]
    assert len(aborted) == 1
    assert ("Traceback" in bot.log) is traceback
    if not traceback:
        assert aborted[0].endswith("Aborting. (NetworkError: Bad Gateway)"), aborted[0]


@pytest.mark.parametrize(("level", "traceback"), [("INFO", False), ("DEBUG", True)])
def test_a_polling_failure_is_one_warning_line_unless_debugging(
    fake: FakeTelegram, db_url: str, tmp_path: Path, level: str, traceback: bool
) -> None:
    fake.fail_next("getUpdates", ApiError(502, "Bad Gateway"))  # the first poll fails
    bot = BotProcess(fake, db_url, tmp_path, POSTMIND_LOG_LEVEL=level).start()
    try:
        fake.wait_for(lambda: len(fake.calls_of("getUpdates")) >= 2 or None)  # polling goes on
        fake.wait_for(lambda: "to fetch updates" in bot.log or None)
    finally:
        assert bot.stop() == 0

    warned = [line for line in bot.log.splitlines() if "to fetch updates" in line]
    assert len(warned) == 1
    assert "WARNING interfaces.telegram.app" in warned[0]
    assert warned[0].endswith("(Bad Gateway): trying again"), warned[0]
    assert "error while handling an update" not in bot.log  # no update to blame
    assert ("Traceback" in bot.log) is traceback
