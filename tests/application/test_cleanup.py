"""CleanupHistory end to end on the in-memory adapter: a history made through the conversation,
a month passes, and retention removes old abandoned sessions and old chat history only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from application.bus import Bus
from application.maintenance import CleanupHistory, CleanupRequest
from application.requests import Act, Rate, Stats, Text
from domain.actions import Action
from domain.analysis import FeedbackAnalysis
from domain.errors import RetentionTooShortError
from domain.feedback import Feedback
from domain.maintenance import CleanupReport
from domain.messages import Message
from domain.ports import UnitOfWorkFactory
from domain.posts import Post, PostStatus
from domain.preferences import PreferenceProfile
from domain.sessions import Session, SessionStatus
from domain.users import User
from infrastructure.container import Container
from tests.application.conftest import OTHER, USER
from tests.fakes import FakeClock

RETENTION_DAYS = 30
RETENTION = timedelta(days=RETENTION_DAYS)


@dataclass(frozen=True)
class Snapshot:
    """Everything stored, read back through the repositories."""

    users: list[User]
    sessions: dict[int, Session]
    messages: dict[int, list[Message]]  # by session id
    posts: dict[int, list[Post]]
    feedback: dict[int, list[Feedback]]
    approved: dict[int, list[Post]]  # by user id
    preferences: dict[int, PreferenceProfile]


@dataclass(frozen=True)
class History:
    """The session ids of what happened a month ago, and of what happened today."""

    old_approved: int
    old_rejected: int
    old_rejected_other: int
    active_other: int
    new_rejected: int
    new_approved: int


def snapshot(uow_factory: UnitOfWorkFactory) -> Snapshot:
    with uow_factory() as uow:
        users = uow.users.list()
        sessions = {
            s.id: s for u in users for s in uow.sessions.list_for_user(u.id) if s.id is not None
        }
        return Snapshot(
            users=users,
            sessions=sessions,
            messages={i: uow.messages.list_for_session(i) for i in sessions},
            posts={i: uow.posts.list_for_session(i) for i in sessions},
            feedback={i: uow.feedback.list_for_session(i) for i in sessions},
            approved={u.id: uow.posts.list_for_user(u.id, PostStatus.APPROVED) for u in users},
            preferences={u.id: uow.preferences.get_profile(u.id) for u in users},
        )


def counters(stats: FeedbackAnalysis) -> tuple[object, ...]:
    """What /stats reads from the counters on users and from approved posts."""
    return (
        stats.users,
        stats.sessions,
        stats.posts,
        stats.approved_posts,
        stats.rejected_posts,
        stats.ratings,
        stats.approval_rate,
        stats.drafts_per_approval,
        stats.first_draft_approval_rate,
        stats.avg_satisfaction,
        stats.satisfaction_trend,
        stats.satisfaction_by_session,
        stats.style_history,
    )


def sizes(report: CleanupReport) -> tuple[int, int, int, int]:
    return (
        report.sessions_removed,
        report.messages_removed,
        report.posts_removed,
        report.feedback_removed,
    )


def fake_clock(container: Container) -> FakeClock:
    clock = container.clock()
    assert isinstance(clock, FakeClock)
    return clock


@pytest.fixture
def cleanup(container: Container) -> CleanupHistory:
    cleanup: CleanupHistory = container.cleanup()
    return cleanup


@pytest.fixture
def uow_factory(container: Container) -> UnitOfWorkFactory:
    factory: UnitOfWorkFactory = container.uow_factory()
    return factory


@pytest.fixture
def history(bus: Bus, container: Container) -> History:
    """A month ago: approved, rejected and left-open sessions; then fresh activity today."""
    old_approved = bus.handle(Text(USER, "Our bakery opens a second shop")).session_id
    bus.handle(Act(USER, Action.SHORTER))
    bus.handle(Text(USER, "no emojis please"))
    bus.handle(Act(USER, Action.APPROVE))
    bus.handle(Rate(USER, 4))
    old_rejected = bus.handle(Text(USER, "A pun about croissants")).session_id
    bus.handle(Act(USER, Action.CASUAL))
    bus.handle(Act(USER, Action.REJECT))
    old_rejected_other = bus.handle(Text(OTHER, "Bike repair workshop")).session_id
    bus.handle(Text(OTHER, "way too long"))
    bus.handle(Act(OTHER, Action.REJECT))
    active_other = bus.handle(Text(OTHER, "Spring sale on tyres")).session_id

    fake_clock(container).advance(timedelta(days=RETENTION_DAYS + 1))

    new_rejected = bus.handle(Text(USER, "Sourdough class")).session_id
    bus.handle(Act(USER, Action.REJECT))
    new_approved = bus.handle(Text(USER, "Summer opening hours")).session_id
    bus.handle(Act(USER, Action.APPROVE))
    bus.handle(Rate(USER, 5))
    bus.handle(Act(OTHER, Action.MORE_EMOJI))  # the old open draft, worked on today
    return History(
        old_approved, old_rejected, old_rejected_other, active_other, new_rejected, new_approved
    )


def test_a_dry_run_reports_what_would_go_and_changes_nothing(
    history: History, cleanup: CleanupHistory, uow_factory: UnitOfWorkFactory
) -> None:
    before = snapshot(uow_factory)

    report = cleanup(CleanupRequest(RETENTION, dry_run=True))

    abandoned = (history.old_rejected, history.old_rejected_other)
    assert report.dry_run is True
    assert report.sessions_removed == 2
    assert report.posts_removed == sum(len(before.posts[i]) for i in abandoned)
    assert report.feedback_removed == sum(len(before.feedback[i]) for i in abandoned)
    assert report.messages_removed == sum(
        len(before.messages[i]) for i in (*abandoned, history.old_approved)
    )
    assert snapshot(uow_factory) == before


def test_cleanup_removes_exactly_what_the_dry_run_reported(
    history: History, cleanup: CleanupHistory, uow_factory: UnitOfWorkFactory
) -> None:
    before = snapshot(uow_factory)
    dry = cleanup(CleanupRequest(RETENTION, dry_run=True))

    real = cleanup(CleanupRequest(RETENTION))
    after = snapshot(uow_factory)

    assert real.dry_run is False
    assert sizes(real) == sizes(dry)
    gone = before.sessions.keys() - after.sessions.keys()
    assert gone == {history.old_rejected, history.old_rejected_other}
    assert len(gone) == real.sessions_removed
    messages_gone = sum(len(before.messages[i]) for i in before.sessions) - sum(
        len(after.messages[i]) for i in after.sessions
    )
    assert messages_gone == real.messages_removed
    assert sum(len(before.posts[i]) for i in gone) == real.posts_removed
    assert sum(len(before.feedback[i]) for i in gone) == real.feedback_removed
    for session_id in after.sessions:
        assert after.sessions[session_id] == before.sessions[session_id]
        assert after.posts[session_id] == before.posts[session_id]
        assert after.feedback[session_id] == before.feedback[session_id]


def test_old_chat_history_of_completed_sessions_goes_but_the_session_and_posts_stay(
    history: History, cleanup: CleanupHistory, uow_factory: UnitOfWorkFactory
) -> None:
    before = snapshot(uow_factory)

    cleanup(CleanupRequest(RETENTION))
    after = snapshot(uow_factory)

    assert before.messages[history.old_approved] != []
    assert after.messages[history.old_approved] == []
    assert after.sessions[history.old_approved].status is SessionStatus.COMPLETED
    assert after.posts[history.old_approved] == before.posts[history.old_approved]


def test_recent_sessions_and_active_sessions_are_untouched(
    history: History, cleanup: CleanupHistory, uow_factory: UnitOfWorkFactory
) -> None:
    before = snapshot(uow_factory)

    report = cleanup(CleanupRequest(RETENTION))
    after = snapshot(uow_factory)

    # The open session's brief is older than the cut-off, and it is kept all the same.
    assert before.messages[history.active_other][0].created_at < report.cutoff
    assert after.sessions[history.active_other].status is SessionStatus.ACTIVE
    for session_id in (history.active_other, history.new_rejected, history.new_approved):
        assert after.sessions[session_id] == before.sessions[session_id]
        assert after.messages[session_id] == before.messages[session_id]
        assert after.posts[session_id] == before.posts[session_id]
        assert after.feedback[session_id] == before.feedback[session_id]


def test_approved_posts_preferences_and_stats_counters_survive_cleanup(
    history: History,
    cleanup: CleanupHistory,
    bus: Bus,
    uow_factory: UnitOfWorkFactory,
) -> None:
    before = snapshot(uow_factory)
    stats_before = {user: counters(bus.handle(Stats(user))) for user in (USER, OTHER)}

    cleanup(CleanupRequest(RETENTION))
    after = snapshot(uow_factory)

    assert len(before.approved[USER]) == 2
    assert after.approved == before.approved
    assert after.preferences == before.preferences
    assert before.preferences[USER].entries  # there was something learned to keep
    assert after.users == before.users
    assert {user: counters(bus.handle(Stats(user))) for user in (USER, OTHER)} == stats_before


@pytest.mark.parametrize(
    ("first", "then"),
    [(RETENTION, RETENTION), (None, RETENTION + timedelta(days=2))],
    ids=["a second cleanup finds nothing more", "nothing within the retention period goes"],
)
def test_a_cleanup_with_nothing_to_remove_changes_nothing(
    history: History,
    cleanup: CleanupHistory,
    uow_factory: UnitOfWorkFactory,
    first: timedelta | None,
    then: timedelta,
) -> None:
    if first is not None:
        cleanup(CleanupRequest(first))
    before = snapshot(uow_factory)

    report = cleanup(CleanupRequest(then))

    assert sizes(report) == (0, 0, 0, 0)
    assert snapshot(uow_factory) == before


def test_a_dry_run_with_no_retention_reports_everything_that_could_go_and_changes_nothing(
    history: History, cleanup: CleanupHistory, uow_factory: UnitOfWorkFactory
) -> None:
    before = snapshot(uow_factory)

    report = cleanup(CleanupRequest(timedelta(0), dry_run=True))

    abandoned = (history.old_rejected, history.old_rejected_other, history.new_rejected)
    completed = (history.old_approved, history.new_approved)
    assert report.dry_run is True
    assert report.sessions_removed == len(abandoned)
    assert report.posts_removed == sum(len(before.posts[i]) for i in abandoned)
    assert report.feedback_removed == sum(len(before.feedback[i]) for i in abandoned)
    assert report.messages_removed == sum(len(before.messages[i]) for i in abandoned + completed)
    assert report.messages_removed < sum(len(m) for m in before.messages.values())  # the open one
    assert snapshot(uow_factory) == before


def test_a_retention_in_hours_keeps_what_is_younger(
    history: History, cleanup: CleanupHistory, container: Container, uow_factory: UnitOfWorkFactory
) -> None:
    fake_clock(container).advance(timedelta(hours=11))
    kept = cleanup(CleanupRequest(timedelta(hours=12)))
    fake_clock(container).advance(timedelta(hours=2))

    gone = cleanup(CleanupRequest(timedelta(hours=12)))
    after = snapshot(uow_factory)

    assert kept.sessions_removed == 2  # the month-old abandoned sessions only
    assert gone.sessions_removed == 1  # today's rejected session, 13 hours old now
    assert history.new_rejected not in after.sessions
    assert after.messages[history.new_approved] == []


@pytest.mark.parametrize(
    "retention", [timedelta(0), timedelta(minutes=59), timedelta(days=-1), -RETENTION]
)
def test_a_real_cleanup_keeping_less_than_an_hour_is_refused_and_changes_nothing(
    history: History,
    cleanup: CleanupHistory,
    uow_factory: UnitOfWorkFactory,
    retention: timedelta,
) -> None:
    before = snapshot(uow_factory)

    with pytest.raises(RetentionTooShortError) as refused:
        cleanup(CleanupRequest(retention))

    assert (refused.value.retention, refused.value.shortest) == (retention, timedelta(hours=1))
    assert snapshot(uow_factory) == before


def test_not_even_a_dry_run_takes_a_negative_retention(
    history: History, cleanup: CleanupHistory, uow_factory: UnitOfWorkFactory
) -> None:
    before = snapshot(uow_factory)

    with pytest.raises(RetentionTooShortError):
        cleanup(CleanupRequest(-timedelta(seconds=1), dry_run=True))

    assert snapshot(uow_factory) == before
