"""Turning use-case results into terminal text (plain when piped, rich on a TTY)."""

from __future__ import annotations

from application.views import DraftView, SessionView, StatsView
from domain.actions import STYLE_ACTIONS
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


def stats_lines(stats: StatsView) -> list[str]:
    satisfaction = "-" if stats.avg_satisfaction is None else f"{stats.avg_satisfaction:.2f} / 5"
    per_approval = "-" if stats.drafts_per_approval is None else f"{stats.drafts_per_approval:.1f}"
    return [
        f"Sessions: {stats.sessions}",
        f"Drafts written: {stats.posts}",
        f"Approved posts: {stats.approved_posts}",
        f"Rejected drafts: {stats.rejected_posts}",
        f"Approval rate: {stats.approval_rate:.0%}",
        f"Drafts per approved post: {per_approval}",
        f"Average satisfaction: {satisfaction} ({stats.ratings} rating(s))",
    ]


HELP = """\
Send a brief (what the post is about) and I will draft a Facebook post.
While a draft is open, any text is feedback ("too long", "more professional", "no hashtags").
Actions: :approve :reject :regenerate :shorter :longer :casual :formal
         :more_emoji :less_emoji :more_hashtags :less_hashtags :add_cta :drop_cta
After approving: :rate N (or just the number) to rate the post 1-5.
Commands: /new [brief]  /stats  /sessions  /help  /quit   (end of input also quits)"""
