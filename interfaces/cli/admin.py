"""Admin commands: users, sessions, backup, restore, verify, cleanup, export, forget, copy, migrate.

Each opens the container for the database named by --database-url (or the environment),
refuses to create one that is not there, and prints a rich table for people or, with
--json, stable JSON for scripts (keys documented in the README).

`app` holds them; `interfaces/cli/app.py` adds it to `postmind` without a name, so they stay
top-level commands (`postmind users`, not `postmind admin users`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TimeRemainingColumn,
)
from rich.table import Table
from typer.core import TyperCommand, TyperGroup, TyperOption

from application.maintenance import CleanupRequest
from application.requests import Export, Forget, Sessions
from domain.errors import ValidationError
from domain.text_metrics import TextMetrics
from infrastructure.config import Settings, load_settings
from infrastructure.container import Container
from infrastructure.persistence.url import parse_database_url
from interfaces.cli.durations import parse_older_than

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url", metavar="URL", help="Database URL; overrides POSTMIND_DATABASE_URL."
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
UserId = Annotated[int, typer.Option("--user", metavar="ID", help="The user's Telegram id.")]
Row = dict[str, Any]


def _untyped_flags(params: list[Any]) -> list[Any]:
    """`params` with no type shown beside a flag: typer's help prints one for every option
    ("--json <bool>", "--help <bool>"), though a flag takes no value."""
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""
    return params


class Command(TyperCommand):
    """A command whose help shows flags without a type (`@app.command(cls=Command)`)."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _untyped_flags(super().get_params(ctx))


class Group(TyperGroup):
    """The command group whose help shows flags without a type (`typer.Typer(cls=Group)`)."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _untyped_flags(super().get_params(ctx))


app = typer.Typer(cls=Group)
console = Console(highlight=False)
BRIEF_WIDTH = 60  # characters of a brief in a table; a longer one is cut and ends with "…"


def settings_for(database_url: str | None) -> Settings:
    """The settings with --database-url on top; a URL it cannot use is blamed on the option,
    not on the environment variable it overrides."""
    if database_url is not None:
        parse_database_url(database_url, setting="--database-url")
    return load_settings(database_url=database_url)


@contextmanager
def opened(database_url: str | None, *, must_exist: bool = True) -> Iterator[Container]:
    container = Container(settings=settings_for(database_url))
    try:
        if must_exist:
            container.storage().require()
        yield container
    finally:
        container.shutdown_resources()


def print_json(data: Any) -> None:
    """Indented JSON on stdout, uncoloured: rich's highlighter took seconds and 150 MB more
    on the 100k ratings of everyone's stats. Times are ISO 8601 (`2026-12-06T16:21:13+00:00`)."""
    sys.stdout.write(json.dumps(data, indent=2, default=_json_value, ensure_ascii=False) + "\n")


def _json_value(value: Any) -> Any:
    """What JSON cannot say itself: times in ISO 8601, anything else (paths) as text."""
    return value.isoformat() if isinstance(value, dt.date | dt.time) else str(value)


