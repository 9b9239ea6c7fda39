"""Running the real `postmind` console script in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

POSTMIND = Path(sys.executable).with_name("postmind")

Run = Callable[..., subprocess.CompletedProcess[str]]


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without any postmind, OpenAI or Telegram settings of the developer's."""
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("POSTMIND_", "OPENAI_", "TELEGRAM_"))
    }
    return {**keep, "PYTHONUNBUFFERED": "1", **extra}


def postmind(
    *args: str, database_url: str, stdin: str = "", cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:  # fmt: skip
    """`postmind ARGS` run to its end with `stdin` piped in, on the database named."""
    return subprocess.run(
        [str(POSTMIND), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env=env or clean_env(POSTMIND_DATABASE_URL=database_url),
    )


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'postmind.db'}"


@pytest.fixture
def run_postmind(tmp_path: Path, db_url: str) -> Run:
    """Run `postmind ARGS` with `stdin` piped in, in a scratch directory, on a fresh database."""

    def run(
        *args: str, stdin: str = "", env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return postmind(*args, database_url=db_url, stdin=stdin, cwd=tmp_path, env=env)

    return run
