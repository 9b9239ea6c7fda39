"""Users: the counters stats are read from, and when a user was last seen."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime, timedelta

from domain.users import Counts, User

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def a_user() -> User:
    return User(id=42, created_at=T0, last_active_at=T0, username="baker", first_name="Ada")


def test_a_new_user_has_every_counter_at_zero() -> None:
    """Sessions, drafts, approved, rejected, ratings and their sum, checked drafts and the
    ones that fitted first."""
    user = a_user()

    counters = [f.name for f in fields(User) if f.name.endswith(("_count", "_sum"))]

    assert len(counters) == 8
    assert [getattr(user, name) for name in counters] == [0] * 8


def test_counted_increases_the_named_counter() -> None:
    assert a_user().counted(Counts(drafts=1)).drafts_count == 1


def test_counted_increases_several_counters_at_once_by_their_own_amounts() -> None:
    user = (
        a_user().counted(Counts(ratings=1, ratings_sum=4)).counted(Counts(ratings=1, ratings_sum=5))
    )

    assert (user.ratings_count, user.ratings_sum) == (2, 9)


def test_counted_leaves_other_counters_and_fields_alone() -> None:
    user = a_user()

    counted = user.counted(Counts(approved=1))

    assert counted.drafts_count == 0
    assert counted.sessions_count == 0
    assert (counted.id, counted.username, counted.last_active_at) == (42, "baker", T0)


def test_counted_returns_a_copy_and_keeps_the_original() -> None:
    user = a_user()

    user.counted(Counts(sessions=1))

    assert user.sessions_count == 0


def test_counted_with_nothing_named_changes_nothing() -> None:
    assert a_user().counted(Counts()) == a_user()


def test_touched_moves_last_active_at_only() -> None:
    later = T0 + timedelta(hours=3)

    touched = a_user().touched(later)

    assert touched.last_active_at == later
    assert touched.created_at == T0
    assert touched == User(
        id=42, created_at=T0, last_active_at=later, username="baker", first_name="Ada"
    )
