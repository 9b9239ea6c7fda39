"""The drafting session aggregate: each request answered with the change to store."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from types import MappingProxyType

import pytest

from domain.actions import Action
from domain.drafting import DraftingSession, NextVersion
from domain.errors import (
    BareNumberError,
    ConflictError,
    EmptyTextError,
    NotFoundError,
    ValidationError,
)
from domain.feedback import ContentRequest, Feedback, FeedbackKind
from domain.messages import Role
from domain.posts import Generated, Post, PostStatus
from domain.sessions import Session, SessionStatus
from domain.style import Formality, Style
from domain.users import Counts, User

T0 = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
LATER = T0 + timedelta(minutes=5)
TEXT = (
    "Our bakery opens a second shop on Main Street next Saturday. We have baked in this town"
    " for twelve years, and the new shop brings the same bread, the same pastries and the"
    " same early hours to the other side of the river. Come and taste! #bakery"
)
OWN = (
    "Second shop on Main Street, from Saturday: the same bread and pastries, the same early"
    " hours, now on the other side of the river. Come by and say hello!"
)


def a_user() -> User:
    return User(id=7, created_at=T0, last_active_at=T0)


def a_session(**changes: object) -> Session:
    return replace(Session(7, T0, brief="A second shop", id=3), **changes)  # type: ignore[arg-type]


def a_post(version: int = 1, **changes: object) -> Post:
    post = Post.draft(
        session_id=3, user_id=7, version=version, style=Style(length=60),
        generated=Generated(TEXT, "offline", "offline"), latency_ms=5, now=T0,
    )  # fmt: skip
    return replace(post, id=10 + version, **changes)  # type: ignore[arg-type]


def drafting(
    latest: Post | None = None, named: Post | None = None, **session: object
) -> DraftingSession:
    return DraftingSession(a_user(), a_session(**session), latest, named=named)


def test_text_without_an_open_draft_is_the_brief_of_a_new_session() -> None:
    change = DraftingSession(a_user(), None).text("  Our   new shop ", LATER)

    assert change.session.id is None and change.session.brief == "Our new shop"
    assert change.user.sessions_count == 1 and change.user.last_active_at == LATER
    assert [(s.role, s.content) for s in change.said] == [(Role.USER, "Our new shop")]
    assert change.next == NextVersion("Our new shop")  # in the style known of the user
    assert not change.feedback and not change.observations


def test_text_on_an_open_draft_is_feedback_ordering_the_next_version_from_what_was_seen() -> None:
    post = a_post()
    change = drafting(post).text("way too long", LATER)

    [feedback] = change.feedback
    assert (feedback.kind, feedback.post_id, feedback.text) == (
        FeedbackKind.TEXT,
        post.id,
        "way too long",
    )
    assert feedback.signals == ("shorter",)
    assert change.next is not None
    assert (change.next.version, change.next.replaces, change.next.previous) == (2, post.id, TEXT)
    assert change.next.style is not None and change.next.style.length < post.metrics.words
    assert change.observations  # what "shorter" on the draft as seen teaches
    assert change.user == a_user()  # a reaction counts nothing until its version is written


def test_a_brief_with_new_leaves_the_active_session_behind() -> None:
    change = drafting(a_post()).brief("A winter menu", LATER, new=True)

    assert change.left is not None and change.left.status is SessionStatus.ABANDONED
    assert change.session.id is None and change.session.brief == "A winter menu"


def test_approving_closes_the_draft_ends_the_session_and_counts_it() -> None:
    change = drafting(a_post()).approve(LATER)

    [approved] = change.closed
    assert approved.status is PostStatus.APPROVED
    assert change.session.status is SessionStatus.COMPLETED and change.session.turn_count == 1
    assert change.user.approved_count == 1
    assert [s.content for s in change.said] == [":approve"]
    assert change.feedback[0].kind is FeedbackKind.APPROVE


def test_a_button_on_an_older_version_applies_to_the_newest_and_an_ended_session_refuses() -> None:
    older = a_post(1, status=PostStatus.SUPERSEDED)
    change = drafting(a_post(2), named=older).react(LATER, action=Action.SHORTER)

    assert change.next is not None and (change.next.replaces, change.next.version) == (12, 3)
    assert change.feedback[0].post_id == 12  # the feedback is on the version it applies to
    with pytest.raises(ConflictError, match="Draft 11 is from a session that has ended"):
        drafting(a_post(2), named=older, status=SessionStatus.COMPLETED).reject(LATER)
    with pytest.raises(NotFoundError, match="There is no open draft"):
        drafting(None).reject(LATER)


def test_approving_an_older_version_supersedes_the_newest() -> None:
    older = a_post(1, status=PostStatus.SUPERSEDED)
    change = drafting(a_post(2), named=older).approve(LATER)

    assert [(p.id, p.status) for p in change.closed] == [
        (12, PostStatus.SUPERSEDED),
        (11, PostStatus.APPROVED),
    ]
    assert change.session.status is SessionStatus.COMPLETED


def test_input_is_checked_before_the_draft_is_looked_for() -> None:
    with pytest.raises(EmptyTextError):
        drafting(None).own_version("  ", LATER)
    with pytest.raises(ValidationError, match="does not ask for a new version"):
        drafting(None).react(LATER, action=Action.APPROVE)


def test_an_own_version_supersedes_the_draft_and_is_learned_as_measured() -> None:
    change = drafting(a_post()).own_version(OWN, LATER)

    assert change.closed[0].status is PostStatus.SUPERSEDED
    assert change.added is not None and change.added.version == 2
    assert change.added.style.length == change.added.metrics.words
    assert change.user.drafts_count == 1
    assert change.observations


def test_a_second_rating_replaces_the_first_in_the_totals() -> None:
    rated = a_post(status=PostStatus.APPROVED, rating=2)
    session = DraftingSession(replace(a_user(), ratings_count=1, ratings_sum=2), a_session(), rated)

    change = session.rate(5, LATER)

    assert (change.user.ratings_count, change.user.ratings_sum) == (1, 5)
    assert change.said[0].satisfaction == 5


def test_a_written_version_must_find_the_session_where_its_order_left_it() -> None:
    order = NextVersion("A second shop", Style(), version=2, replaces=11)
    written = replace(a_post(2), id=None, created_at=LATER)

    change = drafting(a_post()).drafted(order, written, first_fit=True)

    assert change.closed[0].status is PostStatus.SUPERSEDED and change.added == written
    assert change.user.drafts_count == change.user.first_fit_count == 1
    with pytest.raises(ConflictError, match="draft changed"):
        drafting(a_post(3)).drafted(order, written, first_fit=True)
    with pytest.raises(ConflictError, match="session ended"):
        drafting(a_post(), status=SessionStatus.ABANDONED).drafted(order, written, True)


def test_a_retry_folds_in_the_feedback_that_never_got_its_version() -> None:
    post = a_post()
    given = Feedback(7, 3, post.id, FeedbackKind.ACTION, LATER, signals=("casual",))
    session = replace(drafting(post), feedback=(given,))

    next = session.retried()

    assert next.style is not None and next.style.formality is Formality.CASUAL
    assert (next.version, next.replaces) == (2, post.id)
    with pytest.raises(NotFoundError, match="nothing to retry"):
        DraftingSession(a_user(), None).retried()


def test_counts_say_whether_they_count_anything() -> None:
    assert not Counts()
    assert Counts(ratings_sum=-1)


def test_an_open_draft_no_message_has_shown_is_undelivered() -> None:
    assert drafting(a_post()).undelivered == a_post()
    assert drafting(a_post().shown(501)).undelivered is None
    assert drafting(a_post(), status=SessionStatus.COMPLETED).undelivered is None


@pytest.mark.parametrize("open_draft", [True, False])
def test_a_number_alone_is_a_question_whether_a_draft_is_open_or_not(open_draft: bool) -> None:
    session = drafting(a_post() if open_draft else None)

    with pytest.raises(BareNumberError) as asked:
        session.text("9", LATER)

    assert asked.value.draft_open is open_draft


def test_values_set_since_the_draft_replace_its_style_and_what_was_seen() -> None:
    post = a_post()  # asked for 60 words, measured at 40
    since = DraftingSession(
        a_user(), a_session(), post, settings=MappingProxyType({"length": 30.0, "emoji": 0.0})
    )

    regenerated = since.react(LATER, action=Action.REGENERATE).next
    longer = since.react(LATER, action=Action.LONGER).next

    assert regenerated is not None and regenerated.style is not None
    assert (regenerated.style.length, regenerated.style.emoji) == (30, 0)
    assert longer is not None and longer.style is not None
    assert longer.style.length > 30 and longer.style.emoji == 0  # longer than what was set


def test_content_asked_is_kept_with_the_session_the_latest_word_winning() -> None:
    asked = (ContentRequest("the free coffee"), ContentRequest("the parking", include=False))
    session = drafting(a_post(), content=asked)

    by_action = session.react(LATER, action=Action.CASUAL)
    by_text = session.text("actually, do mention the parking", LATER)
    not_understood = session.text("no idea, really", LATER)

    assert by_action.next is not None and by_action.next.content == asked
    assert by_action.session.content == asked
    now_asked = (ContentRequest("the free coffee"), ContentRequest("the parking"))
    assert by_text.session.content == now_asked  # stored with the session
    assert by_text.next is not None and by_text.next.content == now_asked
    assert not by_text.next.kept_style
    assert not_understood.next is not None and not_understood.next.kept_style
    assert session.retried().content == asked
