"""Posts: a draft and its fate (approved, rejected or superseded), and the rating it may earn."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from domain.errors import InvalidTransitionError, ValidationError
from domain.posts import MAX_RATING, MIN_RATING, Generated, Post, PostStatus, validate_rating
from domain.style import Formality, Style

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
STYLE = Style(length=60, formality=Formality.CASUAL, emoji=2, hashtags=1, cta=True)


def a_draft(content: str = "Fresh bread from 7am! Stop by. #bakery") -> Post:
    return Post.draft(
        session_id=10,
        user_id=1,
        version=2,
        style=STYLE,
        generated=Generated(
            content=content,
            generator="offline",
            model="phrasebook-1",
            prompt_tokens=120,
            completion_tokens=45,
        ),
        latency_ms=310,
        now=T0,
    )


def an_approved_post() -> Post:
    return a_draft().approve()


def a_rejected_post() -> Post:
    return a_draft().reject()


def a_superseded_post() -> Post:
    return a_draft().supersede()


def test_draft_records_what_the_generator_returned() -> None:
    post = a_draft()

    assert post.status is PostStatus.DRAFT
    assert post.is_open
    assert post.content == "Fresh bread from 7am! Stop by. #bakery"
    assert (post.session_id, post.user_id, post.version) == (10, 1, 2)
    assert post.style == STYLE
    assert post.created_at == T0
    assert (post.generator, post.model) == ("offline", "phrasebook-1")
    assert (post.prompt_tokens, post.completion_tokens, post.latency_ms) == (120, 45, 310)
    assert post.rating is None
    assert post.id is None


def test_draft_keeps_the_content_exactly_as_generated() -> None:
    content = "  Line one\n\nLine two 🎉  "

    assert a_draft(content).content == content


@pytest.mark.parametrize("content", ["", " ", "\n\t \n"])
def test_draft_refuses_empty_content(content: str) -> None:
    with pytest.raises(ValidationError, match="empty"):
        a_draft(content)


def test_approve_moves_a_draft_to_approved() -> None:
    approved = a_draft().approve()

    assert approved.status is PostStatus.APPROVED
    assert not approved.is_open


def test_reject_moves_a_draft_to_rejected() -> None:
    assert a_draft().reject().status is PostStatus.REJECTED


def test_supersede_moves_a_draft_to_superseded() -> None:
    assert a_draft().supersede().status is PostStatus.SUPERSEDED


def test_a_status_change_leaves_the_original_draft_open() -> None:
    draft = a_draft()

    draft.approve()

    assert draft.is_open


@pytest.mark.parametrize("closed", [an_approved_post, a_rejected_post, a_superseded_post])
@pytest.mark.parametrize("verb", ["approve", "reject", "supersede"])
def test_a_post_that_is_no_longer_a_draft_cannot_change_status(
    closed: Callable[[], Post], verb: str
) -> None:
    post = closed()

    with pytest.raises(InvalidTransitionError, match=f"version 2: it is already {post.status}"):
        getattr(post, verb)()


@pytest.mark.parametrize("rating", range(MIN_RATING, MAX_RATING + 1))
def test_an_approved_post_takes_a_rating_from_one_to_five(rating: int) -> None:
    rated = an_approved_post().rate(rating)

    assert rated.rating == rating
    assert rated.status is PostStatus.APPROVED


@pytest.mark.parametrize("unapproved", [a_draft, a_rejected_post, a_superseded_post])
def test_only_an_approved_post_can_be_rated(unapproved: Callable[[], Post]) -> None:
    with pytest.raises(InvalidTransitionError, match="approved"):
        unapproved().rate(4)


@pytest.mark.parametrize("rating", [0, 6, 9, -1, 100])
def test_rating_outside_one_to_five_is_refused(rating: int) -> None:
    with pytest.raises(ValidationError, match=f"not {rating}"):
        an_approved_post().rate(rating)


@pytest.mark.parametrize("rating", [0, 6, 9])
def test_validate_rating_refuses_out_of_range_ratings(rating: int) -> None:
    with pytest.raises(ValidationError):
        validate_rating(rating)


@pytest.mark.parametrize("rating", [1, 3, 5])
def test_validate_rating_returns_a_valid_rating(rating: int) -> None:
    assert validate_rating(rating) == rating


def test_a_fractional_rating_is_refused() -> None:
    with pytest.raises(ValidationError):
        an_approved_post().rate(3.5)  # type: ignore[arg-type]
