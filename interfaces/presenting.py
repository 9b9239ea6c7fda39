"""Wording shared by every interface: sessions and stats as lines of plain text."""

from __future__ import annotations

from application.views import SessionView
from domain.analysis import FeedbackAnalysis


def session_line(view: SessionView) -> str:
    brief = view.brief or "(no brief yet)"
    started = view.started_at.strftime("%Y-%m-%d %H:%M")
    return f"#{view.session_id} {started} [{view.status.value}] {view.versions} version(s): {brief}"


def stats_lines(stats: FeedbackAnalysis) -> list[str]:
    satisfaction = "-" if stats.avg_satisfaction is None else f"{stats.avg_satisfaction:.2f} / 5"
    per_approval = "-" if stats.drafts_per_approval is None else f"{stats.drafts_per_approval:.1f}"
    first = (
        "-" if stats.first_draft_approval_rate is None else f"{stats.first_draft_approval_rate:.0%}"
    )
    lines = [
        f"Sessions: {stats.sessions}",
        f"Drafts written: {stats.posts}",
        f"Approved posts: {stats.approved_posts}",
        f"Rejected drafts: {stats.rejected_posts}",
        f"Approval rate: {stats.approval_rate:.0%}",
        f"Approved at the first draft: {first}",
        f"Drafts per approved post: {per_approval}",
        f"Average satisfaction: {satisfaction} ({stats.ratings} rating(s)), {stats.trend_label}",
    ]
    if stats.complaints:
        top = ", ".join(f"{what} ({n})" for what, n in stats.complaints[:5])
        lines.append(f"Most frequent feedback: {top}")
    changed = [c for c in stats.style_history if c.first != c.latest]
    if changed:
        moves = "; ".join(f"{c.key} {c.first} -> {c.latest}" for c in changed)
        lines.append(f"Your style since the first approved post: {moves}")
    return lines
