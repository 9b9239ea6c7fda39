"""The conversation's use cases, end to end on the in-memory adapter."""

from __future__ import annotations

import pytest

from application.bus import Bus
from application.requests import (
    Act,
    Context,
    Edit,
    Export,
    Forget,
    Hello,
    New,
    Rate,
    Retry,
    Sessions,
    Shown,
    Stats,
    Text,
    Unshown,
)
from application.views import DraftView, SessionView
from domain.actions import Action
from domain.errors import ConflictError, GenerationError, NotFoundError, ValidationError
from domain.feedback import ContentRequest, FeedbackKind
from domain.generation import Turn
from domain.messages import Role
from domain.ports import UnitOfWork
from domain.posts import PostStatus
from domain.sessions import SessionStatus
from domain.style import Formality, Style
from tests.application.conftest import OTHER, USER, memory_container
from tests.fakes import EchoGenerator, FlakyGenerator

BRIEF = "Our bakery opens a second shop on Main Street next Saturday"


def test_a_brief_starts_a_session_and_answers_with_a_first_draft(bus: Bus, uow: UnitOfWork) -> None:
    draft = bus.handle(Text(USER, BRIEF))

    assert draft.version == 1 and draft.status is PostStatus.DRAFT
    assert draft.style == Style()
    with uow:
        session = uow.sessions.active_for(USER)
        assert session is not None and session.brief == BRIEF
        history = uow.messages.list_for_session(draft.session_id)
        assert [(m.role, m.content) for m in history] == [
            (Role.USER, BRIEF),
            (Role.ASSISTANT, draft.content),
        ]
        user = uow.users.get(USER)
        assert user is not None and (user.sessions_count, user.drafts_count) == (1, 1)


def test_text_while_a_draft_is_open_is_feedback_answered_with_the_next_version(
    bus: Bus, uow: UnitOfWork
) -> None:
    first = bus.handle(Text(USER, BRIEF))
    second = bus.handle(Text(USER, "way too long"))

    assert second.session_id == first.session_id and second.version == 2
    assert second.style.length < first.style.length
    with uow:
        posts = uow.posts.list_for_session(first.session_id)
        assert [p.status for p in posts] == [PostStatus.SUPERSEDED, PostStatus.DRAFT]
        [feedback] = uow.feedback.list_for_session(first.session_id)
        assert feedback.kind is FeedbackKind.TEXT and feedback.signals == ("shorter",)
        assert feedback.text == "way too long" and feedback.post_id == first.post_id


@pytest.mark.parametrize(
    ("action", "changed"),
    [
        (Action.SHORTER, {"length": 56}),
        (Action.LONGER, {"length": 114}),
        (Action.CASUAL, {"formality": Formality.CASUAL}),
        (Action.FORMAL, {"formality": Formality.FORMAL}),
        (Action.MORE_EMOJI, {"emoji": 2}),
        (Action.LESS_EMOJI, {"emoji": 0}),
        (Action.MORE_HASHTAGS, {"hashtags": 3}),
        (Action.LESS_HASHTAGS, {"hashtags": 1}),
        (Action.ADD_CTA, {"cta": True}),
        (Action.DROP_CTA, {}),
        (Action.REGENERATE, {}),
    ],
)
def test_each_style_action_moves_exactly_its_dimension(
    bus: Bus, action: Action, changed: dict[str, object]
) -> None:
    first = bus.handle(Text(USER, BRIEF))
    second = bus.handle(Act(USER, action, first.post_id))

    assert second.style == first.style.with_changes(**changed)
    assert second.content != first.content  # a new wording, even when the style is the same


