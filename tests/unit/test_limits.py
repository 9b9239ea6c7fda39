"""The hourly allowance of generated drafts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.errors import RateLimitedError
from domain.limits import DraftAllowance

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def minutes_ago(*minutes: float) -> list[datetime]:
    return [NOW - timedelta(minutes=m) for m in minutes]


def test_below_the_allowance_nothing_is_said() -> None:
    DraftAllowance(per_hour=3).check(minutes_ago(50, 10), NOW)


def test_no_cap_allows_anything() -> None:
    DraftAllowance(per_hour=0).check(minutes_ago(*range(60)), NOW)


def test_at_the_allowance_it_says_when_the_next_draft_can_come() -> None:
    """The oldest of the last three drafts was 50 minutes ago: it leaves the hour in 10."""
    with pytest.raises(RateLimitedError, match=r"Slow down.*3 drafts.*in 10 minutes"):
        DraftAllowance(per_hour=3).check(minutes_ago(59, 50, 20, 5), NOW)


def test_a_wait_under_a_minute_is_said_as_one_minute() -> None:
    with pytest.raises(RateLimitedError, match=r"in 1 minute\.$"):
        DraftAllowance(per_hour=1).check(minutes_ago(59.9), NOW)


def test_the_window_is_the_last_hour() -> None:
    assert DraftAllowance(per_hour=5).since(NOW) == NOW - timedelta(hours=1)
