"""What may be deleted: a real cleanup keeps at least an hour of history; a dry run, which
deletes nothing, may look at everything."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.errors import RetentionTooShortError
from domain.maintenance import SHORTEST_RETENTION, retention_cutoff

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "retention",
    [timedelta(0), timedelta(hours=1), timedelta(hours=12), timedelta(days=30), timedelta(weeks=2)],
)
def test_a_dry_run_cuts_off_the_retention_before_now_even_at_zero(retention: timedelta) -> None:
    assert retention_cutoff(NOW, retention, dry_run=True) == NOW - retention


@pytest.mark.parametrize(
    "retention", [timedelta(hours=1), timedelta(hours=12), timedelta(days=30), timedelta(weeks=2)]
)
def test_a_real_cleanup_cuts_off_the_retention_before_now(retention: timedelta) -> None:
    assert retention_cutoff(NOW, retention) == NOW - retention


@pytest.mark.parametrize(
    "retention", [timedelta(0), timedelta(minutes=59, seconds=59), timedelta(days=-1)]
)
def test_a_real_cleanup_of_less_than_the_shortest_retention_is_refused(
    retention: timedelta,
) -> None:
    with pytest.raises(RetentionTooShortError) as refused:
        retention_cutoff(NOW, retention)

    assert (refused.value.retention, refused.value.shortest) == (retention, SHORTEST_RETENTION)


def test_a_real_cleanup_of_everything_says_what_it_keeps() -> None:
    with pytest.raises(RetentionTooShortError) as refused:
        retention_cutoff(NOW, timedelta(0))

    assert str(refused.value) == "History is kept for at least 1 hour(s), not 0."


@pytest.mark.parametrize("retention", [timedelta(seconds=-1), timedelta(weeks=-2)])
def test_not_even_a_dry_run_looks_into_the_future(retention: timedelta) -> None:
    with pytest.raises(RetentionTooShortError) as refused:
        retention_cutoff(NOW, retention, dry_run=True)

    assert (refused.value.retention, refused.value.shortest) == (retention, timedelta(0))
