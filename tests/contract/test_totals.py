"""What storage adds up on its own for everyone's stats: counters, approvals, feedback tallies.

The aggregated path must give exactly the analysis that loading every row would.
"""

from __future__ import annotations

from domain.analysis import Approval, FeedbackTally, Totals, analyse, summarise
from domain.feedback import FeedbackKind
from domain.ports import UnitOfWorkFactory
from domain.posts import PostStatus
from domain.users import Counts
from tests.contract.builders import (
    a_feedback,
    at,
    given_finished_session,
    given_post,
    given_session,
    given_user,
)


def test_an_empty_store_adds_up_to_nothing(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory(read_only=True) as uow:
        assert uow.users.totals() == Totals()
        assert uow.posts.approvals() == []
        assert uow.feedback.tallies() == []


def test_totals_sum_every_users_counters(uow_factory: UnitOfWorkFactory) -> None:
    given_user(uow_factory, 1, sessions_count=3, drafts_count=7, approved_count=2, ratings_sum=9)
    given_user(uow_factory, 2, sessions_count=1, rejected_count=1, ratings_count=4)
    given_user(uow_factory, 3)

    with uow_factory(read_only=True) as uow:
        totals = uow.users.totals()

    counts = Counts(sessions=4, drafts=7, approved=2, rejected=1, ratings=4, ratings_sum=9)
    assert totals == Totals(users=3, counts=counts)


def test_approvals_are_every_approved_post_oldest_first(uow_factory: UnitOfWorkFactory) -> None:
    first = given_finished_session(uow_factory, 1)
    second = given_session(uow_factory, 2)
    given_post(uow_factory, first, 1, status=PostStatus.REJECTED, created_at=at(1))
    given_post(uow_factory, first, 2, status=PostStatus.APPROVED, created_at=at(9), rating=4)
    given_post(uow_factory, second, 1, status=PostStatus.APPROVED, created_at=at(5))
    given_post(uow_factory, second, 2, status=PostStatus.DRAFT, created_at=at(6))

    with uow_factory(read_only=True) as uow:
        approvals = uow.posts.approvals()

    assert approvals == [Approval(version=1, rating=None), Approval(version=2, rating=4)]


def test_tallies_count_feedback_by_kind_signals_and_low_rating(
    uow_factory: UnitOfWorkFactory,
) -> None:
    session = given_session(uow_factory, 1)
    other = given_session(uow_factory, 2)
    post = given_post(uow_factory, session)
    items = [
        a_feedback(session, post),
        a_feedback(other),  # ("shorter",) again, another user
        a_feedback(session, signals=("casual", "emoji=2")),
        a_feedback(session, kind=FeedbackKind.RATING, signals=(), rating=1),
        a_feedback(session, kind=FeedbackKind.RATING, signals=(), rating=2),
        a_feedback(session, kind=FeedbackKind.RATING, signals=(), rating=5),
        a_feedback(session, kind=FeedbackKind.TEXT, signals=(), text="meh 🙃"),
        a_feedback(session, kind=FeedbackKind.REJECT, signals=()),
    ]
    with uow_factory() as uow:
        for item in items:
            uow.feedback.add(item)
        uow.commit()

    with uow_factory(read_only=True) as uow:
        tallies = uow.feedback.tallies()

    def key(t: FeedbackTally) -> tuple[str, tuple[str, ...], bool]:
        return (t.kind.value, t.signals, t.low_rating)

    assert sorted(tallies, key=key) == sorted(FeedbackTally.of(items), key=key)
    assert sum(t.count for t in tallies) == len(items)


def test_everyones_analysis_from_storage_equals_the_one_from_every_row(
    uow_factory: UnitOfWorkFactory,
) -> None:
    for user_id in (1, 2, 3):
        given_user(uow_factory, user_id, sessions_count=user_id, approved_count=1, ratings_sum=3)
    for user_id, rating in ((1, 5), (2, 1), (3, None)):
        session = given_finished_session(uow_factory, user_id, started_at=at(user_id))
        post = given_post(
            uow_factory,
            session,
            user_id,  # versions 1, 2, 3: one first-draft approval
            status=PostStatus.APPROVED,
            rating=rating,
            created_at=at(10 - user_id),
        )
        with uow_factory() as uow:
            uow.feedback.add(a_feedback(session, post, signals=("longer",)))
            uow.feedback.add(a_feedback(session, post, kind=FeedbackKind.REJECT, signals=()))
            uow.commit()

    with uow_factory(read_only=True) as uow:
        users = uow.users.list()
        posts = [p for u in users for p in uow.posts.list_for_user(u.id)]
        feedback = [f for u in users for f in uow.feedback.list_for_user(u.id)]
        aggregated = summarise(uow.users.totals(), uow.posts.approvals(), uow.feedback.tallies())

    assert aggregated == analyse(users, posts, feedback)
    assert aggregated.satisfaction_by_session == (1, 5)  # by approval time, not by user
