"""Writing a draft: generate outside any transaction, then store it in one short one.

The generator may take seconds (an LLM), and a draft that misses its style is corrected
before it is shown (application.checking), so generation never runs while a unit of work
holds the database's write lock. What the user said is committed before generation starts
(by the calling handler), so a generator failure loses nothing; a draft is stored only
whole.
"""

from __future__ import annotations

import logging
from datetime import datetime
from statistics import mean

from application.changes import DraftOrder, store
from application.checking import DraftChecker
from application.learning import PreferenceLearner
from application.lookups import writing_session
from application.views import DraftView
from domain.calibration import Calibration
from domain.errors import RateLimitedError
from domain.generation import GenerationRequest
from domain.limits import DraftAllowance
from domain.ports import Clock, UnitOfWorkFactory
from domain.posts import Post

logger = logging.getLogger(__name__)


NO_CAP = DraftAllowance(per_hour=0)


class DraftWriter:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        checker: DraftChecker,
        learner: PreferenceLearner,
        clock: Clock,
        allowance: DraftAllowance = NO_CAP,
    ) -> None:
        self._uow_factory = uow_factory
        self._checker = checker
        self._learner = learner
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

    def write(self, order: DraftOrder, idempotency_key: str | None = None) -> DraftView:
        """Generate the ordered version, checked against its style, and store it,
        superseding the draft it replaces. What the model's first answer taught about its
        lengths is stored in the same transaction."""
        model = self._checker.model
        calibration = Calibration(model)
        if self._checker.policy.calibrate:
            with self._uow_factory(read_only=True) as uow:
                calibration = uow.calibrations.get(model)
        next = order.next
        checked = self._checker.write(
            GenerationRequest(
                brief=next.brief,
                style=order.style,
                variant=next.version - 1,
                previous_draft=next.previous,
                history=order.history,
                content=next.content,
            ),
            calibration,
        )
        with self._uow_factory(idempotency_key=idempotency_key, user_id=order.user_id) as uow:
            draft = Post.draft(
                session_id=order.session_id,
                user_id=order.user_id,
                version=next.version,
                style=order.style,
                generated=checked.generated,
                latency_ms=checked.latency_ms,
                now=self._clock.now(),
                attempts=checked.attempts,
                misses=checked.fit.keys,
                measured=checked.measured,
            )
            session = writing_session(uow, order.user_id, order.session_id)
            stored = store(uow, session.drafted(next, draft, checked.first_fit), self._learner)
            learned = uow.calibrations.get(model).observed(
                asked=checked.attempts[0].asked_words,
                written=mean(checked.first_written),
                now=draft.created_at,
            )
            uow.calibrations.save(learned)
            uow.commit()
        post = stored.added
        assert post is not None
        logger.info(
            "draft %s v%d for user %d in %d ms, %d attempt(s)%s",
            post.id,
            post.version,
            order.user_id,
            checked.latency_ms,
            len(checked.attempts),
            f", still {checked.fit.describe()}" if checked.fit.misses else "",
        )
        return DraftView.of(post, kept_style=next.kept_style, missed=checked.missed)
