"""Feedback analysis: how well postmind serves a user (or everyone), and what they complain about.

Counts come from the counters on users (they survive retention of old history); the rest
is read from posts and feedback: first-draft approvals, the satisfaction trend over
sessions, the most frequent complaints, and how the approved style moved over time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from domain.dimensions import STYLE_KEYS, describe, estimates_of
from domain.feedback import MENTION, OMIT, Feedback, FeedbackKind
from domain.posts import Post, PostStatus
from domain.users import Counts, User

TREND_STEP = 0.25  # a change in mean rating smaller than this is "steady"
LOW_RATING = 2  # a rating at or below this is a complaint

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
    """A style dimension's first and latest approved value, on its numeric scale (words, the
    casual..formal score, counts, 1.0 for a call to action); `first`/`latest` say it in words."""

    key: str
    first_value: float
    latest_value: float

    @property
    def first(self) -> str:
        return describe(self.key, self.first_value)

    @property
    def latest(self) -> str:
        return describe(self.key, self.latest_value)


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
    first_attempt_fit_rate: float | None  # generated drafts that fitted their style at once
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


@dataclass(frozen=True, slots=True)
class Totals:
    """The counters of a set of users, summed."""

    users: int = 0
    counts: Counts = field(default_factory=Counts)

    @classmethod
    def of(cls, users: Sequence[User]) -> Totals:
        return cls(len(users), sum((u.counts for u in users), Counts()))


@dataclass(frozen=True, slots=True)
class Approval:
    """An approved post, as the analysis of everyone needs it (oldest first)."""

    version: int
    rating: int | None


@dataclass(frozen=True, slots=True)
class FeedbackTally:
    """How many feedback items had this kind, these signals and a low rating or not."""

    kind: FeedbackKind
    signals: tuple[str, ...]
    low_rating: bool
    count: int

    @classmethod
    def of(cls, items: Iterable[Feedback]) -> list[FeedbackTally]:
        counted = Counter(
            (item.kind, item.signals, item.rating is not None and item.rating <= LOW_RATING)
            for item in items
        )
        return [cls(kind, signals, low, n) for (kind, signals, low), n in counted.items()]


def analyse(
    users: Sequence[User], posts: Iterable[Post], feedback: Iterable[Feedback]
) -> FeedbackAnalysis:
    """The analysis of `users` (one user, or everyone) from their posts and feedback."""
    approved = sorted(
        (p for p in posts if p.status is PostStatus.APPROVED),
        key=lambda p: (p.created_at, p.id or 0),
    )
    return summarise(
        Totals.of(users),
        [Approval(p.version, p.rating) for p in approved],
        FeedbackTally.of(feedback),
        style_history=_style_history(approved) if len(users) == 1 else (),
    )


def summarise(
    totals: Totals,
    approvals: Sequence[Approval],
    tallies: Iterable[FeedbackTally],
    style_history: tuple[StyleChange, ...] = (),
) -> FeedbackAnalysis:
    """The analysis from what storage can add up on its own: everyone's, without a row of
    history in memory. `approvals` are in the order the posts were approved."""
    ratings = [a.rating for a in approvals if a.rating is not None]
    counts = totals.counts
    return FeedbackAnalysis(
        users=totals.users,
        sessions=counts.sessions,
        posts=counts.drafts,
        approved_posts=counts.approved,
        rejected_posts=counts.rejected,
        ratings=counts.ratings,
        approval_rate=_ratio(counts.approved, counts.sessions) or 0.0,
        drafts_per_approval=_ratio(counts.drafts, counts.approved),
        first_draft_approval_rate=_ratio(
            sum(1 for a in approvals if a.version == 1), len(approvals)
        ),
        avg_satisfaction=_ratio(counts.ratings_sum, counts.ratings),
        first_attempt_fit_rate=_ratio(counts.first_fit, counts.checked),
        satisfaction_trend=_trend(ratings),
        satisfaction_by_session=tuple(ratings),
        complaints=tuple(sorted(_complaints(tallies).items(), key=_most_first)),
        style_history=style_history,
    )


def _complaints(tallies: Iterable[FeedbackTally]) -> Counter[str]:
    counted: Counter[str] = Counter()
    for tally in tallies:
        if tally.kind is FeedbackKind.REJECT:
            counted["rejected the draft"] += tally.count
        elif tally.kind is FeedbackKind.RATING and tally.low_rating:
            counted["low rating"] += tally.count
        elif tally.kind is FeedbackKind.TEXT and not tally.signals:
            counted["wording"] += tally.count
        for signal in tally.signals:
            if signal.startswith((MENTION, OMIT)):
                counted["wanted other content"] += tally.count
                continue
            key = signal.partition("=")[0]
            counted[_CATEGORIES.get(signal, f"asked for a different {key}")] += tally.count
    return counted


def _most_first(complaint: tuple[str, int]) -> tuple[int, str]:
    """Most frequent first; ties by name, so the order never depends on storage's."""
    name, count = complaint
    return (-count, name)


def _style_history(approved: Sequence[Post]) -> tuple[StyleChange, ...]:
    if not approved:
        return ()
    # what was approved, as measured: the text the user published, not what was asked
    first = estimates_of(approved[0].measured_style)
    latest = estimates_of(approved[-1].measured_style)
    return tuple(StyleChange(key, first[key], latest[key]) for key in STYLE_KEYS)


def _trend(ratings: Sequence[int]) -> float | None:
    if len(ratings) < 2:
        return None
    half = len(ratings) // 2
    early, late = ratings[:half], ratings[len(ratings) - half :]
    return round(sum(late) / len(late) - sum(early) / len(early), 3)


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 3) if denominator else None
