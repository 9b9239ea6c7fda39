"""Feedback analysis: how well postmind serves a user or everyone, and what they complain about.

Counts come from the users' counters; first-draft approvals, the satisfaction trend and
the style history come from approved posts; complaints come from feedback signals.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from domain.analysis import FeedbackAnalysis, StyleChange, analyse
from domain.feedback import Feedback, FeedbackKind
from domain.posts import Post, PostStatus
from domain.style import Formality, Style
from domain.text_metrics import TextMetrics
from domain.users import User

START = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return START + timedelta(minutes=minutes)


def user(user_id: int = 1, **counters: int) -> User:
    return User(id=user_id, created_at=START, last_active_at=START, **counters)


def post(
    minutes: int,
    *,
    version: int = 1,
    status: PostStatus = PostStatus.APPROVED,
    rating: int | None = None,
    style: Style | None = None,
    session_id: int = 1,
    post_id: int | None = None,
) -> Post:
    return Post(
        session_id=session_id,
        user_id=1,
        version=version,
        content="A post.",
        style=style or Style(),
        created_at=at(minutes),
        status=status,
        rating=rating,
        id=post_id,
        measured=as_measured(style or Style()),  # a text that measures as it was asked
    )


def as_measured(style: Style) -> TextMetrics:
    return TextMetrics(style.length, style.emoji, style.hashtags, style.cta, style.formality)


def feedback(
    kind: FeedbackKind,
    *signals: str,
    rating: int | None = None,
    text: str | None = None,
) -> Feedback:
    return Feedback(
        user_id=1,
        session_id=1,
        post_id=1,
        kind=kind,
        created_at=START,
        signals=signals,
        rating=rating,
        text=text,
    )


def rated(*ratings: int) -> list[Post]:
    """Approved posts, one per session, rated in this order."""
    return [post(10 * i, rating=r, session_id=i + 1, post_id=i + 1) for i, r in enumerate(ratings)]


def analysis_of_ratings(*ratings: int) -> FeedbackAnalysis:
    return analyse([user()], rated(*ratings), [])


# Counts


def test_counts_come_from_the_users_counters_summed() -> None:
    users = [
        user(1, sessions_count=4, drafts_count=9, approved_count=3, rejected_count=1,
             ratings_count=2, ratings_sum=9),
        user(2, sessions_count=6, drafts_count=11, approved_count=5, rejected_count=0,
             ratings_count=3, ratings_sum=10),
    ]  # fmt: skip

    result = analyse(users, [], [])

    assert (result.users, result.sessions, result.posts) == (2, 10, 20)
    assert (result.approved_posts, result.rejected_posts, result.ratings) == (8, 1, 5)


def test_counts_ignore_how_much_history_is_left() -> None:
    counted = user(sessions_count=50, drafts_count=120, approved_count=40)

    result = analyse([counted], [post(0)], [])

    assert (result.sessions, result.posts, result.approved_posts) == (50, 120, 40)


def test_approval_rate_is_approved_posts_per_session() -> None:
    assert analyse([user(sessions_count=8, approved_count=6)], [], []).approval_rate == 0.75


def test_approval_rate_without_sessions_is_zero() -> None:
    assert analyse([user()], [], []).approval_rate == 0.0


def test_approval_rate_is_rounded_to_three_places() -> None:
    assert analyse([user(sessions_count=3, approved_count=1)], [], []).approval_rate == 0.333


def test_drafts_per_approval() -> None:
    result = analyse([user(drafts_count=10, approved_count=4)], [], [])

    assert result.drafts_per_approval == 2.5


def test_drafts_per_approval_is_none_before_any_approval() -> None:
    assert analyse([user(drafts_count=10)], [], []).drafts_per_approval is None


def test_first_draft_approval_rate_counts_approved_posts_that_were_version_one() -> None:
    posts = [
        post(0, version=1, session_id=1),
        post(10, version=3, session_id=2),
        post(20, version=1, session_id=3),
        post(30, version=2, session_id=4),
        post(40, version=1, session_id=5, status=PostStatus.REJECTED),
        post(50, version=1, session_id=6, status=PostStatus.SUPERSEDED),
        post(60, version=1, session_id=7, status=PostStatus.DRAFT),
    ]

    assert analyse([user()], posts, []).first_draft_approval_rate == 0.5


def test_first_draft_approval_rate_is_none_without_approved_posts() -> None:
    posts = [post(0, status=PostStatus.REJECTED)]

    assert analyse([user()], posts, []).first_draft_approval_rate is None


def test_average_satisfaction_comes_from_the_rating_counters() -> None:
    users = [user(1, ratings_count=2, ratings_sum=9), user(2, ratings_count=1, ratings_sum=2)]

    assert analyse(users, rated(1), []).avg_satisfaction == round(11 / 3, 3)


def test_average_satisfaction_is_none_without_ratings() -> None:
    assert analyse([user()], [], []).avg_satisfaction is None


# Satisfaction over time


@pytest.mark.parametrize(
    ("ratings", "trend"),
    [
        ((2, 4), 2.0),
        ((5, 3), -2.0),
        ((1, 2, 4, 5), 3.0),
        ((1, 2, 3, 4, 5), 3.0),  # the middle rating belongs to neither half
        ((4, 4, 4), 0.0),
        ((3, 4, 3, 3, 4, 4), 1 / 3),
    ],
)
def test_satisfaction_trend_is_the_later_half_minus_the_earlier_half(
    ratings: tuple[int, ...], trend: float
) -> None:
    assert analysis_of_ratings(*ratings).satisfaction_trend == round(trend, 3)


@pytest.mark.parametrize("ratings", [(), (5,)])
def test_satisfaction_trend_needs_at_least_two_ratings(ratings: tuple[int, ...]) -> None:
    result = analysis_of_ratings(*ratings)

    assert result.satisfaction_trend is None
    assert result.trend_label == "not enough ratings yet"


@pytest.mark.parametrize(
    ("ratings", "label"),
    [
        ((2, 4), "improving"),
        ((3, 3, 3, 4), "improving"),  # +0.5
        ((4, 3), "declining"),
        ((4, 4, 4, 3), "declining"),  # -0.5
        ((4, 4), "steady"),
        ((3, 4, 3, 4, 4, 3, 4, 3), "steady"),  # 3.5 then 3.5
    ],
)
def test_trend_label_reads_the_trend(ratings: tuple[int, ...], label: str) -> None:
    assert analysis_of_ratings(*ratings).trend_label == label


@pytest.mark.parametrize(
    ("ratings", "label"),
    [((3, 3, 3, 3, 3, 3, 3, 4), "improving"), ((4, 3, 3, 3, 3, 3, 3, 3), "declining")],
)
def test_a_trend_of_exactly_a_quarter_point_is_not_steady(
    ratings: tuple[int, ...], label: str
) -> None:
    result = analysis_of_ratings(*ratings)

    assert result.satisfaction_trend is not None
    assert abs(result.satisfaction_trend) == 0.25
    assert result.trend_label == label


def test_satisfaction_by_session_lists_ratings_in_the_order_the_approved_posts_were_written() -> (
    None
):
    posts = [
        post(30, rating=2, session_id=3, post_id=3),
        post(0, rating=5, session_id=1, post_id=1),
        post(20, status=PostStatus.APPROVED, session_id=4, post_id=4),  # not rated
        post(10, rating=4, session_id=2, post_id=2),
        post(5, rating=1, status=PostStatus.SUPERSEDED, session_id=5, post_id=5),
    ]

    result = analyse([user()], posts, [])

    assert result.satisfaction_by_session == (5, 4, 2)
    assert result.satisfaction_trend == -3.0


def test_posts_approved_at_the_same_time_are_ordered_by_id() -> None:
    posts = [post(0, rating=2, post_id=9), post(0, rating=5, post_id=3)]

    assert analyse([user()], posts, []).satisfaction_by_session == (5, 2)


def test_posts_can_be_any_iterable_read_once() -> None:
    result = analyse([user()], iter(rated(2, 4)), iter([feedback(FeedbackKind.REJECT)]))

    assert result.satisfaction_by_session == (2, 4)
    assert result.complaints == (("rejected the draft", 1),)


# Complaints


@pytest.mark.parametrize(
    ("item", "complaint"),
    [
        (feedback(FeedbackKind.ACTION, "shorter"), "too long"),
        (feedback(FeedbackKind.ACTION, "longer"), "too short"),
        (feedback(FeedbackKind.ACTION, "casual"), "too formal"),
        (feedback(FeedbackKind.ACTION, "formal"), "too casual"),
        (feedback(FeedbackKind.ACTION, "more_emoji"), "wants more emoji"),
        (feedback(FeedbackKind.ACTION, "less_emoji"), "too many emoji"),
        (feedback(FeedbackKind.ACTION, "more_hashtags"), "wants more hashtags"),
        (feedback(FeedbackKind.ACTION, "less_hashtags"), "too many hashtags"),
        (feedback(FeedbackKind.ACTION, "add_cta"), "wants a call to action"),
        (feedback(FeedbackKind.ACTION, "drop_cta"), "no call to action wanted"),
        (feedback(FeedbackKind.ACTION, "regenerate"), "wording"),
        (feedback(FeedbackKind.TEXT, "shorter", text="way too long"), "too long"),
        (feedback(FeedbackKind.TEXT, text="hmm, not quite"), "wording"),
        (feedback(FeedbackKind.TEXT, "emoji=0", text="no emojis"), "asked for a different emoji"),
        (feedback(FeedbackKind.TEXT, "length=45", text="brief"), "asked for a different length"),
        (feedback(FeedbackKind.EDIT, "edit"), "rewrote it themselves"),
        (feedback(FeedbackKind.REJECT), "rejected the draft"),
        (feedback(FeedbackKind.RATING, rating=1), "low rating"),
        (feedback(FeedbackKind.RATING, rating=2), "low rating"),
    ],
)  # fmt: skip
def test_each_kind_of_feedback_is_categorised_as_a_complaint(
    item: Feedback, complaint: str
) -> None:
    assert analyse([user()], [], [item]).complaints == ((complaint, 1),)


@pytest.mark.parametrize(
    "item",
    [
        feedback(FeedbackKind.RATING, rating=3),
        feedback(FeedbackKind.RATING, rating=5),
        feedback(FeedbackKind.APPROVE),
    ],
)
def test_praise_is_not_a_complaint(item: Feedback) -> None:
    assert analyse([user()], [], [item]).complaints == ()


def test_text_with_several_signals_counts_one_complaint_per_signal() -> None:
    item = feedback(FeedbackKind.TEXT, "shorter", "add_cta", "emoji=0", text="...")

    complaints = dict(analyse([user()], [], [item]).complaints)

    assert complaints == {
        "too long": 1,
        "wants a call to action": 1,
        "asked for a different emoji": 1,
    }


def test_complaints_are_listed_most_frequent_first() -> None:
    items = [
        feedback(FeedbackKind.REJECT),
        feedback(FeedbackKind.ACTION, "shorter"),
        feedback(FeedbackKind.TEXT, text="meh"),
        feedback(FeedbackKind.ACTION, "shorter"),
        feedback(FeedbackKind.TEXT, "shorter", text="too long"),
        feedback(FeedbackKind.TEXT, text="try again"),
        feedback(FeedbackKind.RATING, rating=1),
        feedback(FeedbackKind.REJECT),
        feedback(FeedbackKind.ACTION, "regenerate"),
    ]

    complaints = analyse([user()], [], items).complaints

    assert complaints[0] == ("too long", 3)
    assert complaints[1] == ("wording", 3)
    assert complaints[2:] == (("rejected the draft", 2), ("low rating", 1))


def test_no_feedback_means_no_complaints() -> None:
    assert analyse([user()], [], []).complaints == ()


# Style history


def test_style_history_compares_the_first_and_latest_approved_style_of_one_user() -> None:
    first = Style(length=120, formality=Formality.FORMAL, emoji=0, hashtags=3, cta=False)
    latest = Style(length=55, formality=Formality.CASUAL, emoji=1, hashtags=3, cta=True)
    posts = [
        post(50, style=latest, session_id=3),
        post(0, style=first, session_id=1),
        post(20, style=Style(length=300), session_id=2),
        post(60, style=Style(length=15), session_id=4, status=PostStatus.REJECTED),
    ]

    history = analyse([user()], posts, []).style_history

    assert history == (
        StyleChange("length", 120.0, 55.0),
        StyleChange("formality", 1.0, -1.0),
        StyleChange("emoji", 0.0, 1.0),
        StyleChange("hashtags", 3.0, 3.0),
        StyleChange("cta", 0.0, 1.0),
    )
    assert [(change.first, change.latest) for change in history] == [
        ("about 120 words", "about 55 words"),
        ("formal", "casual"),
        ("no emoji", "1 emoji"),
        ("3 hashtags", "3 hashtags"),
        ("no call to action", "ends with a call to action"),
    ]


def test_style_history_of_a_single_approved_post_shows_no_change() -> None:
    history = analyse([user()], [post(0, style=Style(emoji=2))], []).style_history

    assert all(change.first == change.latest for change in history)
    assert [change.key for change in history] == ["length", "formality", "emoji", "hashtags", "cta"]


def test_style_history_is_empty_without_approved_posts() -> None:
    posts = [post(0, status=PostStatus.REJECTED)]

    assert analyse([user()], posts, []).style_history == ()


def test_style_history_is_empty_for_several_users() -> None:
    posts = [post(0, style=Style(length=200)), post(10, style=Style(length=40))]

    assert analyse([user(1), user(2)], posts, []).style_history == ()


def test_style_history_reads_what_was_approved_as_measured_not_as_asked() -> None:
    asked = Style(length=60)
    wrote = TextMetrics(84, 1, 2, False, Formality.NEUTRAL)  # the model ran long
    approved = replace(post(0, style=asked), measured=wrote)
    history = analyse([user()], [approved, post(5, style=asked)], []).style_history
    assert history[0] == StyleChange("length", 84.0, 60.0)
