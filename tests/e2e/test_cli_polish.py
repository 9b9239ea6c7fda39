"""The `postmind` command line as a person and a script meet it: --version, a help that names
the settings, `postmind config`, errors that blame what was given, JSON that scripts can
parse without guessing (numbers as numbers, times in ISO 8601), and tables that read well.

Every command runs as a real subprocess, on the databases of tests/e2e/test_admin_cli.py.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from tests.e2e import test_admin_cli
from tests.e2e.conftest import clean_env, postmind
from tests.e2e.test_admin_cli import ANN, as_json, ok, refused, run, run_all, talk, url

LONG_BRIEF = (
    "Our bakery opens a second shop on Main Street next Saturday with free coffee for the"
    " first hundred guests and a ribbon cutting at noon"
)
DESIGN_VARIABLES = (
    "POSTMIND_DATABASE_URL", "POSTMIND_GENERATOR", "OPENAI_API_KEY", "OPENAI_BASE_URL",
    "POSTMIND_MODEL", "TELEGRAM_BOT_TOKEN", "TELEGRAM_API_BASE_URL", "POSTMIND_ALLOWED_USERS",
    "POSTMIND_LOG_LEVEL", "POSTMIND_WEBHOOK_SECRET",
)  # fmt: skip
COMMANDS = (
    "chat", "sample", "stats", "config", "bot", "users", "sessions", "backup", "restore", "verify",
    "cleanup", "export", "forget", "copy", "migrate",
)  # fmt: skip
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")  # what looks like a time, any form
ISO_8601 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


populated = test_admin_cli.populated  # its fixture: three users' conversations, built once


@pytest.fixture(scope="module")
def lone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One user, one approved post from a brief longer than a table shows."""
    directory = tmp_path_factory.mktemp("lone")
    db = directory / "postmind.db"
    talk(db, {ANN: [LONG_BRIEF, ":approve"]}, directory)
    return db


def unboxed(text: str) -> str:
    """Help text without rich's box drawing, spaces collapsed."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def strings(data: Any) -> list[str]:
    """Every string value anywhere in a JSON document."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in strings(value)]
    return []


# --- version and help ------------------------------------------------------------------------


def test_version_prints_the_installed_version(tmp_path: Path) -> None:
    result = ok(run("--version", cwd=tmp_path))

    assert result.stdout == f"postmind {metadata.version('postmind')}\n"


def test_help_names_the_database_option_and_every_environment_variable(tmp_path: Path) -> None:
    shown = unboxed(ok(run("--help", cwd=tmp_path)).stdout)

    assert "--database-url URL" in shown
    assert "--version" in shown
    assert "postmind config" in shown
    missing = [name for name in DESIGN_VARIABLES if name not in shown]
    assert missing == []


def test_help_shows_flags_without_a_type(tmp_path: Path) -> None:
    helps = run_all(("--help",), *[(command, "--help") for command in COMMANDS], cwd=tmp_path)

    for result in helps:
        assert "<bool>" not in ok(result).stdout, result.args
    stats = unboxed(helps[1 + COMMANDS.index("stats")].stdout)
    assert "--json One JSON object, for scripts." in stats
    assert "--user ID One user's stats" in stats
    assert "--help Show this message and exit." in stats


# --- postmind config -------------------------------------------------------------------------


def test_config_shows_the_settings_in_effect_with_secrets_hidden(tmp_path: Path) -> None:
    env = clean_env(
        OPENAI_API_KEY="sk-secret-key-123",
        TELEGRAM_BOT_TOKEN="4242:secret-bot-token",
        POSTMIND_DATABASE_URL="postgresql://ann:secret-pw@db.host:5432/postmind",
        POSTMIND_CONTEXT_TOKENS="2000",
    )
    url_given = ("--database-url", "sqlite:///given.db")

    as_table, as_object, overridden = (
        ok(postmind("config", *args, database_url="", cwd=tmp_path, env=env))
        for args in ((), ("--json",), (*url_given, "--json"))
    )

    for result in (as_table, as_object, overridden):
        assert "secret" not in result.stdout + result.stderr
    settings = json.loads(as_object.stdout)
    assert settings["POSTMIND_DATABASE_URL"] == "postgresql://ann:<hidden>@db.host:5432/postmind"
    assert settings["OPENAI_API_KEY"] == "<hidden>"
    assert settings["TELEGRAM_BOT_TOKEN"] == "<hidden>"
    assert settings["POSTMIND_GENERATOR"] == "openai"  # the default with a key
    assert settings["POSTMIND_CONTEXT_TOKENS"] == 2000
    assert settings["POSTMIND_MODEL"] == "gpt-4o-mini"
    assert settings["TELEGRAM_API_BASE_URL"] is None
    assert json.loads(overridden.stdout)["POSTMIND_DATABASE_URL"] == "sqlite:///given.db"
    rows = {
        line.split("│")[1].strip(): line for line in as_table.stdout.splitlines() if "│" in line
    }
    assert "environment" in rows["POSTMIND_CONTEXT_TOKENS"]
    assert "default" in rows["POSTMIND_MODEL"]
    assert not list(tmp_path.iterdir())  # it opened no database


