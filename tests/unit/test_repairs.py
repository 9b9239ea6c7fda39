"""Direct repairs: a draft's emoji and hashtag counts made exact without harming the text.

The examples pin what a reader sees. The properties check, for drafts built from words,
punctuation, line breaks, emoji (skin tones, joiner sequences, flags, keycaps), hashtags,
numbers like "#1", calls to action and tone markers, that the counts always come out
exact while the words, the call to action and the tone measure as before, and that a
second repair changes nothing.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.repairs import repair
from domain.style import Style
from domain.text_metrics import (
    body_of,
    count_emoji,
    count_hashtags,
    count_words,
    ends_with_cta,
    formality_of,
    is_emoji,
)

BRIEF = "New sourdough at Main Street Bakery"
MODIFIERS = re.compile("[\ufe0e\ufe0f\u200d\u20e3\U0001f3fb-\U0001f3ff]")  # parts of an emoji


def style(emoji: int = 1, hashtags: int = 2) -> Style:
    return Style(emoji=emoji, hashtags=hashtags)


def words(text: str) -> list[str]:
    """The body's word tokens without their emoji (and skin tones, joiners, selectors).

    Punctuation a repair pulled up against a word does not make it another word: removing
    the tag from "at #MainStreet." leaves "at." rather than "at .", so the token "at" of
    the draft reads "at." after it."""
    tokens = (t for t in re.findall(r"\S+", body_of(text)) if any(c.isalnum() for c in t))
    bare = ("".join(c for c in t if not is_emoji(c) and not MODIFIERS.match(c)) for t in tokens)
    return [t.rstrip(".,;:!?…)]}%") for t in bare]


# --- hashtags -------------------------------------------------------------------------------


def test_extra_hashtags_are_removed_from_the_end() -> None:
    text = "Fresh bread today 🥖\n#bakery #bread #local #fresh"
    assert repair(text, style(hashtags=2), BRIEF) == "Fresh bread today 🥖\n#bakery #bread"


def test_duplicate_hashtags_go_before_later_ones() -> None:
    text = "Fresh bread today 🥖\n#bakery #Bakery #bread #local"
    assert repair(text, style(hashtags=2), BRIEF) == "Fresh bread today 🥖\n#bakery #bread"


def test_missing_hashtags_come_from_the_brief() -> None:
    text = "Fresh bread today 🥖"
    assert repair(text, style(hashtags=3), BRIEF) == (
        "Fresh bread today 🥖\n#MainStreetBakery #Sourdough #News"
    )


def test_the_brief_gives_capitalised_runs_then_its_longest_words() -> None:
    brief = "Tell them about the cinnamon rolls at Cafe Luna, and the croissants."
    text = "Fresh bread today 🥖"
    assert repair(text, style(hashtags=4), brief).endswith(
        "\n#CafeLuna #Croissants #Cinnamon #Rolls"
    )


def test_added_hashtags_never_repeat_one_already_there() -> None:
    text = "Fresh bread today 🥖 #sourdough"
    assert repair(text, style(hashtags=2), BRIEF) == (
        "Fresh bread today 🥖\n#sourdough #MainStreetBakery"
    )


def test_generic_hashtags_fill_in_when_the_brief_runs_out() -> None:
    repaired = repair("Fresh bread today 🥖", style(hashtags=10), "🎉 a # the 2024 !!")
    assert repaired.endswith(
        "\n#News #Community #Local #SmallBusiness #ShopLocal #Update #Events #Team #Today"
        " #Announcement"
    )


def test_tone_markers_in_the_brief_never_become_hashtags() -> None:
    repaired = repair("Fresh bread today 🥖", style(hashtags=2), "hey folks, super awesome")
    assert repaired == "Fresh bread today 🥖\n#News #Community"


def test_inline_hashtags_move_to_their_own_last_line() -> None:
    text = "Fresh #bread today at #MainStreet. Come by! 🥖"
    assert repair(text, style(hashtags=2), BRIEF) == (
        "Fresh today at. Come by! 🥖\n#bread #MainStreet"
    )


def test_a_blank_line_before_the_hashtags_stays() -> None:
    text = "Fresh bread today 🥖\n\n#bakery #bread #local"
    assert repair(text, style(hashtags=2), BRIEF) == "Fresh bread today 🥖\n\n#bakery #bread"


def test_no_hashtags_wanted_removes_them_all_and_tidies_the_spaces() -> None:
    text = "Fresh #bread today, come by #now!\n\n#bakery #local\n"
    assert repair(text, style(emoji=0, hashtags=0), BRIEF) == "Fresh today, come by!"


def test_a_number_is_not_a_hashtag_and_stays() -> None:
    text = "We open at #1 Main Street 🥖"
    assert repair(text, style(hashtags=1), BRIEF) == f"{text}\n#MainStreetBakery"


def test_a_removed_hashtag_never_joins_words_into_a_tone_marker() -> None:
    text = "We #love are open 🥖"  # "we are" would read formal
    repaired = repair(text, style(emoji=1, hashtags=1), BRIEF)
    assert repaired.endswith("\n#love")
    assert "We are" not in repaired
    assert formality_of(repaired) == formality_of(text)


def test_a_hashtag_holding_an_emoji_is_replaced() -> None:
    assert count_emoji("#❶") == count_hashtags("#❶") == 1  # ❶ is a digit and an emoji
    assert repair("Open 🥖 #❶", style(emoji=1, hashtags=1), BRIEF) == ("Open 🥖\n#MainStreetBakery")


def test_the_brief_may_hold_emoji_hashtags_and_other_scripts() -> None:
    brief = "🎉 #café Crème Brûlée, Tōkyō bakery ❶"
    repaired = repair("Open 🥖", style(emoji=1, hashtags=3), brief)
    assert repaired == "Open 🥖\n#CrèmeBrûlée #Tōkyō #Bakery"


def test_a_text_of_only_hashtags_keeps_the_first() -> None:
    assert repair("#a #b #c", style(emoji=0, hashtags=2), BRIEF) == "#a #b"


# --- emoji ----------------------------------------------------------------------------------


def test_extra_emoji_are_removed_last_first() -> None:
    text = "Fresh 🥖 bread 🍞 today 🎉"
    assert repair(text, style(emoji=1, hashtags=0), BRIEF) == "Fresh 🥖 bread today"


def test_emoji_inside_a_word_is_removed_without_merging_words() -> None:
    assert repair("So much fun🎉times", style(emoji=0, hashtags=0), BRIEF) == "So much funtimes"


def test_skin_tones_and_presentation_selectors_go_with_their_emoji() -> None:
    text = "Thanks 👋🏽 and ❤️ always"
    assert repair(text, style(emoji=0, hashtags=0), BRIEF) == "Thanks and always"


def test_a_joined_family_loses_members_without_a_dangling_joiner() -> None:
    family = "👨\u200d👩\u200d👧"
    assert count_emoji(family) == 3  # the yardstick counts each member
    assert repair(f"Family day {family}", style(emoji=2, hashtags=0), BRIEF) == (
        "Family day 👨\u200d👩"
    )


def test_missing_emoji_are_added_before_the_hashtag_line() -> None:
    text = "Fresh bread today\n#bakery #bread"
    assert repair(text, style(emoji=3), BRIEF) == "Fresh bread today ✨🎉😊\n#bakery #bread"


def test_added_emoji_are_ones_the_draft_does_not_use_yet() -> None:
    assert repair("Fresh ✨ bread", style(emoji=2, hashtags=0), BRIEF) == "Fresh ✨ bread 🎉"


def test_an_emoji_between_words_never_joins_them_into_a_tone_marker() -> None:
    text = "We 🎉 are open 🥖"
    repaired = repair(text, style(emoji=1, hashtags=0), BRIEF)
    assert repaired == "We 🎉 are open"
    assert repair(text, style(emoji=0, hashtags=0), BRIEF) == "We  are open"


def test_an_emoji_whose_removal_would_end_the_call_to_action_is_kept() -> None:
    text = "Great bread 🥖 today. Visit us!🎉 Tomorrow too"
    assert ends_with_cta(text)
    repaired = repair(text, style(emoji=1, hashtags=0), BRIEF)
    assert repaired == "Great bread today. Visit us!🎉 Tomorrow too"
    assert ends_with_cta(repaired)


def test_flags_go_whole_and_a_missing_emoji_is_added_back() -> None:
    assert count_emoji("🇫🇷") == 2  # two regional letters to the yardstick
    text = "Bonjour 🎉 🇫🇷"
    assert repair(text, style(emoji=2, hashtags=0), BRIEF) == "Bonjour 🇫🇷"
    assert repair(text, style(emoji=1, hashtags=0), BRIEF) == "Bonjour 🎉"
    assert repair("Bonjour 🇫🇷", style(emoji=1, hashtags=0), BRIEF) == "Bonjour ✨"


def test_a_keycap_is_no_emoji_to_the_yardstick_and_stays() -> None:
    text = "Our top 3️⃣ loaves 🥖"
    assert count_emoji("3️⃣") == 0
    assert repair(text, style(emoji=0, hashtags=0), BRIEF) == "Our top 3️⃣ loaves"


def test_emoji_on_the_hashtag_line_join_the_body() -> None:
    text = "Fresh bread\n#bakery 🎉 #bread"
    assert repair(text, style(emoji=1, hashtags=2), BRIEF) == "Fresh bread\n🎉\n#bakery #bread"
    assert repair(text, style(emoji=0, hashtags=2), BRIEF) == "Fresh bread\n#bakery #bread"


def test_an_emoji_line_removed_leaves_no_empty_line() -> None:
    text = "Fresh bread\n🎉🎉\nCome by"
    assert repair(text, style(emoji=0, hashtags=0), BRIEF) == "Fresh bread\nCome by"


# --- as a whole -----------------------------------------------------------------------------


def test_a_fitting_draft_is_left_unchanged() -> None:
    text = "  Fresh  bread today 🥖 !\n\n#bakery  #Bakery"  # odd spaces, a duplicate: it fits
    assert repair(text, style(emoji=1, hashtags=2), BRIEF) == text
    assert repair("Fresh bread 🥖", style(emoji=1, hashtags=0), BRIEF) == "Fresh bread 🥖"


def test_an_empty_draft_gets_its_emoji_and_hashtags() -> None:
    assert repair("", style(emoji=1, hashtags=1), BRIEF) == "✨\n#MainStreetBakery"


# --- properties -----------------------------------------------------------------------------

# Pieces are joined by whitespace, never glued: gluing any two pieces builds drafts no repair
# can fix, e.g. "hey🎉Fresh" with no emoji wanted ("heyFresh" loses the casual "hey", and
# "hey Fresh" is two words) or "#bakery#bread" (moving the tag makes the word "#bread" a tag).
# The glued cases a repair can handle are pieces of their own.
WORDS = ["Fresh", "bread", "café", "Main", "Street", "12", "9am", "well-known", "s'il", "東京"]
PUNCTUATION = [".", ",", "!", "?", "—", "...", "(", ")", "#", "&"]
MARKERS = ["hey", "super", "awesome", "folks", "we are", "it is", "we're", "don't", "kindly"]
MORE_MARKERS = ["Furthermore", "we are pleased to", "You'll love it"]
CTAS = ["Visit us today!", "Tell us what you think.", "Drop by this weekend", "Share this?"]
EMOJI = ["🎉", "✨", "❤️", "👋🏽", "👍🏿", "👨\u200d👩\u200d👧", "🏃\u200d♀️", "⭐"]
FLAGS_AND_KEYCAPS = ["🇫🇷", "🇫🇷🇩🇪", "1️⃣"]
GLUED = ["🎉🎉", "fun🎉times", "Bread🥖", "🎉!", "Hi👋🏽there", "(🎉)", "#1🎉", "🎉#bakery"]
HASHTAGS = ["#bakery", "#Bakery", "#MainStreet", "#café", "#SuperSale", "#bread2024", "#1"]
GLUED_TAGS = ["#MainStreet.", "(#café)", "#bakery,", "menu/#bakery/today", "#bakery🎉", "#a#1"]
PIECES = WORDS + PUNCTUATION + MARKERS + MORE_MARKERS + CTAS + EMOJI + FLAGS_AND_KEYCAPS
PIECES += GLUED + HASHTAGS + GLUED_TAGS
SEPARATORS = [" ", " ", " ", "  ", "\n", "\n\n", " \n ", "\t"]

drafts = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), max_size=40)
styles = st.builds(Style, emoji=st.integers(0, 10), hashtags=st.integers(0, 10))
briefs = st.sampled_from([BRIEF, "", "hey super awesome", "#café 🎉 Crème Brûlée"]) | st.text()
PROPERTY = settings(max_examples=200, deadline=None)


def joined(parts: list[tuple[str, str]]) -> str:
    return "".join(piece + separator for piece, separator in parts)


@st.composite
def repaired_drafts(draw: st.DrawFn) -> tuple[str, str, Style, str]:
    """A draft, its repair, the style it was repaired to and the brief it was given."""
    text, wanted, brief = joined(draw(drafts)), draw(styles), draw(briefs)
    return text, repair(text, wanted, brief), wanted, brief


@PROPERTY
@given(repaired_drafts())
def test_the_counts_come_out_exact(draft: tuple[str, str, Style, str]) -> None:
    _, repaired, wanted, _ = draft
    assert (count_emoji(repaired), count_hashtags(repaired)) == (wanted.emoji, wanted.hashtags)


@PROPERTY
@given(repaired_drafts())
def test_the_words_stay_the_same(draft: tuple[str, str, Style, str]) -> None:
    text, repaired, _, _ = draft
    assert count_words(repaired) == count_words(text)
    assert words(repaired) == words(text)


@PROPERTY
@given(repaired_drafts())
def test_the_call_to_action_and_the_tone_stay_the_same(draft: tuple[str, str, Style, str]) -> None:
    text, repaired, _, _ = draft
    assert ends_with_cta(repaired) == ends_with_cta(text)
    assert formality_of(repaired) == formality_of(text)


@PROPERTY
@given(repaired_drafts())
def test_a_second_repair_changes_nothing(draft: tuple[str, str, Style, str]) -> None:
    _, once, wanted, brief = draft
    assert repair(once, wanted, brief) == once
