"""What `postmind` says when --database-url names no database: the path it looked at, and
what is there instead (nothing, a directory, a file that is not a database), in one line
on stderr with exit status 2; nothing is created and nothing is changed."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.e2e.test_admin_cli import ANN, file_digest, ok, run, run_all, talk, url

EXIT_ERROR = 2


def said(results: Sequence[subprocess.CompletedProcess[str]]) -> set[tuple[int, str]]:
    """Each command's exit status and whole stderr, as a set: the same for every command."""
    return {(r.returncode, r.stderr) for r in results}


def on(database: Path, folder: Path) -> list[tuple[str, ...]]:
    """Every kind of command that opens the database at `database`."""
    target = ("--database-url", url(database))
    return [
        ("stats", *target), ("users", *target), ("verify", *target), ("migrate", *target),
        ("backup", str(folder), *target), ("export", "--user", "1", *target),
        ("chat", *target),
    ]  # fmt: skip


def test_a_missing_file_is_named_with_no_such_file(tmp_path: Path) -> None:
    missing, folder = tmp_path / "missing.db", tmp_path / "backups"
    folder.mkdir()

    results = run_all(*on(missing, folder)[:-1], cwd=tmp_path)  # chat would create it

    line = f"postmind: There is no database at {missing}: no such file; check --database-url.\n"
    assert said(results) == {(EXIT_ERROR, line)}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups"]
    assert list(folder.iterdir()) == []


def test_a_directory_is_told_apart_from_a_missing_file(tmp_path: Path) -> None:
    directory, folder = tmp_path / "data", tmp_path / "backups"
    directory.mkdir()
    folder.mkdir()
    backup = tmp_path / "monday.db"
    source = tmp_path / "source.db"
    talk(source, {ANN: ["Our bakery opens a second shop on Main Street"]}, tmp_path)
    ok(run("backup", str(backup), "--database-url", url(source), cwd=tmp_path))

    results = run_all(
        *on(directory, folder), ("restore", str(backup), "--database-url", url(directory)),
        cwd=tmp_path,
    )  # fmt: skip

    line = f"postmind: {directory} is a directory, not a database file; check --database-url.\n"
    assert said(results) == {(EXIT_ERROR, line)}
    assert list(directory.iterdir()) == []
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("content", [b"hello\n", b"x" * 50_000], ids=["a-line", "50-kB"])
def test_a_file_that_is_not_a_database_is_named_without_the_engines_statement(
    tmp_path: Path, content: bytes
) -> None:
    text, folder = tmp_path / "x.db", tmp_path / "backups"
    text.write_bytes(content)
    folder.mkdir()
    before = file_digest(text)

    results = run_all(
        *on(text, folder), ("copy", "--from", url(text), "--to", url(tmp_path / "copy.db")),
        cwd=tmp_path,
    )  # fmt: skip

    line = f"postmind: {text} is not a postmind database (file is not a database).\n"
    assert said(results) == {(EXIT_ERROR, line)}
    assert file_digest(text) == before
    assert list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "x.db"]


def test_restoring_a_file_that_is_not_a_database_names_it_as_not_a_backup(
    tmp_path: Path,
) -> None:
    text, live = tmp_path / "notes.db", tmp_path / "postmind.db"
    text.write_text("hello\n")

    result = run("restore", str(text), "--database-url", url(live), cwd=tmp_path)

    line = f"postmind: {text} is not a postmind backup (file is not a database).\n"
    assert (result.returncode, result.stderr) == (EXIT_ERROR, line)
    assert not live.exists()
