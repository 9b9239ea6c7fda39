"""The offline generator's phrasebook (infrastructure/generation/offline_phrases.py) against
the rules its entries must keep, entry by entry.

Each template is expanded as the generator may use it: with every combination of its optional
parts and its slots filled with phrases of the right kind. Every expansion must read in its
tone by the yardstick the benchmarks use (domain.text_metrics), be a call to action or not as
its table requires, and have a size the generator can count on. Each test collects every
offending entry, so a failure lists them all at once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from itertools import combinations

import pytest

from domain.style import Formality
from domain.text_metrics import (  # the yardstick's own patterns
    CASUAL_MARKERS,
    CTA,
    FORMAL_MARKERS,
    count_words,
    ends_with_cta,
    is_emoji,
)
from infrastructure.generation.offline_phrases import (
    ANY,
    GROUPS,
    TONES,
    UPBEAT,
    Kind,
    Tone,
    groups_of,
)

TABLES = ("body", "calls", "closings")
SLOTS = frozenset({"business", "time", "place"})
OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
SLOT = re.compile(r"\{([^{}]*)\}")
# Slot phrases as the reader finds them: a typical one, the shortest kind, and one of two
# placeholder words (a slot counts as two words in a template's base size).
TYPICAL = {"business": "our shop", "time": "next Saturday", "place": "on Main Street"}
SHORTEST = {"business": "Café Lumière", "time": "tomorrow", "place": "in Lisbon"}
TWO_WORDS = {"business": "Xx Yy", "time": "xx yy", "place": "xx yy"}
_CONTRACTION = re.compile(
    r"\w'(t|re|ve|ll|d|m)\b|\b(it|that|let|here|there|what|who|he|she|now|day)'s\b",
    re.IGNORECASE,
)
_WRONG_ARTICLE = re.compile(r"\b(a [aeio]|an [b-df-gj-np-tv-z])", re.IGNORECASE)  # not u, h
_CELEBRATION = re.compile(
    r"celebrat|excit|congrat|woo+hoo|hooray|yay|party|thrilled|buzzing|big news|cheers",
    re.IGNORECASE,
)
_NUMBER = re.compile(  # "one" is left out: it is a pronoun far more often ("a fun one")
    r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|fifty|"
    r"hundred|thousand|million|dozen|half|twice|percent)\b",
    re.IGNORECASE,
)
FESTIVE = frozenset("🎉🥳🔥🎊🍾🥂🎈🎁✨🌟🙌😍🚀💃🕺🏆")
SOMBRE = (ANY, Kind.CLOSURE.value, Kind.APOLOGY.value)
MIN_LEADS = {ANY: 3, UPBEAT: 2, Kind.APOLOGY.value: 1, Kind.CLOSURE.value: 1}
MIN_BODY = {ANY: 50, UPBEAT: 15} | {kind.value: 8 for kind in Kind}
MIN_ANY_BODY_WORDS = 480
MIN_CALLS = {ANY: 8} | {kind.value: 3 for kind in Kind}
MIN_CLOSINGS = {ANY: 8, UPBEAT: 4, Kind.APOLOGY.value: 3, Kind.CLOSURE.value: 3}
SIZES = {"body": (4, 16), "calls": (3, 10), "closings": (3, 10)}
MAX_BODY_GROWN = 20  # words with every optional part in
MIN_OPTIONAL_SHARE = 0.5  # of body sentences with at least one optional part
MAX_SAME_OPTIONAL = 15  # entries of a tone with the same optional part
SLOTS_PER_TONE = (3, 5)  # body sentences using each slot
TONE_IDS = [formality.value for formality in Formality]
ALL = frozenset(range(10))  # every optional part in


def render(template: str, keep: frozenset[int] = frozenset()) -> str:
    """The template with the optional parts numbered in `keep` included, the others dropped,
    spaced as the generator spaces it; slots are left as they are."""
    parts = iter(range(len(OPTIONAL.findall(template))))
    text = OPTIONAL.sub(lambda m: m.group(1) if next(parts) in keep else "", template)
    return re.sub(r"\s+(?=[.,!?:;])", "", re.sub(r"\s+", " ", text)).strip()


def fill(text: str, values: Mapping[str, str]) -> str:
    """The text with its slots filled, its first letter capitalised as the generator does."""
    filled = SLOT.sub(lambda m: values.get(m.group(1), m.group(0)), text)  # unknown: kept
    return filled[:1].upper() + filled[1:]


def choices(template: str) -> list[frozenset[int]]:
    """Every combination of the template's optional parts."""
    count = len(OPTIONAL.findall(template))
    return [frozenset(c) for size in range(count + 1) for c in combinations(range(count), size)]


