"""PostRepository: versions of a session, their style kept exactly, listed as documented."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from domain.errors import ConflictError, StorageError
from domain.ports import UnitOfWorkFactory
from domain.posts import EDITED_BY_USER, Attempt, PostStatus
from domain.style import Formality, Style
from domain.text_metrics import TextMetrics, measure
from tests.contract.builders import (
    LONG_TEXT,
    TRICKY_TEXT,
    a_post,
    assert_aware_utc,
    at,
    given_finished_session,
    given_post,
    given_session,
    stored_id,
)
from tests.contract.helpers import assert_added_with_new_ids, committed, present, read


def test_an_added_post_is_returned_with_an_id(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1)
    first, second = a_post(session, 1), a_post(session, 2)

    assert_added_with_new_ids(uow_factory, lambda uow: uow.posts, first, second)


def test_getting_an_unknown_post_gives_none(uow_factory: UnitOfWorkFactory) -> None:
    post = given_post(uow_factory, given_session(uow_factory, 1))

    with uow_factory() as uow:
        assert uow.posts.get(stored_id(post) + 1000) is None


@pytest.mark.parametrize(
    "style",
    [
        Style(length=250, formality=Formality.FORMAL, emoji=0, hashtags=10, cta=True),
        Style(length=15, formality=Formality.CASUAL, emoji=10, hashtags=0, cta=False),
        Style(),
    ],
    ids=["formal-with-cta", "casual-without-cta", "default"],
)
def test_a_post_round_trips_every_field(uow_factory: UnitOfWorkFactory, style: Style) -> None:
    session = given_session(uow_factory, 1)
    post = a_post(
        session,
        3,
        content=TRICKY_TEXT,
        style=style,
        created_at=datetime(2024, 3, 10, 1, 2, 3, 456789, tzinfo=UTC),
        status=PostStatus.APPROVED,
        generator="openai",
        model="gpt-4o-mini",
        prompt_tokens=812,
        completion_tokens=164,
        latency_ms=2345,
        rating=5,
        attempts=(
            Attempt(47, 84, ("length", "cta"), 400, 90, 1200),
            Attempt(50, 61, (), 412, 74, 1145),
        ),
        misses=(),
        shown_in=4242,
    )
    stored = committed(uow_factory, lambda uow: uow.posts.add(post))

    loaded = present(read(uow_factory, lambda uow: uow.posts.get(stored_id(stored))))
    assert loaded == replace(post, id=stored.id)
    assert loaded.status is PostStatus.APPROVED
    assert loaded.style.formality is style.formality
    assert loaded.metrics == measure(TRICKY_TEXT)  # measured when stored, read back as is
    assert loaded.first_fit is False
    assert loaded.style.cta is style.cta
    assert_aware_utc(loaded.created_at, post.created_at)


def test_a_draft_keeps_its_missing_rating_as_none(uow_factory: UnitOfWorkFactory) -> None:
    post = given_post(uow_factory, given_session(uow_factory, 1))

    loaded = present(read(uow_factory, lambda uow: uow.posts.get(stored_id(post))))
    assert loaded.rating is None
    assert loaded.status is PostStatus.DRAFT


def test_ten_thousand_characters_of_post_are_kept_whole(uow_factory: UnitOfWorkFactory) -> None:
    post = given_post(uow_factory, given_session(uow_factory, 1), content=LONG_TEXT)

    loaded = present(read(uow_factory, lambda uow: uow.posts.get(stored_id(post))))
    assert loaded.content == LONG_TEXT


def test_updating_a_post_overwrites_it(uow_factory: UnitOfWorkFactory) -> None:
    post = given_post(uow_factory, given_session(uow_factory, 1))
    rated = post.approve().rate(4)

    committed(uow_factory, lambda uow: uow.posts.update(rated))

    loaded = read(uow_factory, lambda uow: uow.posts.get(stored_id(post)))
    assert loaded == rated
    assert loaded is not None and loaded.status is PostStatus.APPROVED


def test_the_latest_post_is_the_highest_version(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1)
    given_post(uow_factory, session, 1, created_at=at(0))
    highest = given_post(uow_factory, session, 3, created_at=at(1))
    given_post(uow_factory, session, 2, created_at=at(2))

    with uow_factory() as uow:
        assert uow.posts.latest_for_session(stored_id(session)) == highest


def test_a_session_without_drafts_has_no_latest_post(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1)

    with uow_factory() as uow:
        assert uow.posts.latest_for_session(stored_id(session)) is None
        assert uow.posts.list_for_session(stored_id(session)) == []


def test_a_sessions_posts_are_listed_lowest_version_first(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1)
    other = given_finished_session(uow_factory, 1, started_at=at(5))
    v2 = given_post(uow_factory, session, 2)
    v1 = given_post(uow_factory, session, 1)
    v3 = given_post(uow_factory, session, 3)
    given_post(uow_factory, other, 1)

    with uow_factory() as uow:
        assert uow.posts.list_for_session(stored_id(session)) == [v1, v2, v3]


def test_a_users_posts_are_listed_newest_first(uow_factory: UnitOfWorkFactory) -> None:
    first = given_finished_session(uow_factory, 1, started_at=at(0))
    second = given_session(uow_factory, 1, started_at=at(10))
    oldest = given_post(uow_factory, first, 1, created_at=at(1))
    middle = given_post(uow_factory, first, 2, created_at=at(2))
    newest = given_post(uow_factory, second, 1, created_at=at(11))

    with uow_factory() as uow:
        assert uow.posts.list_for_user(1) == [newest, middle, oldest]
        assert uow.posts.list_for_user(1, status=None) == [newest, middle, oldest]
        assert uow.posts.list_for_user(1, limit=2) == [newest, middle]
        assert uow.posts.list_for_user(1, status=PostStatus.DRAFT, limit=1) == [newest]
        assert uow.posts.list_for_user(1, limit=0) == []


def test_a_users_posts_can_be_filtered_by_status(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1)
    statuses = [
        PostStatus.SUPERSEDED,
        PostStatus.APPROVED,
        PostStatus.REJECTED,
        PostStatus.APPROVED,
        PostStatus.DRAFT,
    ]
    posts = [
        given_post(uow_factory, session, version, created_at=at(version), status=status)
        for version, status in enumerate(statuses, start=1)
    ]
    given_post(uow_factory, given_session(uow_factory, 2), status=PostStatus.APPROVED)

    with uow_factory() as uow:
        approved = uow.posts.list_for_user(1, status=PostStatus.APPROVED)
        drafts = uow.posts.list_for_user(1, status=PostStatus.DRAFT)
        rejected = uow.posts.list_for_user(1, PostStatus.REJECTED)
    assert approved == [posts[3], posts[1]]
    assert drafts == [posts[4]]
    assert rejected == [posts[2]]


def test_a_user_without_posts_lists_none(uow_factory: UnitOfWorkFactory) -> None:
    given_session(uow_factory, 1)

    with uow_factory() as uow:
        assert uow.posts.list_for_user(1) == []
        assert uow.posts.list_for_user(404, status=PostStatus.APPROVED) == []


def test_a_version_cannot_be_stored_twice_in_a_session(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1)
    original = given_post(uow_factory, session, 1)

    with pytest.raises((StorageError, ConflictError)), uow_factory() as uow:
        uow.posts.add(a_post(session, 1, content="a second version one"))
        uow.commit()

    with uow_factory() as uow:
        assert uow.posts.list_for_session(stored_id(session)) == [original]


def test_the_same_version_may_exist_in_different_sessions(uow_factory: UnitOfWorkFactory) -> None:
    first = given_finished_session(uow_factory, 1, started_at=at(0))
    second = given_session(uow_factory, 1, started_at=at(1))
    given_post(uow_factory, first, 1)
    given_post(uow_factory, second, 1)

    with uow_factory() as uow:
        assert len(uow.posts.list_for_user(1)) == 2


def test_generated_since_lists_the_users_generated_versions_oldest_first(
    uow_factory: UnitOfWorkFactory,
) -> None:
    session = given_session(uow_factory, 1)
    other = given_session(uow_factory, 2)
    given_post(uow_factory, session, 1, created_at=at(0))  # before the window
    given_post(uow_factory, session, 2, created_at=at(30))
    given_post(uow_factory, session, 3, created_at=at(10), generator=EDITED_BY_USER)  # own edit
    given_post(uow_factory, session, 4, created_at=at(20))
    given_post(uow_factory, other, 1, created_at=at(15))  # another user's

    with uow_factory(read_only=True) as uow:
        times = uow.posts.generated_since(1, at(10))

    assert times == [at(20), at(30)]


def test_a_stored_measurement_is_read_back_not_measured_again(
    uow_factory: UnitOfWorkFactory,
) -> None:
    said = TextMetrics(words=61, emoji=2, hashtags=3, cta=True, formality=Formality.CASUAL)
    post = given_post(uow_factory, given_session(uow_factory, 1), measured=said, misses=("cta",))
    with uow_factory(read_only=True) as uow:
        loaded = uow.posts.get(stored_id(post))
    assert loaded is not None and loaded.metrics == said and loaded.misses == ("cta",)
