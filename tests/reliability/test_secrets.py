"""The bot at DEBUG through its failure paths: the token never reaches logs, stderr or exports."""

from __future__ import annotations

import re
import socket
from pathlib import Path

from tests.e2e.bot_process import TOKEN, BotProcess
from tests.e2e.fake_telegram import ApiError, FakeTelegram

ANN = 701
BRIEF = "Our bakery opens a second shop on Main Street next Saturday"
SECRET = TOKEN.split(":", 1)[1]
TOKEN_SHAPED = re.compile(r"bot\d+:[A-Za-z0-9_-]{4,}")


def leaks(text: str) -> list[str]:
    found = [m.group() for m in TOKEN_SHAPED.finditer(text)]
    return found + ([TOKEN] if TOKEN in text else []) + ([SECRET] if SECRET in text else [])


def exited(bot: BotProcess) -> int:
    assert bot.process is not None
    return bot.process.wait(30)


def test_an_invalid_token_is_a_clear_error_and_never_logged(tmp_path: Path) -> None:
    with FakeTelegram(valid_tokens={"1:another-bots-token"}) as fake:
        bot = BotProcess(
            fake, f"sqlite:///{tmp_path / 'p.db'}", tmp_path, POSTMIND_LOG_LEVEL="DEBUG"
        )
        bot.start(wait_ready=False)
        code = exited(bot)

    assert code != 0
    assert "does not accept TELEGRAM_BOT_TOKEN" in bot.log
    assert "DEBUG" in bot.log  # it really ran at DEBUG
    assert leaks(bot.log) == []


def test_an_unreachable_bot_api_is_a_clear_error_and_the_token_is_never_logged(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    bot = BotProcess(
        fake, f"sqlite:///{tmp_path / 'p.db'}", tmp_path,
        POSTMIND_LOG_LEVEL="DEBUG", TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{port}/bot",
    )  # fmt: skip
    bot.start(wait_ready=False)
    code = exited(bot)

    assert code != 0
    assert "Cannot reach the Telegram Bot API" in bot.log
    assert leaks(bot.log) == []


def test_the_error_handler_path_and_exports_never_show_the_token(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    bot = BotProcess(fake, f"sqlite:///{tmp_path / 'p.db'}", tmp_path, POSTMIND_LOG_LEVEL="DEBUG")
    bot.start()
    try:
        failure = ApiError(500, f"Internal Server Error at /bot{TOKEN}/sendMessage")
        fake.fail_next("sendMessage", failure, failure)  # the draft, then the apology
        fake.send_text(ANN, BRIEF)
        fake.wait_for(lambda: "error while handling an update" in bot.log or None, timeout=15)
        fake.send_text(ANN, "/export")
        documents = fake.wait_for(lambda: fake.documents(ANN) or None, timeout=15)
    finally:
        bot.stop()

    assert "Traceback" in bot.log  # the error handler logged the whole failure
    assert leaks(bot.log) == []
    assert all(leaks(content.decode(errors="replace")) == [] for _, content in documents)
