"""Fixtures the reliability tests share: the fake servers on loopback and a database path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.fake_telegram import FakeTelegram
from tests.fake_openai import FakeOpenAI


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    """The fake Bot API server."""
    with FakeTelegram() as server:
        yield server


@pytest.fixture
def llm() -> Iterator[FakeOpenAI]:
    """The fake OpenAI-compatible server."""
    with FakeOpenAI() as server:
        yield server


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """Where a test's SQLite file goes (created by whatever opens it first)."""
    return tmp_path / "postmind.db"
