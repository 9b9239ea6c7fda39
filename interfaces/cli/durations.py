"""The operator's `--older-than`: hours, days or weeks as typed (`12h`, `30d`, `2w`), or a
bare number of days, as the option always took, so existing scripts keep working.

Parsing is the command line's business; the core takes a `timedelta` and decides what may be
deleted (domain.maintenance).
"""

from __future__ import annotations

import re
from datetime import timedelta

from domain.errors import InvalidDurationError

LONGEST = timedelta(days=36_500)  # a hundred years: anything longer is a slip of the keyboard
UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}
_FORM = re.compile(r"\s*([0-9]{1,12})\s*([hdw]?)\s*", re.IGNORECASE)


def parse_older_than(text: str) -> timedelta:
    """`text` as a length of time from zero to LONGEST; InvalidDurationError for anything
    else (negative, a fraction, another unit, too long)."""
    found = _FORM.fullmatch(text)
    if found is None:
        raise InvalidDurationError(text, LONGEST)
    number, unit = int(found[1]), UNITS[found[2].lower() or "d"]
    if number > LONGEST // unit:
        raise InvalidDurationError(text, LONGEST)
    return number * unit
