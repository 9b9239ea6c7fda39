"""The `postmind` command line. Entry point: wiring happens here, and only here.

Every failure a user can cause or meet (bad configuration, an unreadable database) ends
as one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator
from importlib import metadata
from typing import Annotated

import typer
from rich.console import Console

from application.requests import Stats
from domain.errors import PostmindError
from infrastructure.config import ConfigurationError, load_settings, shown, variables
from infrastructure.container import Container
from infrastructure.generation.offline import OfflineGenerator
from interfaces import presenting
from interfaces.cli import admin, render, webhook
from interfaces.cli import sample as samples
from interfaces.cli.chat import TerminalChat
from interfaces.logs import configure as configure_logging
from interfaces.logs import redact_tokens
from interfaces.wording import phrase_admin

logger = logging.getLogger(__name__)

EXIT_ERROR = 2
EPILOG = (
    "Commands that use the database take --database-url URL, which overrides"
    " POSTMIND_DATABASE_URL (default sqlite:///postmind.db): sqlite:///relative.db,"
    " sqlite:////absolute/path.db, postgresql://user:password@host:port/db or memory://."
    "\n\nSettings come from the environment or a .env file in the working directory: "
    + ", ".join(variables())
    + "; and POSTMIND_WEBHOOK_SECRET for postmind bot. postmind config shows the ones in effect"
    " (secrets hidden)."
)

app = typer.Typer(
    cls=admin.Group,
    help="postmind: drafts Facebook posts and remembers each user's style.",
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(asked: bool) -> None:
    if asked:
        try:
            version = metadata.version("postmind")
        except metadata.PackageNotFoundError:  # run from a source tree that was not installed
            version = "(not installed)"
        print(f"postmind {version}")  # noqa: T201
        raise typer.Exit()


@app.callback()
def _root(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log to stderr.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


@app.command(cls=admin.Command)
def chat(
    user_id: Annotated[
        int, typer.Option("--user-id", metavar="ID", help="Who you are (a Telegram user id).")
    ] = 1,
    database_url: admin.DatabaseUrl = None,
) -> None:
    """Talk to postmind in the terminal (reads lines from standard input)."""
    container = _container(database_url)
    try:
        console = Console(highlight=False)
        TerminalChat(container.bus(), console, user_id).run(_lines(console))
    finally:
        container.shutdown_resources()


@app.command(cls=admin.Command)
def stats(
    user: Annotated[
        int | None,
        typer.Option("--user", metavar="ID", help="One user's stats; everyone's without it."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object, for scripts.")] = False,
    database_url: admin.DatabaseUrl = None,
) -> None:
    """Approval, satisfaction, complaints and style changes, for one user or everyone."""
    with admin.opened(database_url) as container:
        everyone = container.summary()
        analysis = everyone() if user is None else container.bus().handle(Stats(user))
    if as_json:
        admin.print_json(render.stats_json(user, analysis))
        return
    console = Console(highlight=False, soft_wrap=True)  # a line stays one line when piped
    title = f"user {user}" if user is not None else render.everyone(analysis.users)
    console.print(f"postmind stats for {title}", style="bold")
    for line in presenting.stats_lines(analysis):
        console.print(line, markup=False)


@app.command(cls=admin.Command)
def config(
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object, variable: value, for scripts.")
    ] = False,
    database_url: admin.DatabaseUrl = None,
) -> None:
    """The settings in effect (environment, .env, defaults), secrets hidden."""
    settings = load_settings(database_url=database_url)
    if as_json:
        admin.print_json({s.variable: s.value for s in shown(settings)})
        return
    flag = {"POSTMIND_DATABASE_URL": "--database-url"} if database_url is not None else {}
    Console(highlight=False, soft_wrap=True).print(render.settings_table(shown(settings), flag))


@app.command(cls=admin.Command)
def sample(
    briefs: Annotated[
        list[str] | None,
        typer.Argument(metavar="BRIEF", help="Briefs to draft; five varied ones without."),
    ] = None,
    variant: Annotated[
        int, typer.Option(metavar="N", help="Which wording: what :regenerate turns to (0, 1, ...).")
    ] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON list, for scripts.")] = False,
) -> None:
    """Offline drafts of a few briefs in three styles: how `postmind chat` writes with no key."""
    drafted = samples.samples(OfflineGenerator(), briefs or samples.BRIEFS, variant)
    if as_json:
        admin.print_json(samples.as_json(drafted))
        return
    print(samples.as_markdown(drafted))  # noqa: T201


@app.command(cls=admin.Command)
def bot(
    webhook_url: Annotated[
        str | None,
        typer.Option(
            "--webhook-url", metavar="URL", help="Public URL for webhook mode; polling without it."
        ),
    ] = None,
    listen: Annotated[
        str, typer.Option(metavar="ADDR", help="Webhook mode: address to listen on.")
    ] = "0.0.0.0",
    port: Annotated[int, typer.Option(metavar="N", help="Webhook mode: port to listen on.")] = 8443,
    secret_token: Annotated[
        str | None,
        typer.Option(
            "--secret-token",
            metavar="SECRET",
            help=(
                "Webhook mode: the secret Telegram must send (else POSTMIND_WEBHOOK_SECRET;"
                " generated when neither is given)."
            ),
        ),
    ] = None,
    register_webhook: Annotated[
        bool,
        typer.Option(
            "--register-webhook/--no-register-webhook",
            help=(
                "Webhook mode: register the webhook with Telegram at start. Workers behind a"
                " load balancer: register it once (`postmind webhook set`, or one worker) and"
                " start the others with --no-register-webhook and the same secret."
            ),
        ),
    ] = True,
    database_url: admin.DatabaseUrl = None,
) -> None:
    """Run the Telegram bot (TELEGRAM_BOT_TOKEN) until SIGINT/SIGTERM.

    Several workers: start each with the same --webhook-url, POSTMIND_WEBHOOK_SECRET and
    PostgreSQL database, each on its own --port (README, "Scaling out").
    """
    # Imported here: python-telegram-bot is only needed by this command.
    from interfaces.cli.webhook import telegram_failures
    from interfaces.telegram.app import Webhook, build_application, quiet_library_tracebacks
    from interfaces.telegram.app import run as run_bot
    from interfaces.telegram.core import Core
    from interfaces.telegram.pacing import SharedPacing
    from interfaces.telegram.updates import SharedTurns

    settings = admin.settings_for(database_url)
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    if not token.strip():
        raise ConfigurationError("TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather.")
    if secret_token is None and settings.webhook_secret is not None:
        secret_token = settings.webhook_secret.get_secret_value() or None  # from .env too
    if webhook_url and not register_webhook and not secret_token:
        raise ConfigurationError(
            "--no-register-webhook serves a webhook registered with a secret: give the same"
            " one (POSTMIND_WEBHOOK_SECRET or --secret-token)."
        )
    level = getattr(logging, settings.log_level)
    configure_logging(level, token, secret_token or "")
    quiet_library_tracebacks(level)
    container = Container(settings=settings)
    core = Core()
    turns, pacing = None, None
    try:
        # Webhook workers may be several: each chat's updates in order across them all,
        # and Telegram's flood limits kept by all of them together.
        shared = container.shared_turns() if webhook_url else None
        if shared is not None:
            turns, pacing = SharedTurns(shared), SharedPacing(container.send_pacing())
        application = build_application(
            token,
            container.bus(),
            core,
            allowed_users=settings.allowed_users,
            base_url=settings.telegram_api_base_url,
            turns=turns,
            pacing=pacing,
            register_webhook=register_webhook,
        )
        webhook = Webhook(webhook_url, listen, port, secret_token) if webhook_url else None
        with telegram_failures(settings.telegram_api_base_url):
            run_bot(application, webhook)
    finally:
        core.shutdown()
        for part in (turns, pacing):
            if part is not None:
                part.close()
        container.shutdown_resources()


def _container(database_url: str | None) -> Container:
    return Container(settings=admin.settings_for(database_url))


def _lines(console: Console) -> Iterator[str]:
    """Standard input line by line, with a prompt when a person is typing."""
    if not sys.stdin.isatty():
        # A byte that is not UTF-8 must not end the conversation with a traceback, nor
        # become U+FFFD in a post: it arrives escaped (a lone surrogate) and is refused,
        # naming the byte, by the rules of what a user may write (domain.user_text).
        if isinstance(sys.stdin, io.TextIOWrapper):
            sys.stdin.reconfigure(errors="surrogateescape")
        yield from sys.stdin
        return
    while True:
        try:
            yield console.input("[bold cyan]› [/bold cyan]")
        except EOFError:
            return


# Without a name the admin commands join `postmind` at the top level: `postmind users`.
app.add_typer(admin.app)
app.add_typer(webhook.app, name="webhook")


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