def test_unknown_feedback_is_kept_and_answered_with_a_fresh_wording(
    bus: Bus, uow: UnitOfWork, generator: EchoGenerator
) -> None:
    first = bus.handle(Text(USER, BRIEF))
    second = bus.handle(Text(USER, "hmm, not sure about this one"))

    assert second.style == first.style and second.content != first.content
    assert second.kept_style  # said to the user: nothing understood, the style is kept
    assert generator.requests[-1].history == (
        Turn(Role.ASSISTANT, first.content),
        Turn(Role.USER, "hmm, not sure about this one"),
    )
    assert generator.requests[-1].previous_draft == first.content
    with uow:
        [feedback] = uow.feedback.list_for_user(USER)
        assert feedback.signals == () and feedback.text == "hmm, not sure about this one"


def test_a_content_request_is_carried_into_every_later_version_of_the_session(
    bus: Bus, uow: UnitOfWork, generator: EchoGenerator
) -> None:
    first = bus.handle(Text(USER, BRIEF))
    second = bus.handle(Text(USER, "mention our sourdough"))
    bus.handle(Act(USER, Action.SHORTER, second.post_id))
    shorter = generator.requests[-1]
    bus.handle(Text(USER, "don't mention our sourdough, and say parking is free"))
    last = generator.requests[-1]

    assert not second.kept_style and second.style == first.style
    assert generator.requests[-3].content == (ContentRequest("our sourdough"),)
    assert shorter.content == (ContentRequest("our sourdough"),)  # kept by a later action
    assert last.content == (
        ContentRequest("our sourdough", include=False),
        ContentRequest("parking is free"),
    )
    with uow:
        signals = [f.signals for f in uow.feedback.list_for_user(USER)]
    assert signals[0] == ("mention:our sourdough",)


def test_approval_completes_the_session_and_the_next_session_starts_from_the_learned_style(
    bus: Bus, uow: UnitOfWork
) -> None:
    first = bus.handle(Text(USER, BRIEF))
    shorter = bus.handle(Act(USER, Action.SHORTER, first.post_id))
    approved = bus.handle(Act(USER, Action.APPROVE, shorter.post_id))
    next_session = bus.handle(Text(USER, "Summer opening hours"))

    assert approved.status is PostStatus.APPROVED
    assert next_session.session_id != first.session_id and next_session.version == 1
    # "shorter" then approval at 56 words: the estimate moved most of the way from 80 to 56
    assert shorter.style.length == 56 and 56 <= next_session.style.length <= 62
    assert next_session.style.with_changes(length=56) == shorter.style
    with uow:
        sessions = uow.sessions.list_for_user(USER)
        assert [s.status for s in sessions] == [SessionStatus.ACTIVE, SessionStatus.COMPLETED]
        length = uow.preferences.get_profile(USER).get("length")
        assert length is not None and length.evidence_count == 2 and 0 < length.confidence < 1


def test_rejection_abandons_the_session_so_the_next_text_is_a_new_brief(
    bus: Bus, uow: UnitOfWork
) -> None:
    first = bus.handle(Text(USER, BRIEF))
    rejected = bus.handle(Act(USER, Action.REJECT))
    again = bus.handle(Text(USER, "A different idea"))

    assert rejected.status is PostStatus.REJECTED
    assert again.session_id != first.session_id and again.version == 1
    with uow:
        old = uow.sessions.get(first.session_id)
        assert old is not None and old.status is SessionStatus.ABANDONED
        assert uow.users.get(USER).rejected_count == 1  # type: ignore[union-attr]


def test_rating_the_approved_post_counts_toward_satisfaction_and_rerating_replaces_it(
    bus: Bus,
) -> None:
    bus.handle(Text(USER, BRIEF))
    approved = bus.handle(Act(USER, Action.APPROVE))

    assert bus.handle(Rate(USER, 4)).rating == 4
    assert bus.handle(Rate(USER, 2, approved.post_id)).rating == 2
    stats = bus.handle(Stats(USER))
    assert stats.ratings == 1 and stats.avg_satisfaction == 2.0


@pytest.mark.parametrize("rating", [0, 6, 9, -1])
def test_a_rating_outside_one_to_five_is_refused(bus: Bus, rating: int) -> None:
    bus.handle(Text(USER, BRIEF))
    bus.handle(Act(USER, Action.APPROVE))

    with pytest.raises(ValidationError, match="1 to 5"):
        bus.handle(Rate(USER, rating))