# --- errors blame what was given -------------------------------------------------------------


def test_an_unknown_scheme_blames_the_option_that_gave_it(tmp_path: Path) -> None:
    by_option, by_copy = run_all(
        ("stats", "--database-url", "mysql://x"),
        ("copy", "--from", "mysql://x", "--to", "memory://"),
        cwd=tmp_path,
    )
    by_variable = postmind("stats", database_url="mysql://x", cwd=tmp_path)

    assert "'mysql' in --database-url:" in refused(by_option)
    assert "POSTMIND_DATABASE_URL" not in by_option.stderr
    assert "'mysql' in --from:" in refused(by_copy)
    assert "'mysql' in POSTMIND_DATABASE_URL:" in refused(by_variable)
    assert by_option.returncode == by_copy.returncode == by_variable.returncode == 2


# --- JSON for scripts ------------------------------------------------------------------------


def test_stats_json_style_history_holds_numbers(populated: Path, tmp_path: Path) -> None:
    stats = as_json(run("stats", "--user", str(ANN), "--json", "--database-url", url(populated),
                        cwd=tmp_path))  # fmt: skip

    history = stats["style_history"]
    assert set(history) == {"length", "formality", "emoji", "hashtags", "cta"}
    for key in ("length", "emoji", "hashtags"):
        assert all(type(history[key][end]) is int for end in ("first", "latest")), history[key]
    assert history["length"]["first"] > 0
    assert {history["formality"]["first"], history["formality"]["latest"]} <= {-1.0, 0.0, 1.0}
    assert all(type(history["cta"][end]) is bool for end in ("first", "latest"))


def test_every_time_in_json_output_is_iso_8601(populated: Path, tmp_path: Path) -> None:
    target = ("--database-url", url(populated))
    results = run_all(
        ("users", "--json", *target),
        ("sessions", "--user", str(ANN), "--json", *target),
        ("export", "--user", str(ANN), *target),
        ("cleanup", "--older-than", "0", "--dry-run", "--json", *target),
        ("stats", "--user", str(ANN), "--json", *target),
        ("verify", "--json", *target),
        cwd=tmp_path,
    )

    times = {" ".join(r.args[1:2]): [s for s in strings(as_json(r)) if TIMESTAMP.match(s)]
             for r in results}  # fmt: skip
    assert all(times[command] for command in ("users", "sessions", "export", "cleanup")), times
    for command, found in times.items():
        for text in found:
            assert ISO_8601.fullmatch(text), f"{command}: {text!r}"
            assert datetime.fromisoformat(text).utcoffset() is not None


# --- tables and sentences --------------------------------------------------------------------


def test_a_brief_cut_in_the_sessions_table_ends_with_an_ellipsis(
    lone: Path, tmp_path: Path
) -> None:
    result = postmind(
        "sessions", "--user", str(ANN), database_url=url(lone), cwd=tmp_path,
        env=clean_env(POSTMIND_DATABASE_URL=url(lone), COLUMNS="200"),
    )  # fmt: skip

    row = next(line for line in ok(result).stdout.splitlines() if "Our bakery" in line)
    brief = row.split("│")[-2].strip()
    assert brief.endswith("…"), row
    assert len(brief) <= 60
    assert LONG_BRIEF.startswith(brief[:-1])


def test_stats_of_everyone_counts_users_in_proper_english(
    lone: Path, populated: Path, tmp_path: Path
) -> None:
    one, three = run_all(
        ("stats", "--database-url", url(lone)), ("stats", "--database-url", url(populated)),
        cwd=tmp_path,
    )  # fmt: skip

    assert ok(one).stdout.splitlines()[0] == "postmind stats for 1 user"
    assert ok(three).stdout.splitlines()[0] == "postmind stats for all 3 users"
