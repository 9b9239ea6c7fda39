"""Crash loop: `postmind chat` SIGKILLed at random moments loses nothing it printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.crash import crash_loop

RUNS = 50  # make test-reliability


def test_a_few_kills_lose_nothing_shown(tmp_path: Path) -> None:
    seen = crash_loop(tmp_path / "postmind.db", runs=3, seed=1)

    assert seen.drafts  # the kills came after some drafts, not only before the first


@pytest.mark.long
def test_fifty_kills_at_random_moments_lose_nothing_shown(tmp_path: Path) -> None:
    seen = crash_loop(tmp_path / "postmind.db", runs=RUNS, seed=20261127)

    assert len(seen.drafts) >= RUNS  # most runs showed drafts before they were killed
