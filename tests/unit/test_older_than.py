"""The operator's `--older-than`: hours, days, weeks or a bare number of days, nothing else."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.errors import InvalidDurationError
from interfaces.cli.durations import LONGEST, parse_older_than


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", timedelta(0)),
        ("7", timedelta(days=7)),  # a bare number is days, as the option always took
        ("30", timedelta(days=30)),
        ("12h", timedelta(hours=12)),
        ("30d", timedelta(days=30)),
        ("2w", timedelta(weeks=2)),
        ("0h", timedelta(0)),
        ("0w", timedelta(0)),
        ("12H", timedelta(hours=12)),
        ("2W", timedelta(weeks=2)),
        ("  30d ", timedelta(days=30)),
        ("12 h", timedelta(hours=12)),
        ("\t7\n", timedelta(days=7)),
        ("007", timedelta(days=7)),
        ("36500", LONGEST),
        ("5214w", timedelta(weeks=5214)),  # just under a hundred years
        ("876000h", LONGEST),
    ],
)
def test_a_number_with_an_optional_unit_is_a_length_of_time(text: str, expected: timedelta) -> None:
    assert parse_older_than(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "-1",
        "-5",
        "-2w",
        "- 3d",
        "+3d",
        "1.5d",
        "1,5",
        "3m",
        "3 days",
        "2 weeks",
        "d",
        "h12",
        "12hh",
        "12h30d",
        "soon",
        "1e3",
        "0x10",
        "٣",  # an Arabic-Indic three: a digit to Python, not to an operator's script
        "36501",
        "5215w",
        "876001h",
        "9" * 12,
        "9" * 5000,  # longer than int() takes from a string
        "7\n--dry-run",
    ],
)
def test_anything_else_is_refused_with_the_text_and_the_longest(text: str) -> None:
    with pytest.raises(InvalidDurationError) as refused:
        parse_older_than(text)

    assert refused.value.text == text
    assert refused.value.longest == LONGEST
    assert "\n" not in str(refused.value)
