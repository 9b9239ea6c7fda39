"""`postmind chat` against any OpenAI-compatible server, as the README tells people to run it."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import Run, clean_env
from tests.fake_openai import FakeOpenAI, Reply, ServerError
from tests.fakes import post_of

TAGS = ("#Bakery", "#MainStreet")
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
    assert "! The writing service failed. Send :retry to try again." in result.stdout
    assert result.stdout.count("Draft v2") == 1  # the retry wrote the second version
    assert "Drafts written: 2" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert {r.headers["authorization"] for r in fake.requests} == {"Bearer x"}


def test_a_draft_that_misses_its_style_is_corrected_or_shown_with_what_differs(
    fake: FakeOpenAI, run_postmind: Run, db_url: str
) -> None:
    too_long, fits = post_of(120, emoji=1, hashtags=TAGS), post_of(80, emoji=3)
    fake.script(Reply(too_long), Reply(fits), Reply(post_of(30)))
    fake.default = Reply(post_of(31))
    env = clean_env(
        POSTMIND_GENERATOR="openai",
        OPENAI_BASE_URL=fake.base_url,
        OPENAI_API_KEY="x",
        POSTMIND_DATABASE_URL=db_url,
    )

    result = run_postmind("chat", stdin=f"{BAKERY}\n:regenerate\n", env=env)
    sessions = run_postmind("sessions", "--user", "1", "--json", "--database-url", db_url)

    assert result.returncode == 0, result.stderr
    # v1: 120 words went back once; the answer's 3 emoji were cut to the one asked for
    assert "Draft v1 (post 1) · 80 words · neutral · 1 emoji · 2 hashtags · no CTA" in result.stdout
    assert "Not quite your style" not in result.stdout.split("Draft v2")[0]
    # v2: 30 and 31 words, twice followed up: the closest is shown, saying what differs
    assert "Not quite your style after 3 attempts: 31 words instead of 71-89 words." in (
        result.stdout
    )
    assert len(fake.requests) == 5
    latest = json.loads(sessions.stdout)[0]
    assert latest["latest_measured"]["words"] == 31 and latest["latest_misses"]
    assert latest["latest_attempts"] == 3
