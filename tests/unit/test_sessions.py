"""Sessions: a brief worked on until completed or abandoned, and what a brief may be."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from domain.errors import InvalidTransitionError, ValidationError
from domain.sessions import Session, SessionStatus
from domain.user_text import MAX_CHARS as MAX_BRIEF_CHARS
from domain.user_text import brief as clean_brief

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
LATER = T0 + timedelta(minutes=7)


def a_session() -> Session:
    return Session(user_id=1, started_at=T0, brief="A bakery opening", id=10)


def a_completed_session() -> Session:
    return a_session().complete(LATER)


def an_abandoned_session() -> Session:
    return a_session().abandon(LATER)


def test_a_new_session_is_active_with_no_turns_and_no_end() -> None:
    session = Session(user_id=1, started_at=T0)

    assert session.is_active
    assert session.status is SessionStatus.ACTIVE
    assert session.turn_count == 0
    assert session.ended_at is None
    assert session.brief is None


def test_complete_ends_an_active_session_at_the_given_time() -> None:
    completed = a_session().complete(LATER)

    assert completed.status is SessionStatus.COMPLETED
    assert completed.ended_at == LATER
    assert not completed.is_active


def test_abandon_ends_an_active_session_at_the_given_time() -> None:
    abandoned = a_session().abandon(LATER)

    assert abandoned.status is SessionStatus.ABANDONED
    assert abandoned.ended_at == LATER
    assert not abandoned.is_active


def test_ending_a_session_keeps_its_brief_turns_and_id() -> None:
    session = a_session().turned().turned()

    completed = session.complete(LATER)

    assert (completed.brief, completed.turn_count, completed.id) == ("A bakery opening", 2, 10)


def test_ending_a_session_leaves_the_original_value_active() -> None:
    session = a_session()

    session.complete(LATER)

    assert session.is_active


@pytest.mark.parametrize("ended", [a_completed_session, an_abandoned_session])
@pytest.mark.parametrize("verb", ["complete", "abandon"])
def test_a_session_that_has_ended_cannot_be_ended_again(
    ended: Callable[[], Session], verb: str
) -> None:
    session = ended()

    with pytest.raises(InvalidTransitionError, match=f"Cannot {verb} a session that is"):
        getattr(session, verb)(LATER + timedelta(minutes=1))


def test_refusal_names_the_status_the_session_is_in() -> None:
    with pytest.raises(InvalidTransitionError, match="abandoned"):
        an_abandoned_session().complete(LATER)


def test_turned_counts_one_more_exchange() -> None:
    assert a_session().turned().turned().turned().turn_count == 3


def test_with_brief_stores_the_cleaned_brief() -> None:
    session = Session(user_id=1, started_at=T0)

    assert (
        session.with_brief("  Grand   opening\n on Saturday ").brief == "Grand opening on Saturday"
    )


def test_with_brief_refuses_a_session_that_has_ended() -> None:
    with pytest.raises(InvalidTransitionError):
        a_completed_session().with_brief("A new idea")


def test_with_brief_refuses_an_empty_brief() -> None:
    with pytest.raises(ValidationError):
        Session(user_id=1, started_at=T0).with_brief("   ")


def test_clean_brief_collapses_runs_of_whitespace_to_single_spaces() -> None:
    assert clean_brief("  Fresh   bread\n\n\ttoday\r\n at  9  ") == "Fresh bread today at 9"


def test_clean_brief_keeps_a_tidy_brief_as_it_is() -> None:
    assert clean_brief("Our café opens on Monday 🎉") == "Our café opens on Monday 🎉"


@pytest.mark.parametrize("text", ["", " ", "\n\t  \r\n"])
def test_clean_brief_refuses_an_empty_brief(text: str) -> None:
    with pytest.raises(ValidationError, match="empty"):
        clean_brief(text)


def test_clean_brief_accepts_exactly_the_limit() -> None:
    text = "a" * (MAX_BRIEF_CHARS - 2) + " b"  # a brief says something: two words at least

    assert clean_brief(text) == text


def test_the_limit_is_four_thousand_characters() -> None:
    assert MAX_BRIEF_CHARS == 4000


def test_clean_brief_refuses_one_character_over_the_limit() -> None:
    with pytest.raises(ValidationError):
        clean_brief("a" * (MAX_BRIEF_CHARS + 1))


def test_clean_brief_refuses_a_huge_brief_with_a_message_naming_the_limit() -> None:
    with pytest.raises(ValidationError) as caught:
        clean_brief("word " * 4000)

    assert "4,000" in str(caught.value)
    assert "19,999" in str(caught.value)


def test_clean_brief_measures_the_limit_after_collapsing_whitespace() -> None:
    text = "  " + "a" * 1999 + " \n\n   " + "b" * 2000 + "\n"
    assert len(text) > MAX_BRIEF_CHARS

    assert len(clean_brief(text)) == MAX_BRIEF_CHARS
