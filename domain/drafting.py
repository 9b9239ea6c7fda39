"""The drafting session as one aggregate: the session, its newest version, and its user.

Every request about a draft is answered here with a `Change`: what to store (a session
started or ended, versions added or closed, transcript lines, feedback, counter
increments) and what the user's reaction teaches. The application stores a change in one
unit of work and, when the change asks for one, has the next version written.

The rules in one place:
- Text while a draft is open is feedback on it; otherwise it is the session's brief.
- A reaction applies to the session's open draft, its newest version. A button or reply
  on an older version of it applies to the newest too, so two quick presses give two
  versions in order, the second building on the first; approving an older version
  approves that one (the user liked it better), and the newer ones are superseded. A press
  on a draft of a session that has ended gets one answer, and nothing is written.
- What a reaction teaches is read against the draft as the user saw it (its measured
  style); the next version moves only what the reaction asked to move.
- Approving or rejecting ends the session; a rating is given to an approved post.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

from domain import user_text
from domain.actions import Action
from domain.dimensions import style_from
from domain.errors import BareNumberError, ConflictError, NotFoundError, ValidationError
from domain.feedback import (
    ContentRequest,
    Feedback,
    FeedbackKind,
    FeedbackReading,
    read_feedback,
    reading_of,
)
from domain.learning import Observation, from_approval, from_edit, from_rating, from_rejection
from domain.messages import Message, Role
from domain.posts import EDITED_BY_USER, Generated, Post, validate_rating
from domain.sessions import Session
from domain.style import Style
from domain.text_metrics import measure
from domain.users import Counts, User


@dataclass(frozen=True, slots=True)
class Said:
    """A line of the transcript, for the session the change is about."""

    role: Role
    content: str
    satisfaction: int | None = None  # the 1-5 rating it gave, when it gave one

    def message(self, session_id: int, user_id: int, at: datetime) -> Message:
        return Message(session_id, user_id, self.role, self.content, at, self.satisfaction)


SESSION_ENDED = "The session ended while the draft was being written."


@dataclass(frozen=True, slots=True)
class NextVersion:
    """A version to write after the change is stored: `version` of the session's brief in
    `style` (None: the style known of the user, for a first version), replacing post
    `replaces` (None for a first version) whose text was `previous`, saying or leaving out
    what the session was asked to (`content`). `kept_style`: the feedback it answers
    asked for nothing understood, so only the wording changes."""

    brief: str
    style: Style | None = None
    version: int = 1
    replaces: int | None = None
    previous: str | None = None
    content: tuple[ContentRequest, ...] = ()
    kept_style: bool = False


@dataclass(frozen=True, slots=True)
class Change:
    """What a request changes, to be stored in one unit of work."""

    at: datetime
    user: User  # after the change: counters counted, activity touched
    session: Session  # after the change; id None: started by it, to add
    left: Session | None = None  # a session left behind for the new one
    closed: tuple[Post, ...] = ()  # stored versions whose status or rating changed
    added: Post | None = None  # a version to add to `session`
    said: tuple[Said, ...] = ()
    feedback: tuple[Feedback, ...] = ()
    observations: tuple[Observation, ...] = ()  # what the user's reaction teaches
    next: NextVersion | None = None  # the version to write once this is stored


@dataclass(frozen=True, slots=True)
class DraftingSession:
    """A user with their active session (or the session of the post a request names) and
    that session's newest version."""

    user: User
    session: Session | None
    latest: Post | None = None
    named: Post | None = None  # the version a request names (a button's), None: the open one
    feedback: tuple[Feedback, ...] = ()  # given in the session, when loaded
    # values the user set (/set) since the open draft was written, on the dimensions' scales
    settings: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def active(self) -> Session | None:
        """The session, while it is active."""
        return self.session if self.session is not None and self.session.is_active else None

    @property
    def open_draft(self) -> Post | None:
        """The version the user is working on, if the active session has one open."""
        if self.active is None:
            return None
        return self.latest if self.latest is not None and self.latest.is_open else None

    @property
    def undelivered(self) -> Post | None:
        """The open draft, when no chat message has shown it yet (its sending failed)."""
        draft = self.open_draft
        return draft if draft is not None and draft.shown_in is None else None

    # --- what the user writes -------------------------------------------------------------

    def text(self, text: str, now: datetime) -> Change:
        """Text while a draft is open is feedback on it; otherwise it is a brief. A number
        alone is neither: ratings are asked for where they are given."""
        if user_text.is_bare_number(text):
            raise BareNumberError(text.strip(), draft_open=self.open_draft is not None)
        if self.open_draft is not None:
            return self.react(now, text=text)
        return self.brief(text, now)

    def brief(self, text: str, now: datetime, *, new: bool = False) -> Change:
        """The session's brief (a new session's when none is active, or `new`), drafted in
        the style known of the user; a brief sent to an active session replaces its brief,
        and the next version keeps the style of the newest one."""
        brief = user_text.brief(text)
        user = self.user.touched(now)
        active = self.active
        if active is None or new:
            session = Session(self.user.id, now, brief=brief)
            return Change(
                now,
                user.counted(Counts(sessions=1)),
                session,
                left=active.abandon(now) if active is not None else None,
                said=(Said(Role.USER, brief),),
                next=NextVersion(brief),
            )
        latest = self.latest
        return Change(
            now,
            user,
            active.with_brief(brief),
            said=(Said(Role.USER, brief),),
            next=NextVersion(
                brief,
                latest.style if latest is not None else None,
                version=latest.version + 1 if latest is not None else 1,
                replaces=latest.id if latest is not None else None,
            ),
        )

    def start(self, now: datetime) -> Change:
        """A new, empty session; the active one, if any, is left behind."""
        active = self.active
        return Change(
            now,
            self.user.counted(Counts(sessions=1)).touched(now),
            Session(self.user.id, now),
            left=active.abandon(now) if active is not None else None,
        )

    def react(self, now: datetime, *, action: Action | None = None, text: str = "") -> Change:
        """A style action (or `regenerate`) or free text on the open draft: stored with what
        it teaches, and the next version ordered in the style it asks for."""
        if action is not None:
            if not action.revises:
                raise ValidationError(f"'{action.value}' does not ask for a new version.")
            reading, kind, said = FeedbackReading((action,)), FeedbackKind.ACTION, f":{action}"
        else:
            said = user_text.feedback(text)
            reading, kind = read_feedback(said), FeedbackKind.TEXT
        session, post = self._open()
        session = session.asked(reading.content)
        seen = post.measured_style  # learn from what the user saw, not what was asked
        written = said if kind is FeedbackKind.TEXT else None
        return Change(
            now,
            self.user,
            session,
            said=(Said(Role.USER, said),),
            feedback=(self._feedback(post, kind, now, signals=reading.signals, text=written),),
            observations=tuple(reading.observations(seen)),
            next=NextVersion(
                session.brief or "",
                self._restyled(reading, post),
                version=post.version + 1,
                replaces=post.id,
                previous=post.content,
                content=session.content,
                kept_style=kind is FeedbackKind.TEXT and not reading.understood,
            ),
        )

    def own_version(self, text: str, now: datetime) -> Change:
        """The user's own version of the open draft becomes the next version; its measured
        style is learned directly."""
        own = user_text.own_version(text)
        session, post = self._open()
        metrics = measure(own)
        assert session.id is not None
        edited = Post.draft(
            session_id=session.id,
            user_id=self.user.id,
            version=post.version + 1,
            style=metrics.as_style(),
            generated=Generated(own, EDITED_BY_USER, "edit"),
            latency_ms=0,
            now=now,
            measured=metrics,
        )
        return Change(
            now,
            self.user.counted(Counts(drafts=1)).touched(now),
            session.turned(),
            closed=(post.supersede(),),
            added=edited,
            said=(Said(Role.USER, own),),
            feedback=(self._feedback(post, FeedbackKind.EDIT, now, signals=("edit",), text=own),),
            observations=tuple(from_edit(metrics)),
        )

    # --- verdicts ---------------------------------------------------------------------------

    def approve(self, now: datetime) -> Change:
        """The open draft, or the older version named, is the post: the session completes
        and its measured style is learned. Versions newer than an approved older one are
        superseded."""
        session, post = self._open()
        named = self.named
        closed: tuple[Post, ...] = ()
        if named is not None and named.id != post.id:
            approved, closed = named.chosen_over_newer(), (post.supersede(),)
        else:
            approved = post.approve()
        return self._verdict(
            now, session.turned().complete(now), approved, FeedbackKind.APPROVE,
            Counts(approved=1), from_approval(approved.measured_style), closed,
        )  # fmt: skip

    def reject(self, now: datetime) -> Change:
        """The open draft is rejected and the session abandoned."""
        session, post = self._open()
        return self._verdict(
            now, session.turned().abandon(now), post.reject(), FeedbackKind.REJECT,
            Counts(rejected=1), from_rejection(),
        )  # fmt: skip

    def rate(self, rating: int, now: datetime) -> Change:
        """A 1-5 rating of the approved post this aggregate was loaded for; a new rating of
        the same post replaces the old one in the user's totals."""
        validate_rating(rating)
        post = self.latest
        if self.session is None or post is None:
            raise NotFoundError("There is no approved post to rate yet.")
        rated = post.rate(rating)
        counts = (
            Counts(ratings=1, ratings_sum=rating)
            if post.rating is None
            else Counts(ratings_sum=rating - post.rating)
        )
        return Change(
            now,
            self.user.counted(counts).touched(now),
            self.session,
            closed=(rated,),
            said=(Said(Role.USER, str(rating), satisfaction=rating),),
            feedback=(self._feedback(post, FeedbackKind.RATING, now, rating=rating),),
            observations=tuple(from_rating(post.measured_style, rating)),
        )

    # --- the bot's side ---------------------------------------------------------------------

    def drafted(self, order: NextVersion, draft: Post, first_fit: bool) -> Change:
        """A written version arrives: it supersedes the open draft it was ordered to replace
        and goes to the transcript. The session must still be where the order left it."""
        session = self.active
        if session is None:
            raise ConflictError(SESSION_ENDED)
        latest = self.latest
        if (latest.id if latest else None) != order.replaces:
            raise ConflictError("The draft changed while the next version was being written.")
        now = draft.created_at
        return Change(
            now,
            self.user.counted(Counts(drafts=1, checked=1, first_fit=int(first_fit))).touched(now),
            session.turned(),
            closed=(latest.supersede(),) if latest is not None and latest.is_open else (),
            added=draft,
            said=(Said(Role.ASSISTANT, draft.content),),
        )

    def retried(self) -> NextVersion:
        """After a failed draft, the version to write again: the brief's first version when
        no draft is open, else the next one with every revising feedback on the open draft
        that never got its version (the aggregate is loaded with the session's feedback)."""
        session = self.active
        if session is None or not session.brief:
            raise NotFoundError("There is nothing to retry. Send a brief to start a draft.")
        post = self.open_draft
        if post is None:
            return NextVersion(session.brief)
        style = post.style
        revising = (FeedbackKind.ACTION, FeedbackKind.TEXT)
        for given in self.feedback:
            if given.post_id == post.id and given.kind in revising:
                style = reading_of(given.signals).applied_to(style, post.measured_style)
        return NextVersion(
            session.brief,
            style_from(self.settings, style),
            version=post.version + 1,
            replaces=post.id,
            previous=post.content,
            content=session.content,
        )

    # --- helpers ----------------------------------------------------------------------------

    def _restyled(self, reading: FeedbackReading, post: Post) -> Style:
        """The next version's style: values the user set since the draft replace what it
        was asked for (and what they saw, so "longer" after "/set length 60" is longer than
        60), then the reaction moves what it asks to move."""
        if not self.settings:
            return reading.applied_to(post.style, post.measured_style)
        asked = style_from(self.settings, post.style)
        seen = style_from(self.settings, post.measured_style)
        return reading.applied_to(asked, seen)

    def _open(self) -> tuple[Session, Post]:
        """The session and its open draft, which a reaction is about: the newest version,
        also when the request names an older one of the same session."""
        session, post = self.active, self.open_draft
        named = self.named
        if named is not None and session is None:
            raise ConflictError(
                f"Draft {named.id} is from a session that has ended. Send a brief to start"
                " a new one."
            )
        if session is None or post is None:
            raise NotFoundError("There is no open draft. Send a brief to start one.")
        return session, post

    def _verdict(
        self,
        now: datetime,
        session: Session,
        decided: Post,
        kind: FeedbackKind,
        counts: Counts,
        observations: list[Observation],
        superseded: tuple[Post, ...] = (),
    ) -> Change:
        return Change(
            now,
            self.user.counted(counts).touched(now),
            session,
            closed=(*superseded, decided),  # the decided version last
            said=(Said(Role.USER, f":{kind.value}"),),
            feedback=(self._feedback(decided, kind, now),),
            observations=tuple(observations),
        )

    def _feedback(
        self,
        post: Post,
        kind: FeedbackKind,
        now: datetime,
        *,
        signals: tuple[str, ...] = (),
        text: str | None = None,
        rating: int | None = None,
    ) -> Feedback:
        assert post.id is not None
        return Feedback(
            self.user.id, post.session_id, post.id, kind, now,
            signals=signals, rating=rating, text=text,
        )  # fmt: skip
