"""What a user may write: a brief, feedback on a draft, their own version of the post.

One set of rules for all three: not empty, any Unicode text but no control characters, at
most MAX_CHARS characters. Newlines and tabs are text; NUL, escape sequences, bells and the
other C0/C1 controls are not (a terminal would act on them, Telegram refuses some, and no
post needs them). A brief is one line (whitespace runs collapsed); feedback and a user's
own version keep their lines, trimmed at the ends.
"""

from __future__ import annotations

import re

from domain.errors import EmptyTextError, ValidationError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MAX_CHARS = 4000  # a Telegram message holds 4096; what a user writes comes as one message


def brief(text: str) -> str:
    """The brief as stored: whitespace runs collapsed to one space."""
    return _accepted(
        " ".join(text.split()),
        "brief",
        "The brief is empty: tell me what the post should be about.",
    )


def feedback(text: str) -> str:
    """Feedback on a draft as stored: trimmed."""
    return _accepted(
        text.strip(), "feedback", "The feedback is empty: say what to change, or use an action."
    )


def own_version(text: str) -> str:
    """The user's own version of the post as stored: trimmed, its lines kept."""
    return _accepted(text.strip(), "own version", "Your version is empty.")


_NAMES = {"brief": "The brief", "feedback": "The feedback", "own version": "Your version"}


def _accepted(text: str, kind: str, empty: str) -> str:
    if not text:
        raise EmptyTextError(kind, empty)
    what = _NAMES[kind]
    check_printable(text, what)
    if len(text) > MAX_CHARS:
        raise ValidationError(
            f"{what} is too long ({len(text):,} characters; the limit is {MAX_CHARS:,})."
            " Please send a shorter one."
        )
    return text


def quoted(text: str, limit: int = 40) -> str:
    """`text` fit to quote in a one-line message: whitespace runs become one space, control
    characters U+FFFD, and more than `limit` characters are cut with an ellipsis."""
    line = _CONTROL.sub("\ufffd", " ".join(text.split()))
    return line if len(line) <= limit else line[: limit - 1] + "…"


def check_printable(text: str, what: str) -> None:
    """Raise ValidationError naming the first control character in `text`, if any."""
    found = _CONTROL.search(text)
    if found is not None:
        raise ValidationError(
            f"{what} contains a control character (U+{ord(found.group()):04X}) that a post"
            " cannot hold: remove it and send it again."
        )
