"""Feedback analysis: how well postmind serves a user (or everyone), and what they complain about.

Counts come from the counters on users (they survive retention of old history); the rest
is read from posts and feedback: first-draft approvals, the satisfaction trend over
sessions, the most frequent complaints, and how the approved style moved over time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from domain.dimensions import STYLE_KEYS, describe, estimates_of
from domain.feedback import Feedback, FeedbackKind
from domain.posts import Post, PostStatus
from domain.users import User

TREND_STEP = 0.25  # a change in mean rating smaller than this is "steady"

# Signal -> the complaint category it belongs to.
_CATEGORIES = {
    "shorter": "too long",
    "longer": "too short",
    "casual": "too formal",
    "formal": "too casual",
    "more_emoji": "wants more emoji",
    "less_emoji": "too many emoji",
    "more_hashtags": "wants more hashtags",
    "less_hashtags": "too many hashtags",
    "add_cta": "wants a call to action",
    "drop_cta": "no call to action wanted",
    "regenerate": "wording",
    "edit": "rewrote it themselves",
}


@dataclass(frozen=True, slots=True)
class StyleChange:
    key: str
    first: str
    latest: str


@dataclass(frozen=True, slots=True)
class FeedbackAnalysis:
    users: int
    sessions: int
    posts: int
    approved_posts: int
    rejected_posts: int
    ratings: int
    approval_rate: float  # approved posts per session started
    drafts_per_approval: float | None
    first_draft_approval_rate: float | None  # approved posts that were version 1
    avg_satisfaction: float | None
    satisfaction_trend: float | None  # mean rating of the later half minus the earlier half
    satisfaction_by_session: tuple[int, ...]  # ratings in the order the sessions ended
    complaints: tuple[tuple[str, int], ...]  # most frequent first
    style_history: tuple[StyleChange, ...]  # first and latest approved style, per dimension

    @property
    def trend_label(self) -> str:
        if self.satisfaction_trend is None:
            return "not enough ratings yet"
        if self.satisfaction_trend >= TREND_STEP:
            return "improving"
        if self.satisfaction_trend <= -TREND_STEP:
            return "declining"
        return "steady"


def analyse(
    users: Sequence[User], posts: Iterable[Post], feedback: Iterable[Feedback]
) -> FeedbackAnalysis:
    """The analysis of `users` (one user, or everyone) from their posts and feedback."""
    approved = sorted(
        (p for p in posts if p.status is PostStatus.APPROVED),
        key=lambda p: (p.created_at, p.id or 0),
    )
    sessions = sum(u.sessions_count for u in users)
    drafts = sum(u.drafts_count for u in users)
    approvals = sum(u.approved_count for u in users)
    ratings = [p.rating for p in approved if p.rating is not None]
    return FeedbackAnalysis(
        users=len(users),
        sessions=sessions,
        posts=drafts,
        approved_posts=approvals,
        rejected_posts=sum(u.rejected_count for u in users),
        ratings=sum(u.ratings_count for u in users),
        approval_rate=_ratio(approvals, sessions) or 0.0,
        drafts_per_approval=_ratio(drafts, approvals),
        first_draft_approval_rate=_ratio(sum(1 for p in approved if p.version == 1), len(approved)),
        avg_satisfaction=_ratio(
            sum(u.ratings_sum for u in users), sum(u.ratings_count for u in users)
        ),
        satisfaction_trend=_trend(ratings),
        satisfaction_by_session=tuple(ratings),
        complaints=tuple(_complaints(feedback).most_common()),
        style_history=_style_history(approved) if len(users) == 1 else (),
    )


def _complaints(feedback: Iterable[Feedback]) -> Counter[str]:
    counted: Counter[str] = Counter()
    for item in feedback:
        if item.kind is FeedbackKind.REJECT:
            counted["rejected the draft"] += 1
        elif item.kind is FeedbackKind.RATING and item.rating is not None and item.rating <= 2:
            counted["low rating"] += 1
        elif item.kind is FeedbackKind.TEXT and not item.signals:
            counted["wording"] += 1
        for signal in item.signals:
            key = signal.partition("=")[0]
            counted[_CATEGORIES.get(signal, f"asked for a different {key}")] += 1
    return counted


def _style_history(approved: Sequence[Post]) -> tuple[StyleChange, ...]:
    if not approved:
        return ()
    first, latest = estimates_of(approved[0].style), estimates_of(approved[-1].style)
    return tuple(
        StyleChange(key, describe(key, first[key]), describe(key, latest[key]))
        for key in STYLE_KEYS
    )


def _trend(ratings: Sequence[int]) -> float | None:
    if len(ratings) < 2:
        return None
    half = len(ratings) // 2
    early, late = ratings[:half], ratings[len(ratings) - half :]
    return round(sum(late) / len(late) - sum(early) / len(early), 3)


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 3) if denominator else None
