"""`postmind webhook set|delete|info`: the bot's webhook as Telegram has it, registered once
for every worker (which then start with `postmind bot --no-register-webhook`).

python-telegram-bot is imported inside the commands: only they need it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from domain.errors import PostmindError
from infrastructure.config import ConfigurationError, Settings, load_settings
from interfaces.cli import admin

if TYPE_CHECKING:
    from telegram import Bot

T = TypeVar("T")

app = typer.Typer(
    cls=admin.Group,
    help="The Telegram webhook: register it once for all bot workers, or see what Telegram has.",
    no_args_is_help=True,
)

SecretToken = Annotated[
    str | None,
    typer.Option(
        "--secret-token",
        metavar="SECRET",
        help="The secret Telegram sends with each update (else POSTMIND_WEBHOOK_SECRET).",
    ),
]
DropPending = Annotated[
    bool,
    typer.Option("--drop-pending-updates", help="Forget the updates Telegram has not delivered."),
]


@app.command("set", cls=admin.Command)
def set_webhook(
    url: Annotated[str, typer.Argument(metavar="URL", help="The public URL Telegram posts to.")],
    secret_token: SecretToken = None,
    max_connections: Annotated[
        int,
        typer.Option(
            min=1, max=100, metavar="N", help="Updates Telegram sends at once, at most (1-100)."
        ),
    ] = 40,
    drop_pending_updates: DropPending = False,
) -> None:
    """Register the webhook: Telegram posts every update to URL with the secret."""
    from telegram import Update

    settings = load_settings()
    secret = secret_token or _secret(settings)
    if not secret:
        raise ConfigurationError(
            "The webhook needs a secret the workers check: set POSTMIND_WEBHOOK_SECRET"
            " (or give --secret-token)."
        )
    _with_bot(
        settings,
        lambda bot: bot.set_webhook(
            url,
            secret_token=secret,
            max_connections=max_connections,
            allowed_updates=Update.ALL_TYPES,
            drop_pending_updates=drop_pending_updates,
        ),
    )
    print(f"Webhook set: Telegram posts updates to {url}.")  # noqa: T201


@app.command("delete", cls=admin.Command)
def delete_webhook(drop_pending_updates: DropPending = False) -> None:
    """Remove the webhook (the bot can then poll: `postmind bot` without --webhook-url)."""
    _with_bot(
        load_settings(),
        lambda bot: bot.delete_webhook(drop_pending_updates=drop_pending_updates),
    )
    print("Webhook deleted.")  # noqa: T201


@app.command("info", cls=admin.Command)
def webhook_info(as_json: admin.Json = False) -> None:
    """What Telegram has: the URL, the updates waiting, the last delivery error."""
    info = _with_bot(load_settings(), lambda bot: bot.get_webhook_info())
    data: dict[str, Any] = {
        "url": info.url or None,
        "pending_update_count": info.pending_update_count,
        "max_connections": info.max_connections,
        "last_error_date": info.last_error_date,
        "last_error_message": info.last_error_message,
        "allowed_updates": list(info.allowed_updates or ()),
    }
    if as_json:
        admin.print_json(data)
        return
    lines = [
        f"URL: {data['url'] or '(none: the bot polls)'}",
        f"Pending updates: {data['pending_update_count']}",
    ]
    if data["max_connections"]:
        lines.append(f"Max connections: {data['max_connections']}")
    if data["last_error_message"]:
        when = data["last_error_date"]
        lines.append(f"Last error: {data['last_error_message']} ({when:%Y-%m-%d %H:%M:%S %Z})")
    print("\n".join(lines))  # noqa: T201


def _secret(settings: Settings) -> str:
    secret = settings.webhook_secret
    return secret.get_secret_value().strip() if secret is not None else ""


def _with_bot(settings: Settings, call: Callable[[Bot], Awaitable[T]]) -> T:
    """`call`'s answer from the Bot API, with the configured token and base URL; every
    failure as one line (a ConfigurationError or PostmindError)."""
    from telegram import Bot

    from interfaces.telegram.app import DEFAULT_BASE_URL

    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    if not token.strip():
        raise ConfigurationError("TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather.")

    async def run() -> T:
        bot = Bot(token, base_url=settings.telegram_api_base_url or DEFAULT_BASE_URL)
        async with bot:
            return await call(bot)

    with telegram_failures(settings.telegram_api_base_url):
        return asyncio.run(run())


@contextlib.contextmanager
def telegram_failures(base_url: str | None) -> Iterator[None]:
    """What the Bot API refused, or that it could not be reached, as one line: a rejected
    token is a ConfigurationError, the rest PostmindErrors naming Telegram's reason."""
    from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError

    from interfaces.telegram.app import api_host

    try:
        yield
    except InvalidToken:
        raise ConfigurationError("Telegram does not accept TELEGRAM_BOT_TOKEN: check it.") from None
    except BadRequest as exc:  # a NetworkError to PTB, though the network worked
        raise PostmindError(f"Telegram refused: {exc}.") from None
    except NetworkError as exc:
        raise PostmindError(
            f"Cannot reach the Telegram Bot API at {api_host(base_url)}: {exc}; check your"
            " network or TELEGRAM_API_BASE_URL."
        ) from None
    except TelegramError as exc:
        raise PostmindError(f"Telegram refused: {exc}.") from None
