"""PostRepository.by_message: the chat message showing a version names it, for its user only,
after a restart or in another process as well (nothing of it is kept in memory)."""

from __future__ import annotations

from domain.ports import UnitOfWork, UnitOfWorkFactory
from domain.posts import Post, PostStatus
from tests.contract.builders import (
    given_finished_session,
    given_post,
    given_session,
    stored_id,
)
from tests.contract.helpers import committed, present, read

BEYOND_32_BITS = 2**31 + 17  # a BIGINT column holds it where an INTEGER one would not


def shown(uow_factory: UnitOfWorkFactory, post: Post, message_id: int) -> Post:
    """`post` shown in `message_id`, written in a unit of work of its own."""
    showing = post.shown(message_id)
    committed(uow_factory, lambda uow: uow.posts.update(showing))
    return showing


def test_a_post_shown_in_a_message_is_found_by_it_for_its_user(
    uow_factory: UnitOfWorkFactory,
) -> None:
    mine = shown(uow_factory, given_post(uow_factory, given_session(uow_factory, 1)), 501)
    theirs = shown(uow_factory, given_post(uow_factory, given_session(uow_factory, 2)), 501)

    with uow_factory(read_only=True) as uow:
        assert uow.posts.by_message(1, 501) == mine
        assert uow.posts.by_message(2, 501) == theirs  # message ids are counted per chat
        assert uow.posts.by_message(3, 501) is None


def test_a_message_no_post_was_shown_in_finds_none(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1)
    shown(uow_factory, given_post(uow_factory, session, 1), 501)
    given_post(uow_factory, session, 2)  # not shown yet

    with uow_factory(read_only=True) as uow:
        assert uow.posts.by_message(1, 502) is None
        assert uow.posts.by_message(1, 0) is None


def test_each_version_is_found_by_its_own_message(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1)
    versions = [
        shown(uow_factory, given_post(uow_factory, session, version), 500 + version)
        for version in (1, 2, 3)
    ]

    with uow_factory(read_only=True) as uow:
        found = [uow.posts.by_message(1, 500 + version) for version in (1, 2, 3)]
    assert found == versions


def test_the_message_showing_a_post_round_trips(uow_factory: UnitOfWorkFactory) -> None:
    post = given_post(uow_factory, given_session(uow_factory, 1))
    assert post.shown_in is None

    showing = shown(uow_factory, post, BEYOND_32_BITS)

    loaded = present(read(uow_factory, lambda uow: uow.posts.get(stored_id(post))))
    assert loaded == showing and loaded.shown_in == BEYOND_32_BITS
    assert read(uow_factory, lambda uow: uow.posts.by_message(1, BEYOND_32_BITS)) == showing


def test_a_post_added_already_shown_is_found_by_its_message(
    uow_factory: UnitOfWorkFactory,
) -> None:
    post = given_post(uow_factory, given_session(uow_factory, 1), shown_in=77)

    assert read(uow_factory, lambda uow: uow.posts.by_message(1, 77)) == post


def test_a_versions_message_survives_its_other_updates(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1)
    first = shown(uow_factory, given_post(uow_factory, session, 1), 501)

    def supersede_as_read(uow: UnitOfWork) -> None:  # a row read by `get`: its changes alone
        uow.posts.update(present(uow.posts.get(stored_id(first))).supersede())

    committed(uow_factory, supersede_as_read)
    listed = read(uow_factory, lambda uow: uow.posts.list_for_session(stored_id(session)))
    chosen = listed[0].chosen_over_newer().rate(5)
    committed(uow_factory, lambda uow: uow.posts.update(chosen))  # a row from a list: whole

    loaded = present(read(uow_factory, lambda uow: uow.posts.by_message(1, 501)))
    assert loaded.shown_in == 501
    assert loaded.status is PostStatus.APPROVED and loaded.rating == 5


def test_a_post_shown_again_is_named_by_the_newer_message(uow_factory: UnitOfWorkFactory) -> None:
    post = shown(uow_factory, given_post(uow_factory, given_session(uow_factory, 1)), 501)

    again = shown(uow_factory, post, 640)

    with uow_factory(read_only=True) as uow:
        assert uow.posts.by_message(1, 640) == again
        assert uow.posts.by_message(1, 501) is None


def test_of_posts_shown_in_one_message_the_newest_is_found(
    uow_factory: UnitOfWorkFactory,
) -> None:
    older = given_finished_session(uow_factory, 1)
    newer = given_session(uow_factory, 1)
    shown(uow_factory, given_post(uow_factory, older), 501)
    newest = shown(uow_factory, given_post(uow_factory, newer), 501)

    assert read(uow_factory, lambda uow: uow.posts.by_message(1, 501)) == newest