def test_rating_before_any_approval_is_refused_clearly(bus: Bus) -> None:
    bus.handle(Text(USER, BRIEF))

    with pytest.raises(NotFoundError, match="no approved post"):
        bus.handle(Rate(USER, 5))


def test_stats_count_sessions_drafts_and_approvals(bus: Bus) -> None:
    for brief in (BRIEF, "Autumn menu"):
        bus.handle(Text(USER, brief))
        bus.handle(Act(USER, Action.SHORTER))
        bus.handle(Act(USER, Action.APPROVE))
        bus.handle(Rate(USER, 5))
    bus.handle(Text(USER, "Abandoned idea"))

    stats = bus.handle(Stats(USER))
    assert (stats.sessions, stats.posts, stats.approved_posts) == (3, 5, 2)
    assert stats.approval_rate == pytest.approx(2 / 3, abs=0.001)
    assert stats.avg_satisfaction == 5.0 and stats.drafts_per_approval == 2.5


def test_sessions_are_listed_newest_first_with_their_brief_and_latest_draft(
    bus: Bus,
) -> None:
    bus.handle(Text(USER, BRIEF))
    bus.handle(Act(USER, Action.APPROVE))
    latest = bus.handle(Text(USER, "Autumn menu"))

    views = bus.handle(Sessions(USER))
    assert [v.brief for v in views] == ["Autumn menu", BRIEF]
    assert views[0].latest == latest and views[1].latest is not None
    assert views[1].latest.status is PostStatus.APPROVED


def test_a_generator_failure_keeps_the_brief_and_stores_no_draft() -> None:
    failing = memory_container(FlakyGenerator(failures=1))
    bus = failing.bus()
    bus.handle(Hello(USER))

    with pytest.raises(GenerationError):
        bus.handle(Text(USER, BRIEF))
    with failing.uow_factory()() as uow:
        session = uow.sessions.active_for(USER)
        assert session is not None and session.brief == BRIEF
        assert [m.content for m in uow.messages.list_for_session(session.id)] == [BRIEF]  # type: ignore[arg-type]
        assert uow.posts.list_for_user(USER) == []

    retried = bus.handle(Text(USER, BRIEF))  # no draft is open: the text is the brief again
    assert retried.session_id == session.id and retried.version == 1


def test_another_users_draft_cannot_be_touched(bus: Bus) -> None:
    mine = bus.handle(Text(USER, BRIEF))

    for action in (Action.APPROVE, Action.SHORTER, Action.REJECT):
        with pytest.raises(NotFoundError):
            bus.handle(Act(OTHER, action, mine.post_id))
    with pytest.raises(NotFoundError):
        bus.handle(Rate(OTHER, 5, mine.post_id))


def test_an_action_on_an_older_version_applies_to_the_newest(
    bus: Bus, generator: EchoGenerator
) -> None:
    first = bus.handle(Text(USER, BRIEF))
    second = bus.handle(Act(USER, Action.FORMAL, first.post_id))
    third = bus.handle(Act(USER, Action.SHORTER, first.post_id))  # a quick second press on v1

    assert (second.version, third.version) == (2, 3)
    assert third.style.formality is Formality.FORMAL  # built on v2, not on v1
    assert third.style.length < second.style.length
    assert generator.requests[-1].previous_draft == second.content


def test_approving_an_older_version_approves_it_and_supersedes_the_newer(
    bus: Bus, uow: UnitOfWork
) -> None:
    first = bus.handle(Text(USER, BRIEF))
    bus.handle(Act(USER, Action.SHORTER))
    bus.handle(Act(USER, Action.CASUAL))

    approved = bus.handle(Act(USER, Action.APPROVE, first.post_id))

    assert (approved.post_id, approved.status) == (first.post_id, PostStatus.APPROVED)
    with uow:
        statuses = [p.status for p in uow.posts.list_for_session(first.session_id)]
        session = uow.sessions.get(first.session_id)
    assert statuses == [PostStatus.APPROVED, PostStatus.SUPERSEDED, PostStatus.SUPERSEDED]
    assert session is not None and session.status is SessionStatus.COMPLETED
    assert bus.handle(Rate(USER, 5)).post_id == first.post_id  # the approved one is rated


