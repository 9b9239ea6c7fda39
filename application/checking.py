"""Check a generated draft against its style and correct it before anyone sees it.

A real LLM follows a style only roughly, so no answer is taken on trust: each is measured
by the one yardstick (domain.text_metrics) and judged by domain.conformance. What can be
fixed without touching the words is fixed in place (domain.repairs: emoji and hashtag
counts, hashtags on their own last line); what needs rewriting (length, tone, call to
action) goes back to the model as a precise follow-up, at most `follow_ups` times and
within `deadline` seconds for everything together. Each call asks for `choices` drafts
at once (the `n` of the chat API: one round trip, more tokens) and keeps the closest; the
first asks for a length compensated for how this model misses (domain.calibration). Both
make a follow-up rarer, and a second one rarer still: a round trip is what a user waits for.
What the user asked the version to mention or leave out is checked too
(domain.conformance.missed_content) and asked again in the follow-up when it was not done.

When nothing fits in time the closest candidate is shown with what still differs, and a
failure during a follow-up shows the best candidate so far: never a silent miss, never a
half draft, and never a failed draft once one answer has come back. Every attempt's
tokens and latency are kept for the post.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from statistics import mean

from domain.calibration import Calibration
from domain.conformance import (
    DEFAULT_TOLERANCE,
    Fit,
    Tolerance,
    check,
    distance,
    missed_content,
)
from domain.context import follow_up_instructions
from domain.errors import GenerationError
from domain.feedback import ContentRequest
from domain.generation import FollowUp, GenerationRequest
from domain.ports import Clock, ContentGenerator
from domain.posts import Attempt, Generated
from domain.repairs import repair
from domain.style import Style
from domain.text_metrics import TextMetrics, measure

logger = logging.getLogger(__name__)

DEFAULT_FOLLOW_UPS = 2
DEFAULT_CHOICES = 3


@dataclass(frozen=True, slots=True)
class CheckingPolicy:
    follow_ups: int = DEFAULT_FOLLOW_UPS  # 0 turns checking off: drafts shown as written
    deadline: float = 60.0  # seconds for every attempt (and the generator's retries) together
    calibrate: bool = True  # ask for lengths compensated for the model's measured bias
    choices: int = DEFAULT_CHOICES  # drafts asked of each call; the closest is kept
    tolerance: Tolerance = DEFAULT_TOLERANCE

    @property
    def checking(self) -> bool:
        return self.follow_ups > 0


@dataclass(frozen=True, slots=True)
class Candidate:
    """One answer, repaired (when checking) and judged against `target`."""

    content: str
    target: Style
    metrics: TextMetrics
    fit: Fit
    distance: float  # from the style, plus 1 for each content request not honoured
    generated: Generated
    missed: tuple[ContentRequest, ...] = ()  # content requests it does not honour

    @property
    def done(self) -> bool:
        """Nothing left to correct: it fits its style and says what was asked."""
        return self.fit.fits and not self.missed


@dataclass(frozen=True, slots=True)
class CheckedDraft:
    """The text to show, what every attempt cost, and what still differs from the style."""

    generated: Generated  # the shown text; tokens summed over every attempt
    attempts: tuple[Attempt, ...]
    fit: Fit  # of the shown text
    measured: TextMetrics  # the shown text, by the yardstick
    missed: tuple[ContentRequest, ...]  # what the shown text still does not say, or says
    latency_ms: int  # from the first request to the text to show
    first_written: tuple[int, ...]  # body words of every choice of the first call

    @property
    def first_fit(self) -> bool:
        return self.attempts[0].fits


class DraftChecker:
    def __init__(
        self, generator: ContentGenerator, clock: Clock, policy: CheckingPolicy | None = None
    ) -> None:
        self._generator = generator
        self._clock = clock
        self.policy = policy or CheckingPolicy()

    @property
    def model(self) -> str:
        return self._generator.model

    def write(self, request: GenerationRequest, calibration: Calibration) -> CheckedDraft:
        """A draft for `request` (whose style is the target), checked and corrected.

        Raises GenerationError only when the first attempt fails: nothing came back.
        """
        policy, target = self.policy, request.style
        started = self._clock.monotonic()
        usable = calibration if policy.calibrate else Calibration(calibration.model)
        asked = target.with_changes(length=usable.ask_for(target.length))
        choices = policy.choices if policy.checking else 1
        request = replace(request, style=asked, time_left=policy.deadline, choices=choices)
        first = self._attempt(request, target)
        written = tuple(candidate.metrics.words for candidate in first)
        if policy.calibrate:  # what this answer shows of the model counts for its follow-ups
            usable = usable.observed(asked=asked.length, written=mean(written), now=None)
        candidates = [first[0]]
        attempts = [self._record(first[0], asked.length, started)]
        if policy.checking:
            self._correct(request, usable, candidates, attempts, started)
        best = min(reversed(candidates), key=lambda c: c.distance)  # ties: the newest
        shown = replace(
            best.generated,
            content=best.content,
            prompt_tokens=sum(a.prompt_tokens for a in attempts),
            completion_tokens=sum(a.completion_tokens for a in attempts),
            alternatives=(),
        )
        if not best.fit.fits:
            logger.info(
                "shown with misses after %d attempts: %s", len(attempts), best.fit.describe()
            )
        spent = round((self._clock.monotonic() - started) * 1000)
        return CheckedDraft(
            shown, tuple(attempts), best.fit, best.metrics, best.missed, spent, written
        )

    def _correct(
        self,
        request: GenerationRequest,
        calibration: Calibration,
        candidates: list[Candidate],
        attempts: list[Attempt],
        started: float,
    ) -> None:
        """Follow up on the closest candidate while it misses, there are follow-ups left and
        time for one; each answer joins `candidates` and `attempts`."""
        policy, target = self.policy, candidates[0].target
        best = candidates[0]
        while not best.done and len(attempts) <= policy.follow_ups:
            left = policy.deadline - (self._clock.monotonic() - started)
            if left <= attempts[-1].latency_ms / 1000:
                logger.info("no time left for a follow-up (%.1f s)", left)
                return
            words = calibration.asked_range(policy.tolerance.asking(target.length))
            instructions = follow_up_instructions(
                target, best.metrics, best.fit, words, best.missed
            )
            step = self._clock.monotonic()
            try:
                candidate = self._attempt(
                    replace(
                        request, follow_up=FollowUp(best.content, instructions), time_left=left
                    ),
                    target,
                )[0]
            except GenerationError as exc:
                logger.warning("a follow-up failed (%s): showing the closest draft", exc)
                return
            asked = round(sum(words) / 2) if "length" in best.fit.keys else target.length
            candidates.append(candidate)
            attempts.append(self._record(candidate, asked, step))
            best = min(reversed(candidates), key=lambda c: c.distance)

    def _attempt(self, request: GenerationRequest, target: Style) -> list[Candidate]:
        """Every choice of one call, checked (and repaired, when checking), closest first."""
        generated = self._generator.generate(request)
        candidates = [
            self._checked(text, generated, request, target)
            for text in (generated.content, *generated.alternatives)
        ]
        return sorted(candidates, key=lambda c: c.distance)  # stable: ties keep the first

    def _checked(
        self, text: str, generated: Generated, request: GenerationRequest, target: Style
    ) -> Candidate:
        content = repair(text, target, request.brief) if self.policy.checking else text
        metrics = measure(content)
        tolerance = self.policy.tolerance
        missed = missed_content(content, request.content)
        return Candidate(
            content,
            target,
            metrics,
            check(target, metrics, tolerance),
            distance(target, metrics, tolerance) + len(missed),
            generated,
            missed,
        )

    def _record(self, candidate: Candidate, asked_words: int, started: float) -> Attempt:
        generated = candidate.generated
        return Attempt(
            asked_words=asked_words,
            words=candidate.metrics.words,
            misses=candidate.fit.keys,
            prompt_tokens=generated.prompt_tokens,
            completion_tokens=generated.completion_tokens,
            latency_ms=round((self._clock.monotonic() - started) * 1000),
        )
