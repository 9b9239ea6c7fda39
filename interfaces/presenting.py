"""Wording shared by every interface: sessions and stats as lines of plain text."""

from __future__ import annotations

from application.views import SESSION, ContextView, DraftView, PreferenceView, SessionView
from domain.analysis import FeedbackAnalysis
from domain.preferences import PreferenceSource
from domain.text_metrics import TextMetrics


def metrics_summary(m: TextMetrics) -> str:
    """A draft as measured: '58 words · casual · 1 emoji · 2 hashtags · CTA'."""
    cta = "CTA" if m.cta else "no CTA"
    tags = "hashtag" if m.hashtags == 1 else "hashtags"
    return f"{m.words} words · {m.formality.value} · {m.emoji} emoji · {m.hashtags} {tags} · {cta}"


def fit_note(draft: DraftView) -> str | None:
    """What the shown draft still misses of its style, or None when it fits."""
    if not draft.misses:
        return None
    tried = f" after {draft.attempts} attempts" if draft.attempts > 1 else ""
    return f"Not quite your style{tried}: {'; '.join(draft.misses)}."


KEPT_STYLE = (
    "I kept the style and changed the wording: tell me what to change, e.g. shorter, longer,"
    " more casual, more formal, no emojis, two hashtags, add a call to action, mention ..."
)


def draft_notes(draft: DraftView) -> list[str]:
    """What to say above a draft: what it still misses of its style and of what was asked
    of it, and that the feedback it answers asked for nothing understood."""
    notes = [note] if (note := fit_note(draft)) is not None else []
    if draft.missed:
        unsaid = [
            f"no mention of '{asked.phrase}'" if asked.include else f"'{asked.phrase}' still in it"
            for asked in draft.missed
        ]
        notes.append(f"Not all you asked for: {'; '.join(unsaid)}.")
    return [*notes, KEPT_STYLE] if draft.kept_style else notes


def reset_line(dropped: int) -> str:
    """What /reset_preferences answers."""
    return (
        f"Forgot {dropped} preference(s). New sessions start from the defaults again; an open"
        " draft keeps its session's style (see /context)."
    )


def preference_line(view: PreferenceView) -> str:
    """A style dimension, its value and where it came from, in one sentence."""
    if view.source == PreferenceSource.EXPLICIT:
        why = f"you set this (/set {view.key} ...); /reset_preferences to let me learn again"
    elif view.source == SESSION:
        why = f"this draft's session; /set {view.key} ... changes it from the next version"
    elif view.source == PreferenceSource.LEARNED:
        signals = "signal" if view.evidence_count == 1 else "signals"
        why = (
            f"learned from {view.evidence_count} {signals} of your feedback on the drafts"
            f" as you saw them, {view.confidence:.0%} sure"
        )
    else:
        why = "the default: nothing learned yet"
    return f"{view.label}: {view.value} ({why})"


def preferences_lines(views: list[PreferenceView], bullet: str) -> list[str]:
    return ["What I know about your style:", *(f"{bullet}{preference_line(v)}" for v in views)]


def session_line(view: SessionView) -> str:
    brief = view.brief or "(no brief yet)"
    started = view.started_at.strftime("%Y-%m-%d %H:%M")
    line = f"#{view.session_id} {started} [{view.status.value}] {view.versions} version(s): {brief}"
    if view.latest is not None and view.latest.measured is not None:
        line += f" (latest: {metrics_summary(view.latest.measured)})"
    return line


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
        f"Fitted the style at the first attempt: {_share(stats.first_attempt_fit_rate)}",
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


def context_lines(view: ContextView) -> list[str]:
    """What /context shows: the style with confidences, the history kept, the token budget."""
    lines = ["Your next draft will be written from:"]
    lines += [f"• {preference_line(p)}" for p in view.style]
    lines.append("The prompt states the style as:")
    lines += [f"  - {rule}" for rule in view.instructions]
    lines.append(f"Brief: {view.brief}" if view.brief else "Brief: your next message")
    if view.open_draft_version:
        lines.append(f"Open draft: version {view.open_draft_version}")
    lines.append(
        f"History of this session: {view.history_messages} message(s): "
        f"{view.history_included} in full, {view.history_condensed} condensed, "
        f"{view.history_dropped} left out"
    )
    lines.append(f"Prompt size: about {view.tokens:,} of {view.budget:,} tokens")
    lines.append(f"Checking: {view.checking}")
    lines.append(f"A draft fits when: {view.tolerance}")
    lines.append(f"Length calibration: {view.calibration}")
    if view.recent_drafts:
        lines.append(
            f"Your last {view.recent_drafts} draft(s): {view.recent_first_fit} fitted at the first"
            f" attempt, {view.recent_shown_fit} fitted when shown"
        )
    return lines


def _share(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.0%}"
