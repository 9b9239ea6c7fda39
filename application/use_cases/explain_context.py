"""/context: what the next prompt will contain, and how it fits the token budget."""

from __future__ import annotations

from dataclasses import dataclass

from application.checking import CheckingPolicy
from application.lookups import current_draft, require_user
from application.views import PreferenceView
from domain.calibration import Calibration
from domain.context import build_prompt
from domain.dimensions import STYLE_KEYS
from domain.generation import GenerationRequest, Turn
from domain.ports import TokenCounter, UnitOfWorkFactory

NO_BRIEF_YET = "(your next brief)"
RECENT_DRAFTS = 20  # the fit rate shown is over the generated ones of the latest posts


@dataclass(frozen=True, slots=True)
class ExplainContextRequest:
    user_id: int


@dataclass(frozen=True, slots=True)
class ContextView:
    style: tuple[PreferenceView, ...]  # each dimension with its confidence and source
    instructions: tuple[str, ...]  # the style as the prompt states it
    brief: str | None
    open_draft_version: int | None
    history_messages: int  # in the session, after the brief
    history_included: int
    history_condensed: int
    history_dropped: int
    tokens: int
    budget: int
    tolerance: str  # what counts as fitting the style, in words
    calibration: str  # how the model misses lengths here, and what is asked to compensate
    checking: str  # how drafts are checked before they are shown
    recent_drafts: int  # the user's generated drafts among their latest RECENT_DRAFTS posts...
    recent_first_fit: int  # ...how many fitted at the first attempt
    recent_shown_fit: int  # ...and how many fitted when shown


class ExplainContext:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        counter: TokenCounter,
        budget: int,
        model: str,
        policy: CheckingPolicy,
    ) -> None:
        self._uow_factory = uow_factory
        self._counter = counter
        self._budget = budget
        self._model = model
        self._policy = policy

    def __call__(self, request: ExplainContextRequest) -> ContextView:
        with self._uow_factory(read_only=True) as uow:
            require_user(uow, request.user_id)
            profile = uow.preferences.get_profile(request.user_id)
            session = uow.sessions.active_for(request.user_id)
            messages = uow.messages.list_for_session(session.id) if session and session.id else []
            draft = current_draft(uow, request.user_id)
            calibration = uow.calibrations.get(self._model)
            latest = uow.posts.list_for_user(request.user_id, limit=RECENT_DRAFTS)
        recent = [p for p in latest if p.attempts]  # generated, not the user's own versions
        post = draft[1] if draft else None
        history = tuple(Turn(m.role, m.content) for m in messages[1:])
        style = post.style if post else profile.style()
        asked = calibration if self._policy.calibrate else Calibration(self._model)
        next_request = GenerationRequest(
            brief=(session.brief if session else None) or NO_BRIEF_YET,
            style=style.with_changes(length=asked.ask_for(style.length)),
            variant=post.version if post else 0,
            previous_draft=post.content if post else None,
            history=history,
        )
        prompt = build_prompt(next_request, self._budget, self._counter.count)
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
            tolerance=self._policy.tolerance.describe(),
            calibration=_calibration(calibration, style.length, self._policy),
            checking=_checking(self._policy),
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
