"""Terminal text for use-case results (shared wording lives in interfaces.presenting)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.table import Table

from application.views import DraftView
from domain.analysis import FeedbackAnalysis, StyleChange
from domain.text_metrics import measure
from infrastructure.config import ShownSetting
from interfaces.presenting import draft_notes, metrics_summary


def draft_header(draft: DraftView) -> str:
    """'Draft v2 (post 7) · 58 words · casual · ...' as measured, then what still differs."""
    m = draft.measured or measure(draft.content)
    header = f"Draft v{draft.version} (post {draft.post_id}) · {metrics_summary(m)}"
    return "\n".join([header, *draft_notes(draft)])


def stats_json(user_id: int | None, stats: FeedbackAnalysis) -> dict[str, object]:
    """The stable JSON shape of `postmind stats --json` (documented in the README)."""
    return {
        "user_id": user_id,
        "users": stats.users,
        "sessions": stats.sessions,
        "posts": stats.posts,
        "approved_posts": stats.approved_posts,
        "rejected_posts": stats.rejected_posts,
        "ratings": stats.ratings,
        "approval_rate": stats.approval_rate,
        "first_draft_approval_rate": stats.first_draft_approval_rate,
        "drafts_per_approval": stats.drafts_per_approval,
        "avg_satisfaction": stats.avg_satisfaction,
        "first_attempt_fit_rate": stats.first_attempt_fit_rate,
        "satisfaction_trend": stats.satisfaction_trend,
        "satisfaction_trend_label": stats.trend_label,
        "satisfaction_by_session": list(stats.satisfaction_by_session),
        "complaints": dict(stats.complaints),
        "style_history": {c.key: _style_numbers(c) for c in stats.style_history},
    }


def _style_numbers(change: StyleChange) -> dict[str, int | float | bool]:
    """A dimension's first and latest approved value as measured: words, emoji and hashtags
    as counts, formality as its score (-1 casual, 0 neutral, 1 formal), cta as true/false."""
    first, latest = change.first_value, change.latest_value
    if change.key == "cta":
        return {"first": first >= 0.5, "latest": latest >= 0.5}
    if change.key == "formality":
        return {"first": first, "latest": latest}
    return {"first": round(first), "latest": round(latest)}


def everyone(users: int) -> str:
    """Whom everyone's stats cover: 'all 3 users', '1 user', 'no users yet'."""
    if users == 0:
        return "no users yet"
    return "1 user" if users == 1 else f"all {users} users"


def settings_table(settings: Iterable[ShownSetting], sources: Mapping[str, str]) -> Table:
    """Each setting, its value in effect and where it came from (`sources` names an option
    that set one: {"POSTMIND_DATABASE_URL": "--database-url"})."""
    table = Table("variable", "value", "from")
    for s in settings:
        source = sources.get(s.variable) or ("default" if s.is_default else "environment or .env")
        table.add_row(s.variable, "" if s.value is None else str(s.value), source)
    return table
