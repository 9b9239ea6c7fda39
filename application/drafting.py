"""Writing a draft: generate outside any transaction, then store it in one short one.

The generator may take seconds (an LLM), and a draft that misses its style is corrected
before it is shown (application.checking), so generation never runs while a unit of work
holds the database's write lock. What the user said is committed before generation starts
(by the calling use case), so a generator failure loses nothing; a draft is stored only
whole.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from statistics import mean

from application.checking import DraftChecker
from application.views import DraftView
from domain.calibration import Calibration
from domain.errors import ConflictError, RateLimitedError
from domain.generation import GenerationRequest, Turn
from domain.limits import DraftAllowance
from domain.messages import Message, Role
from domain.ports import Clock, UnitOfWork, UnitOfWorkFactory
from domain.posts import Post
from domain.style import Style

logger = logging.getLogger(__name__)


NO_CAP = DraftAllowance(per_hour=0)
HISTORY_LIMIT = 200  # messages a prompt can draw on; the context builder trims to its budget


def session_history(uow: UnitOfWork, session_id: int) -> tuple[Turn, ...]:
    """The session's newest messages after its brief (which a request carries on its own)."""
    turns = uow.messages.recent_turns(session_id, HISTORY_LIMIT + 1)
    if len(turns) <= HISTORY_LIMIT:  # the whole session: its first message is the brief
        turns = turns[1:]
    return tuple(turns[-HISTORY_LIMIT:])


@dataclass(frozen=True, slots=True)
class DraftOrder:
    """What to write: version `version`, replacing post `replaces_post_id` (None for v1)."""

    user_id: int
    session_id: int
    brief: str
    style: Style
    version: int = 1
    replaces_post_id: int | None = None
    previous_draft: str | None = None
    history: tuple[Turn, ...] = ()


class DraftWriter:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        checker: DraftChecker,
        clock: Clock,
        allowance: DraftAllowance = NO_CAP,
    ) -> None:
        self._uow_factory = uow_factory
        self._checker = checker
        self._clock = clock
        self._allowance = allowance
        self._held_until: dict[int, datetime] = {}  # users known to be at the cap, till when

    def ensure_allowed(self, user_id: int) -> None:
        """RateLimitedError when the user has had the drafts their hourly allowance gives.

        Use cases that will write a draft ask first, before storing anything: a request
        past the cap changes nothing and costs one indexed read.
        """
        if not self._allowance.per_hour:
            return
        now = self._clock.now()
        held = self._held_until.get(user_id)
        if held is not None and now < held:  # a user pressing on at the cap costs no read
            self._allowance.refuse(until=held, now=now)
        with self._uow_factory(read_only=True) as uow:
            recent = uow.posts.generated_since(user_id, self._allowance.since(now))
        try:
            self._allowance.check(recent, now)
        except RateLimitedError as refused:
            if refused.until is not None:
                self._held_until[user_id] = refused.until
            raise
        self._held_until.pop(user_id, None)

    def write(self, order: DraftOrder) -> DraftView:
        """Generate the ordered version, checked against its style, and store it,
        superseding the draft it replaces. What the model's first answer taught about its
        lengths is stored in the same transaction."""
        model = self._checker.model
        calibration = Calibration(model)
        if self._checker.policy.calibrate:
            with self._uow_factory(read_only=True) as uow:
                calibration = uow.calibrations.get(model)
        checked = self._checker.write(
            GenerationRequest(
                brief=order.brief,
                style=order.style,
                variant=order.version - 1,
                previous_draft=order.previous_draft,
                history=order.history,
            ),
            calibration,
        )
        with self._uow_factory() as uow:
            now = self._clock.now()
            session = uow.sessions.get(order.session_id)
            latest = uow.posts.latest_for_session(order.session_id)
            if session is None or not session.is_active:
                raise ConflictError("The session ended while the draft was being written.")
            if (latest.id if latest else None) != order.replaces_post_id:
                raise ConflictError("The draft changed while the next version was being written.")
            if latest is not None and latest.is_open:
                uow.posts.update(latest.supersede())
            post = uow.posts.add(
                Post.draft(
                    session_id=order.session_id,
                    user_id=order.user_id,
                    version=order.version,
                    style=order.style,
                    generated=checked.generated,
                    latency_ms=checked.latency_ms,
                    now=now,
                    attempts=checked.attempts,
                    misses=checked.fit.keys,
                    measured=checked.measured,
                )
            )
            uow.messages.add(
                Message(order.session_id, order.user_id, Role.ASSISTANT, post.content, now)
            )
            uow.sessions.update(session.turned())
            user = uow.users.get(order.user_id)
            if user is not None:
                counted = user.counted(
                    drafts_count=1, checked_count=1, first_fit_count=int(checked.first_fit)
                )
                uow.users.update(counted.touched(now))
            learned = uow.calibrations.get(model).observed(
                asked=checked.attempts[0].asked_words, written=mean(checked.first_written), now=now
            )
            uow.calibrations.save(learned)
            uow.commit()
        logger.info(
            "draft %s v%d for user %d in %d ms, %d attempt(s)%s",
            post.id,
            post.version,
            order.user_id,
            checked.latency_ms,
            len(checked.attempts),
            f", still {checked.fit.describe()}" if checked.fit.misses else "",
        )
        return DraftView.of(post)