def expansions(template: str, values: Mapping[str, str] = TYPICAL) -> list[str]:
    return [fill(render(template, keep), values) for keep in choices(template)]


def base_size(template: str) -> int:
    """Words without any optional part, a slot counted as two."""
    return count_words(fill(render(template), TWO_WORDS))


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def entries(tone: Tone, table: str) -> Iterator[tuple[str, str]]:
    """(group, template) for every entry of one of the tone's tables."""
    groups: dict[str, tuple[str, ...]] = getattr(tone, table)
    for group, templates in groups.items():
        for template in templates:
            yield group, template


def every_entry(tone: Tone) -> Iterator[tuple[str, str, str]]:
    """(table, group, template) for every body sentence, call and closing of the tone."""
    for table in TABLES:
        for group, template in entries(tone, table):
            yield table, group, template


def leads(tone: Tone) -> Iterator[tuple[str, int, str]]:
    for group, by_size in tone.leads.items():
        for size, texts in by_size.items():
            for text in texts:
                yield group, size, text


def entries_of(tone: Tone, table: str, group: str) -> tuple[str, ...]:
    groups: dict[str, tuple[str, ...]] = getattr(tone, table)
    return groups.get(group, ())


def closings_of(tone: Tone, group: str) -> tuple[str, ...]:
    return entries_of(tone, "closings", group)


def word_runs(template: str, size: int) -> set[tuple[str, ...]]:
    """Every run of `size` words in the template with all its optional parts in."""
    words = re.sub(r"[^\w' ]+", " ", fill(render(template, ALL), TYPICAL).casefold()).split()
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def first_words(text: str) -> tuple[str, ...]:
    words = [re.sub(r"^[^\w{]+|[^\w}]+$", "", word).casefold() for word in text.split()]
    return tuple(words[:3])


def test_every_tone_has_its_tables_and_only_known_groups() -> None:
    assert set(TONES) == set(Formality)
    for tone in TONES.values():
        for table in (*TABLES, "leads", "emoji"):
            groups = getattr(tone, table)
            assert set(groups) <= GROUPS, (table, set(groups) - GROUPS)


@pytest.mark.parametrize("formality", list(Formality), ids=TONE_IDS)
def test_templates_are_well_formed(formality: Formality) -> None:
    """Brackets balanced and never nested, optional parts made of words with no slot inside,
    only the three slots, and no stray punctuation whichever optional parts are dropped."""
    bad: list[tuple[object, ...]] = []
    for table, group, template in every_entry(TONES[formality]):
        depth = 0
        for char in template:
            depth += {"[": 1, "]": -1}.get(char, 0)
            if depth not in (0, 1):
                break
        parts = OPTIONAL.findall(template)
        outside = OPTIONAL.sub("", template)
        problems = [
            depth != 0 and "unbalanced or nested brackets",
            ("[" in outside or "]" in outside) and "stray bracket",
            any(not re.fullmatch(r"\w[\w' -]*\w|\w", part) for part in parts)
            and "an optional part must be words",
            any("{" in part for part in parts) and "a slot inside an optional part",
            template.startswith("[") and "opens with an optional part",
            re.search(r"\S\[|\](?![\s.,!?:;])", template) and "optional part not spaced",
            set(SLOT.findall(template)) - SLOTS and "unknown slot",
            ("{" in SLOT.sub("", template) or "}" in SLOT.sub("", template)) and "stray brace",
            (template != template.strip() or "  " in template) and "stray spaces",
            "\u2019" in template and "typographic apostrophe (write ')",
        ]
        for text in expansions(template):
            if re.search(r"[,;:][.!?,;:]|\s[.,!?:;]|^[,;:]", text):
                problems.append(f"stray punctuation in {text!r}")
        bad += [(table, group, template, p) for p in problems if p]
    assert not bad, bad


