"""The free-text interpreter: what people actually write under a draft, read as style actions.

Complaints and negations ("too formal", "no more emojis") are checked apart: read carelessly
they ask for the opposite of what the user means.
"""

from __future__ import annotations

import pytest

from domain.actions import Action
from domain.feedback import interpret_text

SHORTER = (Action.SHORTER,)
LONGER = (Action.LONGER,)
CASUAL = (Action.CASUAL,)
FORMAL = (Action.FORMAL,)
MORE_EMOJI = (Action.MORE_EMOJI,)
LESS_EMOJI = (Action.LESS_EMOJI,)
MORE_HASHTAGS = (Action.MORE_HASHTAGS,)
LESS_HASHTAGS = (Action.LESS_HASHTAGS,)
ADD_CTA = (Action.ADD_CTA,)
DROP_CTA = (Action.DROP_CTA,)

UNDERSTOOD: list[tuple[str, tuple[Action, ...]]] = [
    ("way too long", SHORTER),
    ("Too long!!", SHORTER),
    ("make it shorter", SHORTER),
    ("can you shorten it a bit?", SHORTER),
    ("can you make it punchier", SHORTER),
    ("trim the intro", SHORTER),
    ("cut it down please", SHORTER),
    ("too wordy", SHORTER),
    ("more concise please", SHORTER),
    ("less text", SHORTER),
    ("too short", LONGER),
    ("a bit longer please", LONGER),
    ("more detail about the menu", LONGER),
    ("expand on the opening hours", LONGER),
    ("could you elaborate?", LONGER),
    ("more casual", CASUAL),
    ("less formal", CASUAL),
    ("LESS FORMAL PLEASE", CASUAL),
    ("make it less formal and friendlier", CASUAL),
    ("more relaxed", CASUAL),
    ("it's too stiff", CASUAL),
    ("make it informal", CASUAL),
    ("more chill", CASUAL),
    ("more professional", FORMAL),
    ("make it less casual", FORMAL),
    ("more formal please", FORMAL),
    ("more serious", FORMAL),
    ("sound more businesslike", FORMAL),
    ("add some emojis", MORE_EMOJI),
    ("more emojis!", MORE_EMOJI),
    ("add emoji", MORE_EMOJI),
    ("too many emojis", LESS_EMOJI),
    ("no emojis", LESS_EMOJI),
    ("no emoji please", LESS_EMOJI),
    ("fewer emojis", LESS_EMOJI),
    ("without emojis", LESS_EMOJI),
    ("less emoji", LESS_EMOJI),
    ("no hashtags please", LESS_HASHTAGS),
    ("too many hashtags", LESS_HASHTAGS),
    ("fewer hashtags", LESS_HASHTAGS),
    ("without hashtags", LESS_HASHTAGS),
    ("add some hashtags", MORE_HASHTAGS),
    ("more hashtags", MORE_HASHTAGS),
    ("ask people to comment", ADD_CTA),
    ("ask readers to share it", ADD_CTA),
    ("invite people to come by", ADD_CTA),
    ("add a call to action", ADD_CTA),
    ("add a CTA", ADD_CTA),
    ("no call to action", DROP_CTA),
    ("drop the CTA", DROP_CTA),
    ("don't ask for anything", DROP_CTA),
    ("shorter and more casual", (Action.SHORTER, Action.CASUAL)),
    ("too long, and no hashtags", (Action.SHORTER, Action.LESS_HASHTAGS)),
    (
        "more professional, fewer emojis, add a call to action",
        (Action.FORMAL, Action.LESS_EMOJI, Action.ADD_CTA),
    ),
]

