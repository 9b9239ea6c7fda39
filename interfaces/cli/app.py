"""The `postmind` command line. Entry point: wiring happens here, and only here.

Every failure a user can cause or meet (bad configuration, an unreadable database) ends
as one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator
from typing import Annotated

import typer
from rich.console import Console

from application.requests import Stats
from domain.errors import PostmindError
from infrastructure.config import ConfigurationError, load_settings
from infrastructure.container import Container
from interfaces import presenting
from interfaces.cli import admin, render
from interfaces.cli.chat import TerminalChat
from interfaces.logs import configure as configure_logging
from interfaces.logs import redact_tokens
from interfaces.wording import phrase_admin

logger = logging.getLogger(__name__)

EXIT_ERROR = 2
DatabaseUrlOption = Annotated[
    str | None,
    typer.Option("--database-url", help="Database URL; overrides POSTMIND_DATABASE_URL."),
]

app = typer.Typer(
    help="postmind: drafts Facebook posts and remembers each user's style.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log to stderr.")] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


@app.command()
def chat(
    user_id: Annotated[
        int, typer.Option("--user-id", help="Who you are (a Telegram user id).")
    ] = 1,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Talk to postmind in the terminal (reads lines from standard input)."""
    container = _container(database_url)
    try:
        console = Console(highlight=False)
        TerminalChat(container.bus(), console, user_id).run(_lines(console))
    finally:
        container.shutdown_resources()


@app.command()
def stats(
    user: Annotated[
        int | None, typer.Option("--user", help="One user's stats; everyone's without it.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object, for scripts.")] = False,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Approval, satisfaction, complaints and style changes, for one user or everyone."""
    with admin.opened(database_url) as container:
        everyone = container.summary()
        analysis = everyone() if user is None else container.bus().handle(Stats(user))
    if as_json:
        admin.print_json(render.stats_json(user, analysis))
        return
    console = Console(highlight=False)
    title = f"user {user}" if user is not None else f"all {analysis.users} users"
    console.print(f"postmind stats for {title}", style="bold")
    for line in presenting.stats_lines(analysis):
        console.print(line, markup=False)


@app.command()
def bot(
    webhook_url: Annotated[
        str | None,
        typer.Option("--webhook-url", help="Public URL for webhook mode; polling without it."),
    ] = None,
    listen: Annotated[str, typer.Option(help="Webhook mode: address to listen on.")] = "0.0.0.0",
    port: Annotated[int, typer.Option(help="Webhook mode: port to listen on.")] = 8443,
    secret_token: Annotated[
        str | None,
        typer.Option(
            "--secret-token",
            envvar="POSTMIND_WEBHOOK_SECRET",
            help="Webhook mode: the secret Telegram must send (generated when not given).",
        ),
    ] = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Run the Telegram bot (TELEGRAM_BOT_TOKEN) until SIGINT/SIGTERM."""
    # Imported here: python-telegram-bot is only needed by this command.
    from telegram.error import InvalidToken, NetworkError

    from interfaces.telegram.app import Webhook, build_application
    from interfaces.telegram.app import run as run_bot
    from interfaces.telegram.core import Core

    settings = load_settings(database_url=database_url)
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    if not token.strip():
        raise ConfigurationError("TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather.")
    configure_logging(getattr(logging, settings.log_level), token, secret_token or "")
    container = Container(settings=settings)
    core = Core()
    try:
        application = build_application(
            token,
            container.bus(),
            core,
            allowed_users=settings.allowed_users,
            base_url=settings.telegram_api_base_url,
        )
        webhook = Webhook(webhook_url, listen, port, secret_token) if webhook_url else None
        run_bot(application, webhook)
    except InvalidToken:
        raise ConfigurationError("Telegram does not accept TELEGRAM_BOT_TOKEN: check it.") from None
    except NetworkError as exc:
        raise PostmindError(f"Cannot reach the Telegram Bot API: {exc}.") from None
    finally:
        core.shutdown()
        container.shutdown_resources()


def _container(database_url: str | None) -> Container:
    settings = load_settings(database_url=database_url)
    return Container(settings=settings)


def _lines(console: Console) -> Iterator[str]:
    """Standard input line by line, with a prompt when a person is typing."""
    if not sys.stdin.isatty():
        # A stray byte that is not UTF-8 must not end the conversation with a traceback.
        if isinstance(sys.stdin, io.TextIOWrapper):
            sys.stdin.reconfigure(errors="replace")
        yield from sys.stdin
        return
    while True:
        try:
            yield console.input("[bold cyan]› [/bold cyan]")
        except EOFError:
            return


# Without a name the admin commands join `postmind` at the top level: `postmind users`.
app.add_typer(admin.app)


def main() -> None:
    try:
        app()
    except PostmindError as exc:
        print(f"postmind: {redact_tokens(phrase_admin(exc))}", file=sys.stderr)  # noqa: T201
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug: say so in one line, keep the details in the log
        logger.info("unexpected error", exc_info=True)
        print(  # noqa: T201
            f"postmind: unexpected error ({type(exc).__name__}: {redact_tokens(str(exc))});"
            " run with -v for details",
            file=sys.stderr,
        )
        sys.exit(1)
