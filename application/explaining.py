"""/context: what the next prompt will contain, and how it fits the token budget."""

from __future__ import annotations

from application.checking import CheckingPolicy
from application.lookups import require_user
from application.views import ContextView, PreferenceView
from domain.calibration import Calibration
from domain.context import build_prompt
from domain.dimensions import STYLE_KEYS
from domain.generation import GenerationRequest, Turn
from domain.ports import TokenCounter, UnitOfWork

NO_BRIEF_YET = "(your next brief)"
RECENT_DRAFTS = 20  # the fit rate shown is over the generated ones of the latest posts


def explain(
    uow: UnitOfWork,
    user_id: int,
    counter: TokenCounter,
    budget: int,
    model: str,
    policy: CheckingPolicy,
) -> ContextView:
    """The view of the next prompt for the user, read in `uow`."""
    require_user(uow, user_id)
    profile = uow.preferences.get_profile(user_id)
    session = uow.sessions.active_for(user_id)
    messages = uow.messages.list_for_session(session.id) if session and session.id else []
    latest = uow.posts.latest_for_session(session.id) if session and session.id else None
    calibration = uow.calibrations.get(model)
    recent = [p for p in uow.posts.list_for_user(user_id, limit=RECENT_DRAFTS) if p.attempts]
    post = latest if latest is not None and latest.is_open else None
    history = tuple(Turn(m.role, m.content) for m in messages[1:])
    style = post.style if post else profile.style()
    asked = calibration if policy.calibrate else Calibration(model)
    next_request = GenerationRequest(
        brief=(session.brief if session else None) or NO_BRIEF_YET,
        style=style.with_changes(length=asked.ask_for(style.length)),
        variant=post.version if post else 0,
        previous_draft=post.content if post else None,
        history=history,
    )
    prompt = build_prompt(next_request, budget, counter.count)
    return ContextView(
        style=tuple(PreferenceView.of(k, style, profile.get(k)) for k in STYLE_KEYS),
        instructions=prompt.style_instructions,
        brief=session.brief if session else None,
        open_draft_version=post.version if post else None,
        history_messages=len(history),
        history_included=prompt.history_included,
        history_condensed=prompt.history_condensed,
        history_dropped=prompt.history_dropped,
        tokens=prompt.tokens,
        budget=prompt.budget,
        tolerance=policy.tolerance.describe(),
        calibration=_calibration(calibration, style.length, policy),
        checking=_checking(policy),
        recent_drafts=len(recent),
        recent_first_fit=sum(1 for p in recent if p.first_fit),
        recent_shown_fit=sum(1 for p in recent if not p.misses),
    )


def _calibration(calibration: Calibration, target: int, policy: CheckingPolicy) -> str:
    said = calibration.describe(target)
    if policy.calibrate:
        return said
    return f"off (POSTMIND_CALIBRATION=false): asking for {target} words as is; measured: {said}"


def _checking(policy: CheckingPolicy) -> str:
    if not policy.checking:
        return (
            "off (POSTMIND_CORRECTION_ATTEMPTS=0): drafts are shown as written, with what differs"
        )
    follow = "follow-up" if policy.follow_ups == 1 else "follow-ups"
    return (
        f"every draft is measured; emoji and hashtags are repaired in place; length, tone and"
        f" call to action get up to {policy.follow_ups} {follow} within {policy.deadline:g} s"
    )
