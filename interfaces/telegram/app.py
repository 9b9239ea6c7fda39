"""Building and running the Telegram bot: routing in one place, start-up and shutdown hooks.

Polling by default; webhook mode when a public URL is given (PTB's own web server checks
the secret token on every request and answers 403 when it is wrong).

Start-up reaches the Bot API a few times with backoff before giving up, so a network that
comes up a second after the bot does not need a restart, and one that stays down ends in
one line. python-telegram-bot logs each failure it meets through its own loggers
(`telegram.ext`, `telegram.ext.Updater`, ...) with the whole chained traceback, about 100
lines for one refused connection: below DEBUG those become one line each.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, Update
from telegram.error import InvalidToken, NetworkError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    Updater,
    filters,
)

from application.bus import Bus
from interfaces import wording
from interfaces.telegram.core import Core
from interfaces.telegram.handlers import Handlers
from interfaces.telegram.pacing import SharedPacing, TelegramPacing
from interfaces.telegram.updates import PerChatUpdateProcessor, SharedTurns

logger = logging.getLogger(__name__)

MAX_CONCURRENT_UPDATES = 256
DEFAULT_BASE_URL = "https://api.telegram.org/bot"  # PTB's, when TELEGRAM_API_BASE_URL is unset
START_RETRY_DELAYS = (1.0, 2.0)  # seconds before the 2nd and the 3rd attempt to reach the API


@dataclass(frozen=True, slots=True)
class Webhook:
    url: str  # the public URL Telegram posts to
    listen: str = "0.0.0.0"
    port: int = 8443
    secret_token: str | None = None  # generated when not given


class ServingUpdater(Updater):
    """An Updater that serves a webhook without registering it (or deleting it): one of
    several workers behind a load balancer, whose webhook one of them, or `postmind webhook
    set`, registered. PTB's Updater always sets the webhook as it starts; it does so in its
    `_bootstrap`, the one step left out here (tests/e2e/test_webhook_cli.py sees no
    setWebhook: it would tell if a new python-telegram-bot renamed the step)."""

    async def _bootstrap(self, *args: Any, **kwargs: Any) -> None:
        logger.info("serving the webhook as registered (not registering it)")


def build_application(
    token: str,
    bus: Bus,
    core: Core,
    *,
    allowed_users: frozenset[int] = frozenset(),
    base_url: str | None = None,
    turns: SharedTurns | None = None,
    pacing: SharedPacing | None = None,
    register_webhook: bool = True,
) -> Application:  # type: ignore[type-arg]
    """The bot, wired: access guard first, then commands, buttons and text.

    One of several processes serving the bot: with `turns` shared by all of them, each
    chat's updates are handled in order whichever process gets them; with `pacing` shared,
    they keep to Telegram's flood limits together. Without `register_webhook` it serves a
    webhook as registered.
    """
    builder = (
        ApplicationBuilder()
        .token(token)
        .concurrent_updates(PerChatUpdateProcessor(MAX_CONCURRENT_UPDATES, turns))
        .post_init(_register_commands)
        .rate_limiter(TelegramPacing(shared=pacing))  # within Telegram's flood limits
    )
    if base_url:
        builder = builder.base_url(base_url)
    application = builder.build()
    if not register_webhook:
        application.updater = ServingUpdater(application.bot, application.update_queue)
    handlers = Handlers(bus, core, allowed_users, alone=turns is None)
    application.add_handler(TypeHandler(Update, handlers.guard), group=-1)
    for name, _ in wording.BOT_COMMANDS:  # the menu Telegram shows is what is registered
        application.add_handler(CommandHandler(name, getattr(handlers, f"on_{name}")))
    application.add_handler(CallbackQueryHandler(handlers.on_button))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, handlers.on_text))
    application.add_handler(MessageHandler(filters.COMMAND, handlers.on_help))  # unknown ones
    application.add_error_handler(_on_polling_trouble)  # first: it may end the error's handling
    application.add_error_handler(handlers.on_error)
    return application


async def _on_polling_trouble(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A network failure while fetching updates (no update to blame) is one warning line:
    PTB goes on polling with backoff. Anything else goes on to the next error handler."""
    fetching = update is None and context.job is None and context.coroutine is None
    if fetching and isinstance(context.error, NetworkError):
        logger.warning(
            "Cannot reach the Telegram Bot API to fetch updates (%s): trying again",
            context.error,
            exc_info=context.error if logger.isEnabledFor(logging.DEBUG) else None,
        )
        raise ApplicationHandlerStop