@pytest.mark.parametrize("formality", list(Formality), ids=TONE_IDS)
def test_every_expansion_is_whole_sentences_that_end_properly(formality: Formality) -> None:
    """A capital first letter, a final '.', '!' or '?' ('!' in casual only), and no sentence of
    fewer than four words inside an entry of several sentences."""
    ends = ".!?" if formality is Formality.CASUAL else ".?"
    bad: list[tuple[object, ...]] = []
    for table, group, template in every_entry(TONES[formality]):
        for text in expansions(template, SHORTEST):
            parts = sentences(text)
            problems = [
                not text[0].isupper() and "no capital",
                text[-1] not in ends and f"must end with one of {ends!r}",
                "!" in text and formality is not Formality.CASUAL and "'!' outside casual",
                _WRONG_ARTICLE.search(text) and "'a' before a vowel or 'an' before a consonant",
                len(parts) > 1
                and any(count_words(s) < 4 for s in parts)
                and "a sentence under four words",
            ]
            bad += [(table, group, text, p) for p in problems if p]
    assert not bad, bad


@pytest.mark.parametrize("formality", list(Formality), ids=TONE_IDS)
def test_sizes_suit_their_table(formality: Formality) -> None:
    """Body sentences 4-16 words without optional parts (a slot counts as two), never under
    four however short the slot, at most 20 with every part in; calls and closings 3-10."""
    bad: list[tuple[object, ...]] = []
    for table, group, template in every_entry(TONES[formality]):
        low, high = SIZES[table]
        size = base_size(template)
        if not low <= size <= high:
            bad.append((table, group, template, size))
        shortest = min(count_words(text) for text in expansions(template, SHORTEST))
        if shortest < low:
            bad.append((table, group, template, f"{shortest} words with a one-word slot"))
        longest = max(count_words(text) for text in expansions(template, TWO_WORDS))
        if table == "body" and longest > MAX_BODY_GROWN:
            bad.append((table, group, template, f"{longest} words grown"))
    assert not bad, bad


@pytest.mark.parametrize("formality", list(Formality), ids=TONE_IDS)
def test_every_expansion_reads_in_its_tone(formality: Formality) -> None:
    """Casual: a casual marker and no formal one; formal: the reverse; neutral: neither."""
    bad: list[tuple[object, ...]] = []
    for table, group, template in every_entry(TONES[formality]):
        for text in expansions(template):
            casual = CASUAL_MARKERS.search(text) is not None
            formal = FORMAL_MARKERS.search(text) is not None
            wanted = (formality is Formality.CASUAL, formality is Formality.FORMAL)
            if (casual, formal) != wanted:
                bad.append((table, group, text, f"casual={casual} formal={formal}"))
    assert not bad, bad


@pytest.mark.parametrize("formality", [Formality.NEUTRAL, Formality.FORMAL], ids=["n", "f"])
def test_only_casual_wording_has_contractions(formality: Formality) -> None:
    tone = TONES[formality]
    texts = [t for _, _, t in every_entry(tone)] + [lead for _, _, lead in leads(tone)]
    assert not [text for text in texts if _CONTRACTION.search(text)]


@pytest.mark.parametrize("formality", list(Formality), ids=TONE_IDS)
def test_calls_are_calls_to_action_on_their_fixed_words(formality: Formality) -> None:
    """Every expansion ends with a call to action by the yardstick, and no optional part holds
    the words that make it one (so dropping it cannot lose the call)."""
    bad: list[tuple[object, ...]] = []
    for group, template in entries(TONES[formality], "calls"):
        bad += [(group, t) for t in expansions(template) if not ends_with_cta(t)]
        bad += [(group, template, p) for p in OPTIONAL.findall(template) if CTA.search(p)]
    assert not bad, bad


@pytest.mark.parametrize("formality", list(Formality), ids=TONE_IDS)
def test_closings_are_never_calls_to_action(formality: Formality) -> None:
    bad: list[tuple[object, ...]] = []
    for group, template in entries(TONES[formality], "closings"):
        bad += [(group, t) for t in expansions(template) if CTA.search(t) or ends_with_cta(t)]
    assert not bad, bad