def test_a_press_on_an_ended_session_gets_one_answer_and_calls_no_generator(
    bus: Bus, generator: EchoGenerator
) -> None:
    first = bus.handle(Text(USER, BRIEF))
    bus.handle(Act(USER, Action.APPROVE))
    bus.handle(Text(USER, "Autumn menu"))  # a new session is open meanwhile
    asked = len(generator.requests)

    for action in (Action.SHORTER, Action.APPROVE, Action.REJECT):
        with pytest.raises(ConflictError, match="from a session that has ended"):
            bus.handle(Act(USER, action, first.post_id))
    assert len(generator.requests) == asked


def test_new_leaves_the_open_session_behind(bus: Bus, uow: UnitOfWork) -> None:
    first = bus.handle(Text(USER, BRIEF))
    fresh = bus.handle(New(USER))
    drafted = bus.handle(Text(USER, "Autumn menu"))

    assert isinstance(fresh, SessionView) and drafted.session_id == fresh.session_id
    with uow:
        old = uow.sessions.get(first.session_id)
        assert old is not None and old.status is SessionStatus.ABANDONED


def test_new_with_a_brief_drafts_at_once(bus: Bus) -> None:
    first = bus.handle(Text(USER, BRIEF))
    drafted = bus.handle(New(USER, "Autumn menu"))

    assert isinstance(drafted, DraftView)
    assert drafted.session_id != first.session_id and drafted.version == 1


def test_an_oversized_brief_is_refused_and_nothing_is_stored(bus: Bus, uow: UnitOfWork) -> None:
    with pytest.raises(ValidationError, match="too long"):
        bus.handle(Text(USER, "x" * 20_000))
    with uow:
        assert uow.sessions.list_for_user(USER) == []


def test_empty_feedback_and_unknown_users_get_clear_errors(bus: Bus) -> None:
    bus.handle(Text(USER, BRIEF))

    with pytest.raises(ValidationError):
        bus.handle(Text(USER, "   "))
    with pytest.raises(NotFoundError):
        bus.handle(Stats(999))


def test_export_holds_every_row_of_the_user_and_none_of_anyone_elses(
    bus: Bus,
) -> None:
    bus.handle(Text(OTHER, "Not mine"))
    first = bus.handle(Text(USER, BRIEF))
    bus.handle(Act(USER, Action.SHORTER))
    bus.handle(Act(USER, Action.APPROVE))
    bus.handle(Rate(USER, 5))

    exported = bus.handle(Export(USER))

    assert (exported["format"], exported["version"]) == ("postmind-export", 1)
    assert exported["user"]["id"] == USER
    assert [p["version"] for p in exported["posts"]] == [1, 2]
    assert exported["posts"][0]["id"] == first.post_id
    assert exported["posts"][0]["content"] == first.content
    assert [p["status"] for p in exported["posts"]] == ["superseded", "approved"]
    assert len(exported["messages"]) == 6 and len(exported["feedback"]) == 3
    assert {p["key"] for p in exported["preferences"]} >= {"length"}
    assert "Not mine" not in str(exported)


def test_forget_erases_everything_of_the_user_and_proves_it(bus: Bus) -> None:
    bus.handle(Text(OTHER, "Not mine"))
    bus.handle(Text(USER, BRIEF))
    bus.handle(Act(USER, Action.APPROVE))

    result = bus.handle(Forget(USER))

    assert (result.sessions_erased, result.rows_left) == (1, 0)
    with pytest.raises(NotFoundError):
        bus.handle(Export(USER))
    assert bus.handle(Export(OTHER))["sessions"][0]["brief"] == "Not mine"


