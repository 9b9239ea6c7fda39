"""Turning use-case results into terminal text (plain when piped, rich on a TTY)."""

from __future__ import annotations

from application.views import DraftView, SessionView
from domain.actions import STYLE_ACTIONS
from domain.analysis import FeedbackAnalysis
from domain.text_metrics import measure

ACTIONS_HINT = "React with text, or :approve  :reject  :regenerate  " + "  ".join(
    f":{a.value}" for a in STYLE_ACTIONS
)


def draft_header(draft: DraftView) -> str:
    m = measure(draft.content)
    s = draft.style
    cta = "CTA" if s.cta else "no CTA"
    return (
        f"Draft v{draft.version} (post {draft.post_id}) · {m.words} words · {s.formality.value}"
        f" · {m.emoji} emoji · {m.hashtags} hashtags · {cta}"
    )


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
        "satisfaction_trend": stats.satisfaction_trend,
        "satisfaction_trend_label": stats.trend_label,
        "satisfaction_by_session": list(stats.satisfaction_by_session),
        "complaints": dict(stats.complaints),
        "style_history": {
            c.key: {"first": c.first, "latest": c.latest} for c in stats.style_history
        },
    }


HELP = """\
Send a brief (what the post is about) and I will draft a Facebook post.
While a draft is open, any text is feedback ("too long", "more professional", "no hashtags").
Actions: :approve :reject :regenerate :shorter :longer :casual :formal
         :more_emoji :less_emoji :more_hashtags :less_hashtags :add_cta :drop_cta
Your own version: :edit <the whole post as you want it>, then :approve it.
After approving: :rate N (or just the number) to rate the post 1-5.
Commands: /new [brief]  /stats  /sessions  /preferences  /set <key> <value>
          /reset_preferences  /help  /quit   (end of input also quits)
/set keys: length (15-400 words), formality (casual|neutral|formal), emoji (0-10),
           hashtags (0-10), cta (yes|no)"""
