"""What a user may write: a brief, feedback on a draft, their own version of the post.

One set of rules for all three: not empty, any Unicode text but no control characters, at
most MAX_CHARS characters. Newlines and tabs are text; NUL, escape sequences, bells and the
other C0/C1 controls are not (a terminal would act on them, Telegram refuses some, and no
post needs them). A brief is one line (whitespace runs collapsed); feedback and a user's
own version keep their lines, trimmed at the ends.
"""

from __future__ import annotations

import re

from domain.errors import BareNumberError, EmptyTextError, ValidationError

# C0/C1 controls, and lone surrogates (bytes that were not UTF-8, decoded with escapes)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_NUMBER = re.compile(r"[#(]?\s*\d{1,3}(?:[.,]\d+)?\s*(?:/\s*\d+|stars?|out of \d+)?\s*[.!)]?", re.I)
_SPACED_WORD = re.compile(r"\w*[^\W\d_]\w*")  # a word with a letter in it
MIN_UNSPACED_LETTERS = 4  # scripts written without spaces say something in a few letters
MAX_CHARS = 4000  # a Telegram message holds 4096; what a user writes comes as one message


def brief(text: str) -> str:
    """The brief as stored: whitespace runs collapsed to one space. A brief must say
    something: a number alone, punctuation or a single word is refused with a hint."""
    said = _accepted(
        " ".join(text.split()),
        "brief",
        "The brief is empty: tell me what the post should be about.",
    )
    if is_bare_number(said):
        raise BareNumberError(said, draft_open=False)
    if not _says_something(said):
        raise ValidationError(
            "Tell me a bit more: a brief says what the post is about, e.g. 'Our bakery opens"
            " a second shop on Main Street next Saturday'."
        )
    return said


def is_bare_number(text: str) -> bool:
    """A number alone ("5", "4/5", "3 stars"): a rating, where one is asked for."""
    return _NUMBER.fullmatch(text.strip()) is not None


def _says_something(text: str) -> bool:
    words = _SPACED_WORD.findall(text)
    if len(words) >= 2:
        return True
    unspaced = [c for word in words for c in word if c.isalpha() and ord(c) >= 0x2E80]
    return len(unspaced) >= MIN_UNSPACED_LETTERS


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
    if found is not None and 0xD800 <= ord(found.group()) <= 0xDFFF:
        raise ValidationError(
            f"{what} is not valid UTF-8 text (byte 0x{ord(found.group()) & 0xFF:02X}): send it"
            " again as UTF-8."
        )
    if found is not None:
        raise ValidationError(
            f"{what} contains a control character (U+{ord(found.group()):04X}) that a post"
            " cannot hold: remove it and send it again."
        )