MORE_PHRASINGS: list[tuple[str, tuple[Action, ...]]] = [
    ("make it brief", SHORTER),
    ("be concise", SHORTER),
    ("less wordy", SHORTER),
    ("fewer words", SHORTER),
    ("add more details", LONGER),
    ("flesh it out", LONGER),
    ("make it more friendly", CASUAL),
    ("sounds too corporate", CASUAL),
    ("add an emoji", MORE_EMOJI),
    ("use a few emojis", MORE_EMOJI),
    ("lose the emojis", LESS_EMOJI),
    ("remove the emojis", LESS_EMOJI),
    ("get rid of the emojis", LESS_EMOJI),
    ("add a hashtag", MORE_HASHTAGS),
    ("remove the hashtags", LESS_HASHTAGS),
    ("drop the hashtags", LESS_HASHTAGS),
    ("ask for comments", ADD_CTA),
    ("encourage people to comment", ADD_CTA),
    ("end with a question", ADD_CTA),
    ("remove the call to action", DROP_CTA),
    ("don\u2019t ask for anything", DROP_CTA),  # typographic apostrophe, as phones type it
]

# Phrasings whose words, read one by one, ask for the opposite of what they mean.
COMPLAINTS: list[tuple[str, tuple[Action, ...]]] = [
    ("too formal", CASUAL),
    ("way too formal", CASUAL),
    ("too casual", FORMAL),
    ("less professional", CASUAL),
    ("less serious", CASUAL),
    ("no more emojis", LESS_EMOJI),
    ("no more hashtags", LESS_HASHTAGS),
    ("don't add emojis", LESS_EMOJI),
    ("please don't add hashtags", LESS_HASHTAGS),
]


@pytest.mark.parametrize(("text", "expected"), UNDERSTOOD)
def test_interpreter_understands_common_phrasings(text: str, expected: tuple[Action, ...]) -> None:
    assert interpret_text(text) == expected


@pytest.mark.parametrize(("text", "expected"), MORE_PHRASINGS)
def test_interpreter_understands_less_common_phrasings(
    text: str, expected: tuple[Action, ...]
) -> None:
    assert interpret_text(text) == expected


@pytest.mark.parametrize(("text", "expected"), COMPLAINTS)
def test_interpreter_does_not_read_a_complaint_as_a_request_for_more(
    text: str, expected: tuple[Action, ...]
) -> None:
    assert interpret_text(text) == expected


def test_there_are_at_least_sixty_understood_phrasings() -> None:
    assert len(UNDERSTOOD) + len(MORE_PHRASINGS) + len(COMPLAINTS) >= 60


@pytest.mark.parametrize(
    "text", ["", "   ", "hello", "thanks!", "Nice!", "love it", "the date should be Saturday"]
)
def test_text_that_asks_for_no_style_change_gives_no_actions(text: str) -> None:
    assert interpret_text(text) == ()


def test_informal_is_not_mistaken_for_formal() -> None:
    assert Action.FORMAL not in interpret_text("make it informal")


def test_actions_come_back_in_table_order_not_text_order() -> None:
    assert interpret_text("add a call to action and make it shorter") == (
        Action.SHORTER,
        Action.ADD_CTA,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("more emojis... actually no, fewer emojis", LESS_EMOJI),
        ("fewer emojis, no wait, more emojis", LESS_EMOJI),
        ("more hashtags or fewer hashtags, whatever", LESS_HASHTAGS),
        ("add a call to action, hmm, no CTA", DROP_CTA),
    ],
)
def test_when_more_and_less_conflict_the_cautious_one_wins(
    text: str, expected: tuple[Action, ...]
) -> None:
    assert interpret_text(text) == expected


def test_less_formal_does_not_also_ask_for_formal() -> None:
    assert interpret_text("less formal") == CASUAL


def test_less_casual_does_not_also_ask_for_casual() -> None:
    assert interpret_text("less casual") == FORMAL


def test_when_length_requests_contradict_the_last_one_said_wins() -> None:
    assert interpret_text("shorter, actually no, longer") == LONGER
    assert interpret_text("longer... no, make it shorter") == SHORTER


def test_a_negated_tone_reads_as_the_other_tone() -> None:
    assert interpret_text("more formal, not casual") == FORMAL


def test_each_action_appears_at_most_once() -> None:
    found = interpret_text("too long, way too long, shorter, shorten it, trim it")

    assert found == SHORTER
