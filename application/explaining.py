"""/context: what the next prompt will contain, and how it fits the token budget."""

from __future__ import annotations

from collections.abc import Mapping

from application.checking import CheckingPolicy
from application.lookups import drafting_session
from application.views import ContextView, PreferenceView
from domain.calibration import Calibration
from domain.context import build_prompt, content_instructions
from domain.dimensions import STYLE_KEYS, as_number, estimates_of
from domain.generation import GenerationRequest, Turn
from domain.ports import TokenCounter, UnitOfWork
from domain.preferences import Preference, PreferenceProfile, PreferenceSource
from domain.style import Style

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
    drafting = drafting_session(uow, user_id, feedback=True)  # /context: pending ones too
    profile = uow.preferences.get_profile(user_id)
    session = drafting.active
    messages = uow.messages.list_for_session(session.id) if session and session.id else []
    calibration = uow.calibrations.get(model)
    recent = [p for p in uow.posts.list_for_user(user_id, limit=RECENT_DRAFTS) if p.attempts]
    post = drafting.open_draft
    history = tuple(Turn(m.role, m.content) for m in messages[1:])
    # what the next version of the open draft is written from: its style with the values
    # set since, and what the session asked it to say; else the user's starting style
    upcoming = drafting.retried() if post is not None else None
    style = upcoming.style if upcoming is not None and upcoming.style else profile.style()
    content = upcoming.content if upcoming is not None else ()
    asked = calibration if policy.calibrate else Calibration(model)
    next_request = GenerationRequest(
        brief=(session.brief if session else None) or NO_BRIEF_YET,
        style=style.with_changes(length=asked.ask_for(style.length)),
        variant=post.version if post else 0,
        previous_draft=post.content if post else None,
        history=history,
        content=content,
    )
    prompt = build_prompt(next_request, budget, counter.count)
    return ContextView(
        style=tuple(
            _source(k, style, profile, post is not None, drafting.settings) for k in STYLE_KEYS
        ),
        instructions=prompt.style_instructions + content_instructions(next_request),
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


def _source(
    key: str,
    style: Style,
    profile: PreferenceProfile,
    drafting: bool,
    set_since: Mapping[str, float],
) -> PreferenceView:
    """A dimension of the next draft and where its value comes from: while a draft is open,
    the session (its drafts and reactions), unless it is the value the user set."""
    preference = profile.get(key)
    if drafting and key not in set_since and not _is_set(key, style, preference):
        return PreferenceView.of_session(key, style)
    return PreferenceView.of(key, style, preference)


def _is_set(key: str, style: Style, preference: Preference | None) -> bool:
    if preference is None or preference.source is not PreferenceSource.EXPLICIT:
        return False
    try:
        return as_number(key, preference.value) == estimates_of(style)[key]
    except ValueError:
        return False


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
