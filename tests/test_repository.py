"""What a newcomer finds in the repository agrees with the code: the licence pyproject.toml
declares, an .env.example naming every variable postmind reads with its real default, a
.gitignore that keeps secrets, databases and exports out of git, and a systemd unit that
runs the `postmind bot` command that exists.

Each list is derived from the code (the settings class, the command line's options), so a
variable or a command added later without updating these files fails here.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import typer
from pydantic import AliasChoices, ValidationError

from infrastructure.config import Settings
from infrastructure.persistence.url import parse_database_url
from interfaces.cli.app import app
from interfaces.cli.chat import EXPORT_FILE

ROOT = Path(__file__).resolve().parents[1]
ENV_EXAMPLE = ROOT / ".env.example"
UNIT = ROOT / "deploy" / "postmind-bot.service"

# Phrases that identify a licence's standard text, by SPDX id; a licence not listed here
# fails the test until its phrases are added.
LICENSE_MARKERS = {
    "MIT": (
        "MIT License",
        "Permission is hereby granted, free of charge, to any person obtaining a copy",
        'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND',
    ),
    "Apache-2.0": ("Apache License", "Version 2.0, January 2004"),
    "BSD-3-Clause": ("Redistribution and use in source and binary forms", "Neither the name"),
}
COPYRIGHT = "Copyright (c) 2026 The postmind authors"

# `VAR=value` (set) or `# VAR=value` (commented out); prose comments never start with `VAR=`.
VARIABLE_LINE = re.compile(r"^(?:# )?([A-Z][A-Z0-9_]*)=(.*)$")


def _settings_variables() -> dict[str, str]:
    """Environment variable -> the Settings field it sets."""
    prefix = str(Settings.model_config.get("env_prefix") or "")
    variables = {}
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias or field.alias
        if isinstance(alias, AliasChoices):
            alias = next((choice for choice in alias.choices if isinstance(choice, str)), None)
        variable = alias if isinstance(alias, str) else prefix + name
        variables[variable.upper()] = name
    return variables


def _option_variables() -> dict[str, Any]:
    """Environment variable -> the command-line option that reads it (`envvar=`).

    Duck-typed: typer ships its own copy of click, so its classes are not click's.
    """
    found: dict[str, Any] = {}

    def walk(command: Any) -> None:
        for param in command.params:
            if param.param_type_name == "option" and param.envvar:
                names = [param.envvar] if isinstance(param.envvar, str) else param.envvar
                found.update((name.upper(), param) for name in names)
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(typer.main.get_command(app))
    return found


def _example_variables() -> list[tuple[str, str]]:
    """(name, value) of every variable line of .env.example, in file order."""
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    return [(m[1], m[2]) for m in map(VARIABLE_LINE.match, lines) if m]


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No variable postmind reads is set, so only the file under test speaks."""
    for name in {*_settings_variables(), *_option_variables()}:
        monkeypatch.delenv(name, raising=False)


def test_license_is_the_one_pyproject_declares() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["license"]
    spdx = declared["text"] if isinstance(declared, dict) else declared
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")

    assert spdx in LICENSE_MARKERS, f"no phrases known for licence {spdx!r}: add them here"
    missing = [phrase for phrase in LICENSE_MARKERS[spdx] if phrase not in text]
    assert not missing, f"LICENSE is not the standard {spdx} text: lacks {missing}"
    assert COPYRIGHT in text


def test_env_example_names_every_variable_postmind_reads_and_no_other() -> None:
    expected = {*_settings_variables(), *_option_variables()}
    names = [name for name, _ in _example_variables()]

    assert len(names) == len(set(names)), (
        f"named twice: {sorted(n for n in set(names) if names.count(n) > 1)}"
    )
    assert set(names) == expected, (
        f"missing from .env.example: {sorted(expected - set(names))}; "
        f"not read by postmind: {sorted(set(names) - expected)}"
    )


def test_each_variable_in_env_example_has_a_comment_giving_its_default() -> None:
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    undocumented = []
    for index, line in enumerate(lines):
        match = VARIABLE_LINE.match(line)
        if not match:
            continue
        comment = []
        for above in reversed(lines[:index]):
            if not above.startswith("#") or VARIABLE_LINE.match(above):
                break
            comment.append(above)
        if "default" not in " ".join(comment):
            undocumented.append(match[1])

    assert not undocumented, f"no comment giving the default above: {undocumented}"