@app.command(cls=Command)
def users(as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Every user, with their totals."""
    with opened(database_url) as container:
        found = container.list_users()()
    rows = [
        {
            "user_id": u.id,
            "username": u.username,
            "first_name": u.first_name,
            "sessions": u.sessions_count,
            "posts": u.drafts_count,
            "approved_posts": u.approved_count,
            "created_at": u.created_at.isoformat(),
            "last_active_at": u.last_active_at.isoformat(),
        }
        for u in found
    ]
    _print_rows(
        rows,
        as_json,
        ("user", "username", "name", "sessions", "drafts", "approved", "last active"),
        lambda r: (r["user_id"], r["username"], r["first_name"], r["sessions"], r["posts"],
                   r["approved_posts"], r["last_active_at"][:16]),
    )  # fmt: skip


@app.command(cls=Command)
def sessions(
    user: UserId,
    limit: Annotated[int, typer.Option(metavar="N", help="How many, newest first.")] = 20,
    as_json: Json = False,
    database_url: DatabaseUrl = None,
) -> None:
    """A user's sessions, newest first."""
    with opened(database_url) as container:
        views = container.bus().handle(Sessions(user, limit))
    rows = [
        {
            "session_id": v.session_id,
            "brief": v.brief,
            "status": v.status.value,
            "started_at": v.started_at.isoformat(),
            "ended_at": v.ended_at.isoformat() if v.ended_at else None,
            "turns": v.turn_count,
            "versions": v.versions,
            "latest_post_id": v.latest.post_id if v.latest else None,
            "latest_status": v.latest.status.value if v.latest else None,
            "latest_measured": _plain_metrics(v.latest.measured) if v.latest else None,
            "latest_misses": list(v.latest.misses) if v.latest else None,
            "latest_attempts": v.latest.attempts if v.latest else None,
        }
        for v in views
    ]
    _print_rows(
        rows,
        as_json,
        ("session", "started", "status", "versions", "brief"),
        lambda r: (r["session_id"], r["started_at"][:16], r["status"], r["versions"],
                   cut(r["brief"] or "", BRIEF_WIDTH)),
    )  # fmt: skip


@app.command(cls=Command)
def backup(
    destination: Annotated[Path, typer.Argument(metavar="DEST", help="File or directory.")],
    database_url: DatabaseUrl = None,
    as_json: Json = False,
) -> None:
    """A consistent copy, taken while the bot writes, checked, readable only by you."""
    with opened(database_url) as container, _progress("backup", not as_json) as progress:
        report = container.storage().backup(str(destination), progress)
    _print_report(
        as_json,
        asdict(report),
        f"Backed up to {report.path} ({report.size_bytes:,} bytes, schema version"
        f" {report.schema_version}), verified: {_counts(report.row_counts)}",
    )


@app.command(cls=Command)
def restore(
    source: Annotated[Path, typer.Argument(metavar="SRC", help="A postmind backup file.")],
    database_url: DatabaseUrl = None,
    as_json: Json = False,
) -> None:
    """Replace the database with a backup (checked first; the replaced one is kept)."""
    with opened(database_url, must_exist=False) as container:
        report = container.storage().restore(str(source))
    kept = f"; the replaced database is kept at {report.safety_copy}" if report.safety_copy else ""
    _print_report(
        as_json,
        asdict(report),
        f"Restored {report.source} (schema version {report.schema_version}):"
        f" {_counts(report.row_counts)}{kept}",
    )


@app.command(cls=Command)
def verify(as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Integrity, foreign keys, schema version and row counts; exit 1 if anything is wrong."""
    with opened(database_url) as container:
        report = container.storage().verify()
    if as_json:
        print_json({**asdict(report), "ok": report.ok, "problems": report.problems})
    else:
        console.print(
            f"integrity: {report.integrity}; foreign key problems: {report.foreign_key_problems};"
            f" schema version {report.schema_version} of {report.expected_version}"
        )
        console.print(f"rows: {_counts(report.row_counts)}")
        for problem in report.problems:
            console.print(f"problem: {problem}", style="bold red")
    if not report.ok:
        raise typer.Exit(1)


@app.command(cls=Command)
def cleanup(
    older_than: Annotated[
        str,
        typer.Option(
            "--older-than",
            metavar="AGE",
            help="How old history must be to go: 12h, 30d or 2w (hours, days, weeks), or a"
            " bare number of days; at least 1h, or 0 (everything) with --dry-run.",
        ),
    ],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report only.")] = False,
    as_json: Json = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Remove abandoned sessions and chat history older than --older-than."""
    retention = parse_older_than(older_than)
    with opened(database_url) as container:
        report = container.cleanup()(CleanupRequest(retention, dry_run))
    verb = "Would remove" if report.dry_run else "Removed"
    _print_report(
        as_json,
        asdict(report),
        f"{verb} {report.sessions_removed} abandoned session(s), {report.messages_removed}"
        f" message(s), {report.posts_removed} draft(s) and {report.feedback_removed} feedback"
        f" row(s) from before {report.cutoff:%Y-%m-%d %H:%M} UTC.",
    )


@app.command(cls=Command)
def export(
    user: UserId,
    out: Annotated[
        Path | None, typer.Option("--out", metavar="FILE", help="Write here (mode 0600).")
    ] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Everything stored about one user, as one JSON document (postmind-export v1)."""
    with opened(database_url) as container:
        data = container.bus().handle(Export(user))
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if out is None:
        print(text)  # noqa: T201 - the document is the output
        return
    with os.fdopen(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
        file.write(text + "\n")
    console.print(f"Exported user {user} to {out}")


@app.command(cls=Command)
def forget(
    user: UserId,
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: this cannot be undone.")] = False,
    as_json: Json = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Erase every row of a user, then prove it (their rows left: 0)."""
    if not yes:
        raise ValidationError(f"This erases everything of user {user}: add --yes to confirm.")
    with opened(database_url) as container:
        result = container.bus().handle(Forget(user))
    _print_report(
        as_json,
        asdict(result),
        f"Erased user {user} ({result.sessions_erased} session(s));"
        f" rows of theirs left: {result.rows_left}",
    )
    if result.rows_left:
        raise typer.Exit(1)


@app.command(cls=Command)
def copy(
    source: Annotated[
        str, typer.Option("--from", metavar="URL", help="Database URL to copy from.")
    ],
    target: Annotated[
        str, typer.Option("--to", metavar="URL", help="Empty database URL to copy into.")
    ],
    as_json: Json = False,
) -> None:
    """Move all data between databases (SQLite <-> PostgreSQL), checked table by table."""
    parse_database_url(source, setting="--from")  # an error names the option
    parse_database_url(target, setting="--to")
    container = Container(settings=load_settings())
    with _progress("copy", not as_json, in_bytes=False) as progress:
        report = container.copy_database()(source, target, progress)
    _print_report(
        as_json,
        asdict(report),
        f"Copied {report.source} to {report.target}: {_counts(report.row_counts)}"
        " (equal on both sides)",
    )


@app.command(cls=Command)
def migrate(as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Apply pending schema migrations (safe to run again)."""
    with opened(database_url) as container:
        report = container.storage().migrate()
    if as_json:
        print_json({**asdict(report), "from_version": report.from_version})
        return
    now = report.schema_version
    if not report.applied:
        console.print(f"The database is at schema version {now}, the latest: nothing to do.")
    elif report.from_version == 0:
        console.print(f"Created a new database at schema version {now}.")
    else:
        console.print(f"Migrated from schema version {report.from_version} to {now}:")
        for version, description in zip(report.applied, report.descriptions, strict=True):
            console.print(f"  {version}  {description}", highlight=False)


def _print_report(as_json: bool, data: Any, text: str) -> None:
    """`data` as JSON for scripts, or `text` as one sentence for people."""
    if as_json:
        print_json(data)
    else:
        console.print(text)


def _print_rows(
    rows: list[Row],
    as_json: bool,
    headers: Sequence[str],
    cells: Callable[[Row], Sequence[Any]],
) -> None:
    """`rows` as JSON for scripts, or a table for people: `cells` picks a row's columns, and a
    cell that is None stays empty."""
    if as_json:
        print_json(rows)
        return
    table = Table(*headers)
    for row in rows:
        table.add_row(*("" if cell is None else str(cell) for cell in cells(row)))
    console.print(table)


def _plain_metrics(metrics: TextMetrics | None) -> dict[str, Any] | None:
    """A measurement as JSON: words, emoji, hashtags, cta, formality."""
    return None if metrics is None else {**asdict(metrics), "formality": metrics.formality.value}


def cut(text: str, width: int) -> str:
    """`text` in at most `width` characters; a cut one ends with "…"."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _counts(counts: Any) -> str:
    return ", ".join(f"{table} {n:,}" for table, n in counts.items())


@contextmanager
def _progress(
    label: str, show: bool, *, in_bytes: bool = True
) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr, fed by the (done, total) callback it yields; drawn only when
    `show` and stderr is a terminal, and gone when the work is done."""
    stderr = Console(stderr=True)
    amount = DownloadColumn() if in_bytes else MofNCompleteColumn()
    bar = Progress(
        "[progress.description]{task.description}", BarColumn(), amount,
        TimeRemainingColumn(), console=stderr, disable=not (show and stderr.is_terminal),
        transient=True,
    )  # fmt: skip
    with bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)
