"""The conversation's use cases, end to end on the in-memory adapter."""

from __future__ import annotations

import pytest

from application.conversation import Conversation
from application.use_cases.register_user import RegisterUserRequest
from application.views import DraftView, SessionView
from domain.actions import Action
from domain.errors import ConflictError, GenerationError, NotFoundError, ValidationError
from domain.feedback import FeedbackKind
from domain.generation import Turn
from domain.messages import Role
from domain.ports import UnitOfWork
from domain.posts import PostStatus
from domain.sessions import SessionStatus
from domain.style import Formality, Style
from tests.application.conftest import OTHER, USER, memory_container
from tests.fakes import EchoGenerator, FlakyGenerator

BRIEF = "Our bakery opens a second shop on Main Street next Saturday"


def test_a_brief_starts_a_session_and_answers_with_a_first_draft(
    conversation: Conversation, uow: UnitOfWork
) -> None:
    draft = conversation.text(USER, BRIEF)

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
    conversation: Conversation, uow: UnitOfWork
) -> None:
    first = conversation.text(USER, BRIEF)
    second = conversation.text(USER, "way too long")

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
    conversation: Conversation, action: Action, changed: dict[str, object]
) -> None:
    first = conversation.text(USER, BRIEF)
    second = conversation.act(USER, action, first.post_id)

    assert second.style == first.style.with_changes(**changed)
    assert second.content != first.content  # a new wording, even when the style is the same


def test_unknown_feedback_is_kept_and_answered_with_a_fresh_wording(
    conversation: Conversation, uow: UnitOfWork, generator: EchoGenerator
) -> None:
    first = conversation.text(USER, BRIEF)
    second = conversation.text(USER, "mention our sourdough")

    assert second.style == first.style and second.content != first.content
    assert generator.requests[-1].history == (
        Turn(Role.ASSISTANT, first.content),
        Turn(Role.USER, "mention our sourdough"),
    )
    assert generator.requests[-1].previous_draft == first.content
    with uow:
        [feedback] = uow.feedback.list_for_user(USER)
        assert feedback.signals == () and feedback.text == "mention our sourdough"


def test_approval_completes_the_session_and_the_next_session_starts_from_the_learned_style(
    conversation: Conversation, uow: UnitOfWork
) -> None:
    first = conversation.text(USER, BRIEF)
    shorter = conversation.act(USER, Action.SHORTER, first.post_id)
    approved = conversation.act(USER, Action.APPROVE, shorter.post_id)
    next_session = conversation.text(USER, "Summer opening hours")

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
    conversation: Conversation, uow: UnitOfWork
) -> None:
    first = conversation.text(USER, BRIEF)
    rejected = conversation.act(USER, Action.REJECT)
    again = conversation.text(USER, "A different idea")

    assert rejected.status is PostStatus.REJECTED
    assert again.session_id != first.session_id and again.version == 1
    with uow:
        old = uow.sessions.get(first.session_id)
        assert old is not None and old.status is SessionStatus.ABANDONED
        assert uow.users.get(USER).rejected_count == 1  # type: ignore[union-attr]


def test_rating_the_approved_post_counts_toward_satisfaction_and_rerating_replaces_it(
    conversation: Conversation,
) -> None:
    conversation.text(USER, BRIEF)
    approved = conversation.act(USER, Action.APPROVE)

    assert conversation.rate(USER, 4).rating == 4
    assert conversation.rate(USER, 2, approved.post_id).rating == 2
    stats = conversation.stats(USER)
    assert stats.ratings == 1 and stats.avg_satisfaction == 2.0


@pytest.mark.parametrize("rating", [0, 6, 9, -1])
def test_a_rating_outside_one_to_five_is_refused(conversation: Conversation, rating: int) -> None:
    conversation.text(USER, BRIEF)
    conversation.act(USER, Action.APPROVE)

    with pytest.raises(ValidationError, match="1 to 5"):
        conversation.rate(USER, rating)