def test_context_shows_the_style_brief_and_history_the_next_draft_starts_from(
    bus: Bus,
) -> None:
    bus.handle(Text(USER, BRIEF))
    bus.handle(Act(USER, Action.SHORTER))

    view = bus.handle(Context(USER))

    assert view.brief == BRIEF and view.open_draft_version == 2
    assert view.history_messages == 3  # draft v1, ":shorter", draft v2 (the brief is apart)
    assert view.history_included == 3 and view.history_dropped == 0
    assert view.style[0].value == "about 56 words"
    assert view.instructions[0] == "Write about 56 words, not counting hashtags."
    assert 0 < view.tokens <= view.budget == 3000


class _FailsOnCall(EchoGenerator):
    """Succeeds except on the listed call numbers (1-based)."""

    def __init__(self, *failing: int) -> None:
        super().__init__()
        self.failing, self.calls = set(failing), 0

    def generate(self, request):  # type: ignore[no-untyped-def]
        self.calls += 1
        if self.calls in self.failing:
            raise GenerationError("The writer is unavailable right now.")
        return super().generate(request)


def test_retry_after_failed_feedback_applies_that_feedback_without_recording_it_twice() -> None:
    container = memory_container(_FailsOnCall(2, 3))
    bus = container.bus()
    bus.handle(Hello(USER))
    first = bus.handle(Text(USER, BRIEF))
    for feedback in ("way too long", "no emojis please"):
        with pytest.raises(GenerationError):
            bus.handle(Text(USER, feedback))

    retried = bus.handle(Retry(USER))

    assert retried.version == 2 and retried.style.length == 56 and retried.style.emoji == 0
    assert retried.style.with_changes(length=80, emoji=1) == first.style
    with container.uow_factory()() as uow:
        assert len(uow.feedback.list_for_user(USER)) == 2
        said = [m.content for m in uow.messages.list_for_session(first.session_id)]
    assert said == [BRIEF, first.content, "way too long", "no emojis please", retried.content]


def test_retry_after_a_failed_first_draft_drafts_the_brief_without_repeating_it() -> None:
    container = memory_container(_FailsOnCall(1))
    bus = container.bus()
    bus.handle(Hello(USER))
    with pytest.raises(GenerationError):
        bus.handle(Text(USER, BRIEF))

    retried = bus.handle(Retry(USER))

    assert retried.version == 1
    with container.uow_factory()() as uow:
        said = [m.content for m in uow.messages.list_for_session(retried.session_id)]
    assert said == [BRIEF, retried.content]


def test_retry_with_nothing_to_retry_is_a_clear_error(bus: Bus) -> None:
    with pytest.raises(NotFoundError, match="nothing to retry"):
        bus.handle(Retry(USER))


def test_a_reply_names_the_version_shown_in_the_message_it_replies_to(bus: Bus) -> None:
    first = bus.handle(Text(USER, BRIEF))
    bus.handle(Shown(USER, first.post_id, 501))
    second = bus.handle(Act(USER, Action.SHORTER))
    bus.handle(Shown(USER, second.post_id, 502))

    assert bus.handle(Unshown(USER)) is None  # every version was shown
    edited = bus.handle(Edit(USER, "Our own words for the second shop.", in_reply_to=501))

    assert edited.version == 3  # a reply to v1's message acts on the newest version
    with pytest.raises(NotFoundError):
        bus.handle(Shown(OTHER, first.post_id, 503))  # not theirs to mark


def test_a_draft_never_shown_is_offered_again(bus: Bus) -> None:
    draft = bus.handle(Text(USER, BRIEF))

    again = bus.handle(Unshown(USER))

    assert again is not None and again.post_id == draft.post_id
    bus.handle(Shown(USER, draft.post_id, 7))
    assert bus.handle(Unshown(USER)) is None
    assert bus.handle(Unshown(OTHER)) is None
    assert bus.handle(Unshown(999)) is None  # nobody (or forgotten): nothing to deliver
