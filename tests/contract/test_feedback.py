"""FeedbackRepository: every kind kept exactly (signals as a tuple), listed oldest first."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from domain.feedback import FeedbackKind
from domain.ports import UnitOfWorkFactory
from tests.contract.builders import (
    TRICKY_TEXT,
    a_feedback,
    assert_aware_utc,
    at,
    given_finished_session,
    given_post,
    given_session,
    stored_id,
)
from tests.contract.helpers import assert_added_with_new_ids, committed, read


def test_added_feedback_is_returned_with_an_id(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1)
    first = a_feedback(session)
    second = a_feedback(session, kind=FeedbackKind.TEXT, text="hm")

    assert_added_with_new_ids(uow_factory, lambda uow: uow.feedback, first, second)


def test_feedback_round_trips_every_field(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1)
    post = given_post(uow_factory, session)
    feedback = a_feedback(
        session,
        post,
        kind=FeedbackKind.RATING,
        created_at=datetime(2024, 1, 1, 0, 0, 0, 999999, tzinfo=UTC),
        signals=("shorter", "casual", "more_emoji", "ünïcödé 🚀"),
        rating=5,
        text=TRICKY_TEXT,
    )
    committed(uow_factory, lambda uow: uow.feedback.add(feedback))

    [loaded] = read(uow_factory, lambda uow: uow.feedback.list_for_session(stored_id(session)))
    assert loaded == replace(feedback, id=loaded.id)
    assert loaded.post_id == post.id
    assert loaded.kind is FeedbackKind.RATING
    assert isinstance(loaded.signals, tuple)
    assert_aware_utc(loaded.created_at, feedback.created_at)


def test_feedback_without_post_signals_rating_or_text_keeps_them_empty(
    uow_factory: UnitOfWorkFactory,
) -> None:
    session = given_session(uow_factory, 1)
    feedback = a_feedback(session, None, kind=FeedbackKind.REJECT, signals=(), rating=None)

    committed(uow_factory, lambda uow: uow.feedback.add(feedback))

    [loaded] = read(uow_factory, lambda uow: uow.feedback.list_for_user(1))
    assert loaded == replace(feedback, id=loaded.id)
    assert loaded.signals == ()
    assert (loaded.post_id, loaded.rating, loaded.text) == (None, None, None)


def test_every_kind_of_feedback_is_kept(uow_factory: UnitOfWorkFactory) -> None:
    session = given_session(uow_factory, 1)
    with uow_factory() as uow:
        for minute, kind in enumerate(FeedbackKind):
            uow.feedback.add(a_feedback(session, kind=kind, created_at=at(minute)))
        uow.commit()

    with uow_factory() as uow:
        kinds = [feedback.kind for feedback in uow.feedback.list_for_user(1)]
    assert kinds == list(FeedbackKind)
    assert all(isinstance(kind, FeedbackKind) for kind in kinds)


def test_a_users_feedback_is_listed_oldest_first(uow_factory: UnitOfWorkFactory) -> None:
    first = given_finished_session(uow_factory, 1, started_at=at(0))
    second = given_session(uow_factory, 1, started_at=at(10))
    written = []
    for session, minute in ((first, 1), (first, 2), (second, 11), (second, 12)):
        with uow_factory() as uow:
            written.append(uow.feedback.add(a_feedback(session, created_at=at(minute))))
            uow.commit()

    with uow_factory() as uow:
        assert uow.feedback.list_for_user(1) == written


def test_a_sessions_feedback_is_listed_oldest_first_and_only_its_own(
    uow_factory: UnitOfWorkFactory,
) -> None:
    mine = given_finished_session(uow_factory, 1, started_at=at(0))
    other = given_session(uow_factory, 1, started_at=at(1))
    with uow_factory() as uow:
        oldest = uow.feedback.add(a_feedback(mine, created_at=at(2), text="first"))
        uow.feedback.add(a_feedback(other, created_at=at(3), text="elsewhere"))
        newest = uow.feedback.add(a_feedback(mine, created_at=at(4), text="second"))
        uow.commit()

    with uow_factory() as uow:
        assert uow.feedback.list_for_session(stored_id(mine)) == [oldest, newest]
        assert uow.feedback.list_for_session(stored_id(other) + 1000) == []


def test_a_user_without_feedback_lists_none(uow_factory: UnitOfWorkFactory) -> None:
    given_session(uow_factory, 1)

    with uow_factory() as uow:
        assert uow.feedback.list_for_user(1) == []
        assert uow.feedback.list_for_user(404) == []