@pytest.mark.parametrize("formality", list(Formality), ids=TONE_IDS)
def test_leads_have_their_exact_size_and_read_in_their_tone(formality: Formality) -> None:
    """A lead ends with ':', has no optional part or slot, counts exactly its key's words,
    and every group with leads has them for each size from 1 to 5."""
    tone = TONES[formality]
    bad: list[tuple[object, ...]] = []
    for group, by_size in tone.leads.items():
        if set(by_size) != {1, 2, 3, 4, 5}:
            bad.append((group, sorted(by_size)))
    for group, size, lead in leads(tone):
        problems = [
            not lead.endswith(":") and "must end with ':'",
            lead.count(":") != 1 and "one ':' only",
            re.search(r"[\[\]{}]", lead) and "no optional part or slot",
            count_words(lead) != size and f"{count_words(lead)} words",
            not lead[0].isupper() and "no capital",
            (lead != lead.strip() or "  " in lead) and "stray spaces",
            formality is not Formality.FORMAL and FORMAL_MARKERS.search(lead) and "formal marker",
            formality is not Formality.CASUAL and CASUAL_MARKERS.search(lead) and "casual marker",
        ]
        bad += [(group, size, lead, p) for p in problems if p]
    assert not bad, bad


@pytest.mark.parametrize("formality", list(Formality), ids=TONE_IDS)
def test_each_tone_has_enough_of_everything(formality: Formality) -> None:
    tone = TONES[formality]
    short: list[tuple[object, ...]] = []
    for group, least in MIN_LEADS.items():
        for size in range(1, 6):
            have = len(tone.leads.get(group, {}).get(size, ()))
            if have < least:
                short.append(("leads", group, size, have))
    for table, minimum in (("body", MIN_BODY), ("calls", MIN_CALLS), ("closings", MIN_CLOSINGS)):
        for group, least in minimum.items():
            have = len(getattr(tone, table).get(group, ()))
            if have < least:
                short.append((table, group, have))
    words = sum(base_size(template) for template in tone.body[ANY])
    if words < MIN_ANY_BODY_WORDS:
        short.append(("body", ANY, f"{words} words"))
    assert not short, short


@pytest.mark.parametrize("formality", list(Formality), ids=TONE_IDS)
def test_optional_parts_are_plentiful_and_varied(formality: Formality) -> None:
    """The generator lands on exact word counts by including optional parts, so at least half
    of the body sentences have one; and no optional word recurs so often that a long post
    fills up with it ("really... really... really")."""
    tone = TONES[formality]
    body = [t for _, t in entries(tone, "body")]
    assert sum(bool(OPTIONAL.search(t)) for t in body) >= len(body) * MIN_OPTIONAL_SHARE
    parts = Counter(p.casefold() for _, _, t in every_entry(tone) for p in OPTIONAL.findall(t))
    assert not [(p, n) for p, n in parts.items() if n > MAX_SAME_OPTIONAL], parts.most_common(3)


@pytest.mark.parametrize("formality", list(Formality), ids=TONE_IDS)
def test_no_entry_is_written_twice_within_a_tone(formality: Formality) -> None:
    tone = TONES[formality]
    for table in TABLES:
        texts = [render(t).casefold() for _, t in entries(tone, table)]
        assert not [t for t, n in Counter(texts).items() if n > 1], table
    texts = [lead.casefold() for _, _, lead in leads(tone)]
    assert not [t for t, n in Counter(texts).items() if n > 1], "leads"


@pytest.mark.parametrize("formality", list(Formality), ids=TONE_IDS)
def test_no_two_body_sentences_of_a_tone_open_with_the_same_three_words(
    formality: Formality,
) -> None:
    """Whatever optional parts are in, so that a long post never reads as a list."""
    owners: dict[tuple[str, ...], set[str]] = {}
    for _, template in entries(TONES[formality], "body"):
        for keep in choices(template):
            owners.setdefault(first_words(render(template, keep)), set()).add(template)
    assert not {words: found for words, found in owners.items() if len(found) > 1}


