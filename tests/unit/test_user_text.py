"""What a user writes (a brief, feedback, their own version) meets one set of rules."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain import user_text
from domain.errors import BareNumberError, ValidationError
from domain.user_text import MAX_CHARS

KINDS: list[tuple[Callable[[str], str], str]] = [
    (user_text.brief, "The brief"),
    (user_text.feedback, "The feedback"),
    (user_text.own_version, "Your version"),
]
ids = ["brief", "feedback", "own version"]


@pytest.mark.parametrize(("accept", "what"), KINDS, ids=ids)
@pytest.mark.parametrize("text", ["", "   ", "\n\t \r\n"])
def test_empty_text_is_refused_with_a_hint(
    accept: Callable[[str], str], what: str, text: str
) -> None:
    with pytest.raises(ValidationError, match=f"^{what} is empty"):
        accept(text)


@pytest.mark.parametrize(("accept", "what"), KINDS, ids=ids)
def test_a_control_character_is_refused_and_named(accept: Callable[[str], str], what: str) -> None:
    with pytest.raises(ValidationError, match=rf"^{what} contains .*U\+001B"):
        accept("Fresh bread \x1b[31m today")


@pytest.mark.parametrize(("accept", "what"), KINDS, ids=ids)
def test_the_limit_is_the_same_for_all_and_named_when_passed(
    accept: Callable[[str], str], what: str
) -> None:
    longest = "a" * (MAX_CHARS - 2) + " b"
    assert accept(longest) == longest
    with pytest.raises(ValidationError) as caught:
        accept(longest + "c")

    assert str(caught.value).startswith(f"{what} is too long (4,001 characters")
    assert "the limit is 4,000" in str(caught.value)


def test_a_brief_is_one_line_while_feedback_and_an_own_version_keep_their_lines() -> None:
    written = "  Fresh bread today.\n\nCome early!  "

    assert user_text.brief(written) == "Fresh bread today. Come early!"
    assert user_text.feedback(written) == "Fresh bread today.\n\nCome early!"
    assert user_text.own_version(written) == "Fresh bread today.\n\nCome early!"


@pytest.mark.parametrize("text", ["5", "4/5", "5 stars", "10 out of 10", " 3! "])
def test_a_number_alone_is_not_a_brief_but_a_rating_sent_where_none_is_asked(text: str) -> None:
    with pytest.raises(BareNumberError) as caught:
        user_text.brief(text)

    assert not caught.value.draft_open


@pytest.mark.parametrize("text", ["Bakery", "???", "2026", "#sale", "  ok  ", "🎉🎉"])
def test_a_brief_of_one_word_or_only_punctuation_gets_a_hint(text: str) -> None:
    with pytest.raises(ValidationError, match=r"^Tell me a bit more: a brief says what the post"):
        user_text.brief(text)


@pytest.mark.parametrize(
    "text", ["Summer sale", "5 reasons to visit us", "新店开业了", "Café Noir opens Friday"]
)
def test_a_brief_of_a_few_words_is_taken(text: str) -> None:
    assert user_text.brief(text) == text


def test_bytes_that_were_not_utf8_are_refused_naming_the_first() -> None:
    undecodable = b"Caf\xe9 opens Friday".decode("utf-8", errors="surrogateescape")

    with pytest.raises(ValidationError, match=r"^The brief is not valid UTF-8 text \(byte 0xE9\)"):
        user_text.brief(undecodable)