def test_rating_before_any_approval_is_refused_clearly(conversation: Conversation) -> None:
    conversation.text(USER, BRIEF)

    with pytest.raises(NotFoundError, match="no approved post"):
        conversation.rate(USER, 5)


def test_stats_count_sessions_drafts_and_approvals(conversation: Conversation) -> None:
    for brief in (BRIEF, "Autumn menu"):
        conversation.text(USER, brief)
        conversation.act(USER, Action.SHORTER)
        conversation.act(USER, Action.APPROVE)
        conversation.rate(USER, 5)
    conversation.text(USER, "Abandoned idea")

    stats = conversation.stats(USER)
    assert (stats.sessions, stats.posts, stats.approved_posts) == (3, 5, 2)
    assert stats.approval_rate == pytest.approx(2 / 3, abs=0.001)
    assert stats.avg_satisfaction == 5.0 and stats.drafts_per_approval == 2.5


def test_sessions_are_listed_newest_first_with_their_brief_and_latest_draft(
    conversation: Conversation,
) -> None:
    conversation.text(USER, BRIEF)
    conversation.act(USER, Action.APPROVE)
    latest = conversation.text(USER, "Autumn menu")

    views = conversation.sessions(USER)
    assert [v.brief for v in views] == ["Autumn menu", BRIEF]
    assert views[0].latest == latest and views[1].latest is not None
    assert views[1].latest.status is PostStatus.APPROVED


def test_a_generator_failure_keeps_the_brief_and_stores_no_draft() -> None:
    failing = memory_container(FlakyGenerator(failures=1))
    conversation = failing.conversation()
    conversation.hello(RegisterUserRequest(USER))

    with pytest.raises(GenerationError):
        conversation.text(USER, BRIEF)
    with failing.uow_factory()() as uow:
        session = uow.sessions.active_for(USER)
        assert session is not None and session.brief == BRIEF
        assert [m.content for m in uow.messages.list_for_session(session.id)] == [BRIEF]  # type: ignore[arg-type]
        assert uow.posts.list_for_user(USER) == []

    retried = conversation.text(USER, BRIEF)  # no draft is open: the text is the brief again
    assert retried.session_id == session.id and retried.version == 1


def test_another_users_draft_cannot_be_touched(conversation: Conversation) -> None:
    mine = conversation.text(USER, BRIEF)

    for action in (Action.APPROVE, Action.SHORTER, Action.REJECT):
        with pytest.raises(NotFoundError):
            conversation.act(OTHER, action, mine.post_id)
    with pytest.raises(NotFoundError):
        conversation.rate(OTHER, 5, mine.post_id)


def test_an_action_on_a_replaced_version_is_a_conflict(conversation: Conversation) -> None:
    first = conversation.text(USER, BRIEF)
    conversation.act(USER, Action.SHORTER, first.post_id)

    with pytest.raises(ConflictError, match="no longer the current"):
        conversation.act(USER, Action.APPROVE, first.post_id)


def test_new_leaves_the_open_session_behind(conversation: Conversation, uow: UnitOfWork) -> None:
    first = conversation.text(USER, BRIEF)
    fresh = conversation.new(USER)
    drafted = conversation.text(USER, "Autumn menu")

    assert isinstance(fresh, SessionView) and drafted.session_id == fresh.session_id
    with uow:
        old = uow.sessions.get(first.session_id)
        assert old is not None and old.status is SessionStatus.ABANDONED


def test_new_with_a_brief_drafts_at_once(conversation: Conversation) -> None:
    first = conversation.text(USER, BRIEF)
    drafted = conversation.new(USER, "Autumn menu")

    assert isinstance(drafted, DraftView)
    assert drafted.session_id != first.session_id and drafted.version == 1


def test_an_oversized_brief_is_refused_and_nothing_is_stored(
    conversation: Conversation, uow: UnitOfWork
) -> None:
    with pytest.raises(ValidationError, match="too long"):
        conversation.text(USER, "x" * 20_000)
    with uow:
        assert uow.sessions.list_for_user(USER) == []


