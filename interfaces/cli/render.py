"""Terminal text for use-case results (shared wording lives in interfaces.presenting)."""

from __future__ import annotations

from application.views import DraftView
from domain.analysis import FeedbackAnalysis
from domain.text_metrics import measure
from interfaces.presenting import fit_note, metrics_summary


def draft_header(draft: DraftView) -> str:
    """'Draft v2 (post 7) · 58 words · casual · ...' as measured, then what still differs."""
    m = draft.measured or measure(draft.content)
    header = f"Draft v{draft.version} (post {draft.post_id}) · {metrics_summary(m)}"
    note = fit_note(draft)
    return header if note is None else f"{header}\n{note}"


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
        "style_history": {
            c.key: {"first": c.first, "latest": c.latest} for c in stats.style_history
        },
    }
