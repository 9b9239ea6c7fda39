"""The reader against a corpus of real reactions to a draft (tests/unit/feedback_phrases.py).

The corpus is the contract for `read_feedback`: tone, length, emoji, hashtags, calls to action,
content to mention or leave out, several requests at once, negations, and text that asks for
nothing. The corpus itself is checked too, so it cannot quietly shrink or contradict itself.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from domain.actions import STYLE_ACTIONS
from domain.feedback import read_feedback
from tests.unit.feedback_phrases import (
    CALL_TO_ACTION,
    CONTENT,
    EMOJI,
    HASHTAGS,
    LENGTH,
    MIXED,
    NEGATED,
    NOT_UNDERSTOOD,
    PHRASES,
    TONE,
    Phrase,
)

MINIMUM_PER_CATEGORY = {
    TONE: 35,
    LENGTH: 20,
    EMOJI: 15,
    HASHTAGS: 15,
    CALL_TO_ACTION: 12,
    CONTENT: 30,
    MIXED: 20,
    NEGATED: 12,
    NOT_UNDERSTOOD: 15,
}
MINIMUM_PHRASES = 150
_SIGNAL = re.compile(
    "|".join(re.escape(a.value) for a in STYLE_ACTIONS)
    + r"|(length|emoji|hashtags)=\d+|(mention|omit):\S(.*\S)?",
    re.DOTALL,
)


def _id(phrase: Phrase) -> str:
    return f"{phrase.category}: {phrase.text}"


def _understood() -> list[Phrase]:
    return [p for p in PHRASES if p.category != NOT_UNDERSTOOD]


def _not_understood() -> list[Phrase]:
    return [p for p in PHRASES if p.category == NOT_UNDERSTOOD]


def _without_content() -> list[Phrase]:
    return [p for p in PHRASES if not p.asks_for_content]


def _same_request(text: str) -> list[str]:
    """The text as typed in capitals, in lower case, and with or without a closing ! or ."""
    bare = text.rstrip("!.")
    return [text.upper(), text.lower(), bare, f"{bare}!", f"{bare}."]


# the readings


@pytest.mark.parametrize("phrase", PHRASES, ids=_id)
def test_each_reaction_reads_as_the_signals_it_asks_for(phrase: Phrase) -> None:
    assert set(read_feedback(phrase.text).signals) == phrase.signals


@pytest.mark.parametrize("phrase", _not_understood(), ids=_id)
def test_praise_and_vague_reactions_are_not_understood(phrase: Phrase) -> None:
    assert read_feedback(phrase.text).understood is False


@pytest.mark.parametrize("phrase", _understood(), ids=_id)
def test_reactions_that_ask_for_something_are_understood(phrase: Phrase) -> None:
    assert read_feedback(phrase.text).understood is True


@pytest.mark.parametrize("phrase", _without_content(), ids=_id)
def test_the_reading_ignores_letter_case_and_a_closing_exclamation_or_full_stop(
    phrase: Phrase,
) -> None:
    said = set(read_feedback(phrase.text).signals)

    readings = {text: set(read_feedback(text).signals) for text in _same_request(phrase.text)}

    assert readings == dict.fromkeys(readings, said)


# the corpus itself


def test_the_corpus_holds_at_least_a_hundred_and_fifty_phrases() -> None:
    assert len(PHRASES) >= MINIMUM_PHRASES


def test_the_corpus_has_no_phrase_twice() -> None:
    said = Counter(p.text.lower().rstrip("!.") for p in PHRASES)

    assert [text for text, times in said.items() if times > 1] == []


def test_each_category_has_at_least_its_minimum_of_phrases() -> None:
    counts = Counter(p.category for p in PHRASES)

    assert set(counts) == set(MINIMUM_PER_CATEGORY)
    short = {c: counts[c] for c, least in MINIMUM_PER_CATEGORY.items() if counts[c] < least}
    assert short == {}


def test_only_not_understood_phrases_expect_no_signals() -> None:
    silent = {p.text for p in PHRASES if not p.signals}

    assert silent == {p.text for p in _not_understood()}


def test_every_expected_signal_is_one_the_reader_can_give() -> None:
    unknown = {s for p in PHRASES for s in p.signals if not _SIGNAL.fullmatch(s)}

    assert unknown == set()
