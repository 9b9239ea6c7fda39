"""What a user may write into a post: any Unicode text, but no control characters.

Newlines and tabs are text; NUL, escape sequences, bells and the other C0/C1 controls are
not (a terminal would act on them, Telegram refuses some, and no post needs them).
"""

from __future__ import annotations

import re

from domain.errors import ValidationError

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


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
