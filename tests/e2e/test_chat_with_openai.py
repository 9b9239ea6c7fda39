"""`postmind chat` against any OpenAI-compatible server, as the README tells people to run it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.conftest import Run, clean_env
from tests.fake_openai import FakeOpenAI, Reply, ServerError

BAKERY = "Our bakery opens a second shop on Main Street next Saturday"
POST = "Second shop on Main Street, opening Saturday. See you there! #Bakery"


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


def test_chat_drafts_with_an_openai_compatible_server(
    fake: FakeOpenAI, run_postmind: Run, db_url: str
) -> None:
    fake.script(Reply(POST), ServerError(503), ServerError(503), ServerError(503), Reply(POST))
    env = clean_env(
        POSTMIND_GENERATOR="openai",
        OPENAI_BASE_URL=fake.base_url,
        OPENAI_API_KEY="x",
        POSTMIND_OPENAI_RETRIES="2",
        POSTMIND_CORRECTION_ATTEMPTS="0",  # one scripted answer per draft: no follow-ups
        POSTMIND_DATABASE_URL=db_url,
    )

    result = run_postmind("chat", stdin=f"{BAKERY}\nmore casual\n:retry\n/stats\n", env=env)

    assert result.returncode == 0, result.stderr
    assert POST in result.stdout
    assert (
        "! The writing service failed. Please try again. Send :retry to try again." in result.stdout
    )
    assert result.stdout.count("Draft v2") == 1  # the retry wrote the second version
    assert "Drafts written: 2" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert {r.headers["authorization"] for r in fake.requests} == {"Bearer x"}