async def _register_commands(application: Application) -> None:  # type: ignore[type-arg]
    await application.bot.set_my_commands([BotCommand(n, d) for n, d in wording.BOT_COMMANDS])
    # Everything made at start-up (modules, the container, the bot) lives as long as the
    # process: out of the collector's sight, a full collection scans only what updates
    # create. It took 70-80 ms before, stalling every chat (bench-bot's p99 at a human pace).
    gc.freeze()
    logger.info("bot @%s is up", application.bot.username)


def run(
    application: Application,  # type: ignore[type-arg]
    webhook: Webhook | None = None,
    *,
    retry_delays: tuple[float, ...] = START_RETRY_DELAYS,
) -> None:
    """Reach the Bot API, then serve until SIGINT/SIGTERM; PTB then finishes the updates in
    flight and shuts down. Raises NetworkError when the API stays unreachable."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)  # PTB runs the bot on the current loop, this one
    try:
        loop.run_until_complete(_reach(application, retry_delays))
    except BaseException:
        loop.close()
        asyncio.set_event_loop(None)
        raise
    # Initialized: PTB's own bootstrap skips that step, and retries only deleteWebhook or
    # setWebhook, as often as _reach tried.
    retries = len(retry_delays)
    if webhook is None:
        application.run_polling(allowed_updates=Update.ALL_TYPES, bootstrap_retries=retries)
        return
    secret = webhook.secret_token or secrets.token_urlsafe(32)
    application.run_webhook(
        listen=webhook.listen,
        port=webhook.port,
        url_path="telegram",
        webhook_url=webhook.url,
        secret_token=secret,
        allowed_updates=Update.ALL_TYPES,
        bootstrap_retries=retries,
    )


async def _reach(application: Application, delays: tuple[float, ...]) -> None:  # type: ignore[type-arg]
    """Initialize the bot (its getMe is the first call to the API), trying again after each
    of `delays` while the network fails; a rejected token fails at once."""
    attempts = len(delays) + 1
    for attempt, delay in enumerate((*delays, None), start=1):
        try:
            await application.initialize()
            return
        except (InvalidToken, NetworkError) as exc:  # NetworkError: TimedOut included
            if isinstance(exc, InvalidToken) or delay is None:
                await application.bot.shutdown()  # the HTTP clients PTB opened for getMe
                raise
            logger.warning(
                "The Telegram Bot API did not answer (%s): trying again in %g s (attempt %d of %d)",
                exc, delay, attempt + 1, attempts,
                exc_info=logger.isEnabledFor(logging.DEBUG),
            )  # fmt: skip
        await asyncio.sleep(delay)


def api_host(base_url: str | None) -> str:
    """Where the Bot API is, for messages: the host (and port) of the base URL, without the
    token PTB appends to it or any credentials."""
    parts = urlsplit(base_url or DEFAULT_BASE_URL)
    try:
        port = parts.port
    except ValueError:  # not a number: the URL as given says it best
        port = None
    host = parts.hostname or base_url or DEFAULT_BASE_URL
    return f"{host}:{port}" if port else host


class OneLineLibraryErrors(logging.Filter):
    """python-telegram-bot's records with an exception, as one line: the message and the
    exception's own words, without the traceback (three chained ones for a refused
    connection: httpcore's, httpx's, then PTB's)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.partition(".")[0] == "telegram" and record.exc_info:
            error = record.exc_info[1]
            if error is not None:
                record.msg = f"{record.getMessage()} ({type(error).__name__}: {error})"
                record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


def quiet_library_tracebacks(level: int) -> None:
    """Unless the log level is DEBUG, python-telegram-bot's exceptions reach the log as one
    line each (every handler of the root logger filters them: call after setting them up)."""
    if level <= logging.DEBUG:
        return
    for handler in logging.getLogger().handlers:
        handler.addFilter(OneLineLibraryErrors())