def _is_default(name: str, value: str) -> bool:
    """Whether `name=value` gives postmind what leaving it unset gives ("" = unset)."""
    settings_variables, option_variables = _settings_variables(), _option_variables()
    if name in option_variables:
        default = option_variables[name].default
        return value == ("" if default is None else str(default))
    field = settings_variables[name]
    default = getattr(Settings(_env_file=None), field)  # type: ignore[call-arg]
    if value == "":
        return default in (None, "")
    try:
        return getattr(Settings(_env_file=None, **{name: value}), field) == default  # type: ignore[call-arg]
    except ValidationError:
        return False


@pytest.mark.usefixtures("clean_environment")
def test_each_value_in_env_example_is_the_default() -> None:
    known = {*_settings_variables(), *_option_variables()}  # the others: the test of names
    wrong = [
        f"{name}={value!r}"
        for name, value in _example_variables()
        if name in known and not _is_default(name, value)
    ]

    assert not wrong, f"not the default: {wrong}"


@pytest.mark.usefixtures("clean_environment")
def test_a_copy_of_env_example_as_dotenv_changes_no_setting() -> None:
    from_example = Settings(_env_file=ENV_EXAMPLE)  # type: ignore[call-arg]

    assert from_example.model_dump() == Settings(_env_file=None).model_dump()  # type: ignore[call-arg]


def _git_ignores(path: str) -> bool:
    result = subprocess.run(
        ["git", "-C", str(ROOT), "check-ignore", "--quiet", "--no-index", "--", path],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    return result.returncode == 0


@pytest.fixture(scope="module")
def git_checkout() -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")


@pytest.mark.usefixtures("git_checkout")
@pytest.mark.parametrize(
    "path",
    [
        ".env",
        "postmind.db",
        "postmind.db-wal",
        "postmind.db-shm",
        "postmind-20261127-051747.db",  # a backup
        "postmind.db.before-restore-20261127-051753",
        EXPORT_FILE.format(user_id=42),
    ],
)
def test_git_ignores_secrets_databases_and_exports(path: str) -> None:
    assert _git_ignores(path)


@pytest.mark.usefixtures("git_checkout")
@pytest.mark.parametrize(
    "path",
    [".env.example", "LICENSE", "deploy/postmind-bot.service", "tests/fixtures/postmind-v1.db"],
)
def test_git_keeps_the_files_a_newcomer_needs(path: str) -> None:
    assert not _git_ignores(path)


def _unit() -> dict[str, dict[str, list[str]]]:
    """The unit file's sections -> key -> values (a key may be given more than once)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for line in UNIT.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        assert current is not None, f"a setting before any section: {line}"
        key, sep, value = line.partition("=")
        assert sep and not value.endswith("\\"), f"not a single-line key=value: {line}"
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def _service(key: str) -> str:
    values = _unit()["Service"].get(key, [])
    assert len(values) == 1, f"[Service] {key}= given {len(values)} times"
    return values[0]


def test_systemd_unit_runs_the_bot_command_from_a_venv() -> None:
    executable, *args = shlex.split(_service("ExecStart"))
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]

    assert executable.startswith("/") and executable.endswith("/bin/postmind")
    assert args == ["bot"] and "bot" in commands


def test_systemd_unit_runs_as_a_dedicated_user_and_restarts_on_failure() -> None:
    unit = _unit()

    assert _service("User") not in ("", "root", "0")
    assert _service("EnvironmentFile").startswith("/")
    assert _service("Restart") == "on-failure"
    assert unit["Install"]["WantedBy"] == ["multi-user.target"]


def test_systemd_unit_may_write_only_the_database_directory() -> None:
    assignments = dict(
        item.split("=", 1) for item in shlex.split(" ".join(_unit()["Service"]["Environment"]))
    )
    database = parse_database_url(assignments["POSTMIND_DATABASE_URL"])
    writable = [Path(p.lstrip("-")) for p in shlex.split(_service("ReadWritePaths"))]

    assert database.kind == "sqlite" and database.path is not None
    assert database.path.is_absolute() and database.path.parent in writable
    assert _service("ProtectSystem") == "strict"
    assert _service("NoNewPrivileges") == "yes"
    assert _service("UMask") == "0077"


def test_systemd_analyze_verifies_the_unit(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    postmind = Path(sys.executable).with_name("postmind")
    if analyze is None or not postmind.exists():
        pytest.skip("needs systemd-analyze and the installed postmind console script")
    # verify checks that ExecStart's program exists: point it at this checkout's.
    executable = shlex.split(_service("ExecStart"))[0]
    unit = tmp_path / UNIT.name
    unit.write_text(UNIT.read_text(encoding="utf-8").replace(executable, str(postmind)))

    result = subprocess.run(
        [analyze, "verify", "--man=no", str(unit)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    warnings = [line for line in result.stderr.splitlines() if UNIT.name in line]
    assert result.returncode == 0 and not warnings, result.stderr