@pytest.mark.parametrize("formality", list(Formality), ids=TONE_IDS)
def test_no_two_entries_that_share_a_post_repeat_five_words_in_a_row(
    formality: Formality,
) -> None:
    """A post takes body sentences from a kind's groups and ends with one call or closing from
    them: none of those may restate another ("...and we really appreciate your patience"
    twice). Calls are not compared with each other, nor closings: a post has only one."""
    tone = TONES[formality]
    bad: set[tuple[str, str, str]] = set()
    for kind in Kind:
        groups = groups_of(kind)
        body = [t for group in groups for t in tone.body.get(group, ())]
        ends = [t for g in groups for t in (*entries_of(tone, "calls", g), *closings_of(tone, g))]
        grams = {t: word_runs(t, 5) for t in (*body, *ends)}
        for i, one in enumerate(body):
            for other in (*body[i + 1 :], *ends):
                if grams[one] & grams[other]:
                    bad.add((kind.value, one, other))
    assert not bad, sorted(bad)


@pytest.mark.parametrize("formality", list(Formality), ids=TONE_IDS)
def test_slots_are_used_where_their_phrases_fit(formality: Formality) -> None:
    """Slots only in body sentences, 3 to 5 sentences per slot in each tone, and {time} and
    {place} only in a kind's own group: an apology's time is often past and a milestone's
    place often where the story began, so sentences for every kind cannot carry them."""
    tone = TONES[formality]
    bad: list[tuple[object, ...]] = []
    for table in ("calls", "closings"):
        bad += [(table, t) for _, t in entries(tone, table) if SLOT.search(t)]
    bad += [("leads", lead) for _, _, lead in leads(tone) if SLOT.search(lead)]
    counts = Counter(slot for _, t in entries(tone, "body") for slot in set(SLOT.findall(t)))
    low, high = SLOTS_PER_TONE
    bad += [(slot, counts[slot]) for slot in SLOTS if not low <= counts[slot] <= high]
    for group in (ANY, UPBEAT):
        for template in tone.body.get(group, ()):
            if {"time", "place"} & set(SLOT.findall(template)):
                bad.append((group, template))
    assert not bad, bad


@pytest.mark.parametrize("formality", list(Formality), ids=TONE_IDS)
def test_no_entry_invents_a_number_or_a_price(formality: Formality) -> None:
    tone = TONES[formality]
    texts = [t for _, _, t in every_entry(tone)] + [lead for _, _, lead in leads(tone)]
    assert not [text for text in texts if re.search(r"[\d£$€%]", text) or _NUMBER.search(text)]


@pytest.mark.parametrize("formality", list(Formality), ids=TONE_IDS)
def test_nothing_celebratory_reaches_a_closure_or_an_apology(formality: Formality) -> None:
    tone = TONES[formality]
    texts = [(g, t) for _, g, t in every_entry(tone) if g in SOMBRE]
    texts += [(g, lead) for g, _, lead in leads(tone) if g in SOMBRE]
    assert not [(group, text) for group, text in texts if _CELEBRATION.search(text)]


@pytest.mark.parametrize("formality", list(Formality), ids=TONE_IDS)
def test_emoji_are_single_distinct_code_points_that_suit_their_group(
    formality: Formality,
) -> None:
    emoji = TONES[formality].emoji
    everything = [mark for marks in emoji.values() for mark in marks]
    assert all(len(mark) == 1 and is_emoji(mark) for mark in everything), everything
    assert not set("".join(everything)) & {"\ufe0f", "\ufe0e", "\u200d"}
    assert len(everything) == len(set(everything)), everything
    assert len(emoji[ANY]) >= 12 and not set(emoji[ANY]) & FESTIVE, emoji[ANY]
    assert len(emoji[UPBEAT]) >= 6 and set(emoji[UPBEAT]) <= FESTIVE | {"👏", "📣", "💐"}


def test_the_helpers_expand_templates_as_the_generator_does() -> None:
    """The checks above are only as good as these expansions."""
    template = "We [really] can't wait to see you {place} [again]!"
    assert expansions(template, SHORTEST) == [
        "We can't wait to see you in Lisbon!",
        "We really can't wait to see you in Lisbon!",
        "We can't wait to see you in Lisbon again!",
        "We really can't wait to see you in Lisbon again!",
    ]
    assert base_size(template) == 8
    assert first_words("{time}, things will look different.") == ("{time}", "things", "will")
    assert fill("{time}, we open.", SHORTEST) == "Tomorrow, we open."