def test_empty_feedback_and_unknown_users_get_clear_errors(conversation: Conversation) -> None:
    conversation.text(USER, BRIEF)

    with pytest.raises(ValidationError):
        conversation.text(USER, "   ")
    with pytest.raises(NotFoundError):
        conversation.stats(999)


def test_export_holds_every_row_of_the_user_and_none_of_anyone_elses(
    conversation: Conversation,
) -> None:
    conversation.text(OTHER, "Not mine")
    first = conversation.text(USER, BRIEF)
    conversation.act(USER, Action.SHORTER)
    conversation.act(USER, Action.APPROVE)
    conversation.rate(USER, 5)

    exported = conversation.export(USER)

    assert (exported["format"], exported["version"]) == ("postmind-export", 1)
    assert exported["user"]["id"] == USER
    assert [p["version"] for p in exported["posts"]] == [1, 2]
    assert exported["posts"][0]["id"] == first.post_id
    assert exported["posts"][0]["content"] == first.content
    assert [p["status"] for p in exported["posts"]] == ["superseded", "approved"]
    assert len(exported["messages"]) == 6 and len(exported["feedback"]) == 3
    assert {p["key"] for p in exported["preferences"]} >= {"length"}
    assert "Not mine" not in str(exported)


def test_forget_erases_everything_of_the_user_and_proves_it(conversation: Conversation) -> None:
    conversation.text(OTHER, "Not mine")
    conversation.text(USER, BRIEF)
    conversation.act(USER, Action.APPROVE)

    result = conversation.forget(USER)

    assert (result.sessions_erased, result.rows_left) == (1, 0)
    with pytest.raises(NotFoundError):
        conversation.export(USER)
    assert conversation.export(OTHER)["sessions"][0]["brief"] == "Not mine"


def test_context_shows_the_style_brief_and_history_the_next_draft_starts_from(
    conversation: Conversation,
) -> None:
    conversation.text(USER, BRIEF)
    conversation.act(USER, Action.SHORTER)

    view = conversation.context(USER)

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
            raise GenerationError("The writer is unavailable right now. Please try again.")
        return super().generate(request)


def test_retry_after_failed_feedback_applies_that_feedback_without_recording_it_twice() -> None:
    container = memory_container(_FailsOnCall(2, 3))
    conversation = container.conversation()
    conversation.hello(RegisterUserRequest(USER))
    first = conversation.text(USER, BRIEF)
    for feedback in ("way too long", "no emojis please"):
        with pytest.raises(GenerationError):
            conversation.text(USER, feedback)

    retried = conversation.retry(USER)

    assert retried.version == 2 and retried.style.length == 56 and retried.style.emoji == 0
    assert retried.style.with_changes(length=80, emoji=1) == first.style
    with container.uow_factory()() as uow:
        assert len(uow.feedback.list_for_user(USER)) == 2
        said = [m.content for m in uow.messages.list_for_session(first.session_id)]
    assert said == [BRIEF, first.content, "way too long", "no emojis please", retried.content]


def test_retry_after_a_failed_first_draft_drafts_the_brief_without_repeating_it() -> None:
    container = memory_container(_FailsOnCall(1))
    conversation = container.conversation()
    conversation.hello(RegisterUserRequest(USER))
    with pytest.raises(GenerationError):
        conversation.text(USER, BRIEF)

    retried = conversation.retry(USER)

    assert retried.version == 1
    with container.uow_factory()() as uow:
        said = [m.content for m in uow.messages.list_for_session(retried.session_id)]
    assert said == [BRIEF, retried.content]


def test_retry_with_nothing_to_retry_is_a_clear_error(conversation: Conversation) -> None:
    with pytest.raises(NotFoundError, match="nothing to retry"):
        conversation.retry(USER)
