"""What a user writes (a brief, feedback, their own version) meets one set of rules."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain import user_text
from domain.errors import ValidationError
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
    assert accept("a" * MAX_CHARS) == "a" * MAX_CHARS
    with pytest.raises(ValidationError) as caught:
        accept("a" * (MAX_CHARS + 1))

    assert str(caught.value).startswith(f"{what} is too long (4,001 characters")
    assert "the limit is 4,000" in str(caught.value)


def test_a_brief_is_one_line_while_feedback_and_an_own_version_keep_their_lines() -> None:
    written = "  Fresh bread today.\n\nCome early!  "

    assert user_text.brief(written) == "Fresh bread today. Come early!"
    assert user_text.feedback(written) == "Fresh bread today.\n\nCome early!"
    assert user_text.own_version(written) == "Fresh bread today.\n\nCome early!"
