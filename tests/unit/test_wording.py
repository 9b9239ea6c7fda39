"""Each interface phrases the core's errors (which carry facts) in its own words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

import pytest

from domain import errors, user_text
from domain.learning import explicit
from domain.maintenance import retention_cutoff
from interfaces.cli.durations import parse_older_than
from interfaces.wording import BOT, TERMINAL, phrase, phrase_admin

NOW = datetime(2026, 12, 6, tzinfo=UTC)


def refused(call: object, *args: object) -> errors.PostmindError:
    with pytest.raises(errors.PostmindError) as caught:
        call(*args)  # type: ignore[operator]
    return caught.value


def test_an_empty_own_version_says_how_each_interface_takes_one() -> None:
    error = refused(user_text.own_version, "  \n ")

    assert isinstance(error, errors.EmptyTextError) and error.what == "own version"
    assert str(error) == "Your version is empty."  # the fact, in no interface's terms
    assert phrase(error, TERMINAL) == (
        "Your version is empty: send your version of the post after :edit."
    )
    assert phrase(error, BOT) == (
        "Your version is empty: reply to the draft with your version of the post."
    )


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("length", "5000", "'5000' is not a valid length: a number of words from 15 to 400,"
                           " e.g. /set length 60."),
        ("formality", "shouty", "'shouty' is not a valid formality: casual, neutral or formal,"
                                " e.g. /set formality casual."),
        ("cta", "maybe", "'maybe' is not a valid cta: yes or no, e.g. /set cta yes."),
    ],
)  # fmt: skip
def test_an_invalid_setting_carries_its_facts_and_each_interface_adds_its_command(
    key: str, value: str, expected: str
) -> None:
    error = refused(explicit, key, value, NOW)

    assert isinstance(error, errors.InvalidSettingError)
    assert (error.key, error.value) == (key, value)
    assert "/set" not in str(error)
    assert phrase(error, TERMINAL) == expected
    assert phrase(error, BOT) == expected  # both take /set


def test_the_admin_command_line_names_its_options() -> None:
    everything = refused(retention_cutoff, NOW, timedelta(0))
    assert isinstance(everything, errors.RetentionTooShortError)
    assert phrase_admin(everything) == (
        "--older-than must be at least 1h for a real cleanup (with --dry-run, 0 previews"
        " everything); it takes 12h, 30d, 2w (hours, days, weeks) or a number of days."
    )
    negative = refused(partial(retention_cutoff, dry_run=True), NOW, -timedelta(hours=1))
    assert phrase_admin(negative) == (
        "--older-than cannot be negative; it takes 12h, 30d, 2w (hours, days, weeks) or a number"
        " of days."
    )
    garbage = refused(parse_older_than, "soon")
    assert isinstance(garbage, errors.InvalidDurationError)
    assert phrase_admin(garbage) == (
        "--older-than takes 12h, 30d, 2w (hours, days, weeks) or a number of days, from 0 to"
        " 36500 days; not 'soon'."
    )
    assert all("--" not in str(error) for error in (everything, negative, garbage))
    no_database = "There is no database there: check --database-url."
    assert phrase_admin(errors.NoDatabaseError()) == no_database
    missing = errors.NoDatabaseError("/x/y.db")
    assert str(missing) == "There is no database at /x/y.db: no such file."
    assert phrase_admin(missing) == (
        "There is no database at /x/y.db: no such file; check --database-url."
    )
    directory = errors.NoDatabaseError("/x", directory=True)
    assert str(directory) == "/x is a directory, not a database file."
    assert (
        phrase_admin(directory) == "/x is a directory, not a database file; check --database-url."
    )
    not_a_database = errors.NotADatabaseError("/x/y.db", "file is not a database")
    assert phrase_admin(not_a_database) == (
        "/x/y.db is not a postmind database (file is not a database)."
    )
    assert phrase_admin(errors.SameDatabaseError()) == "--from and --to name the same database."


def test_an_error_with_nothing_to_add_is_said_as_it_is() -> None:
    error = refused(user_text.brief, "")

    assert phrase(error, BOT) == phrase(error, TERMINAL) == str(error)
    assert str(error) == "The brief is empty: tell me what the post should be about."
