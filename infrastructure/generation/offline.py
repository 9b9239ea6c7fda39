"""A content generator that needs no network and no model: drafts from the brief and a phrasebook.

Why it exists: postmind must run, and be tested end to end, without an API key, and its drafts
must honour a style exactly so that style learning can be checked against the same yardstick
(domain.text_metrics) that judges every generator. A draft is built as a person would write it:
- the brief restated in the user's own words (cleaned), as many whole sentences as the length
  allows, a long sentence shortened only where its grammar allows (offline_reading marks where);
- what the user asked this version to mention, in a sentence of its own, in their words;
- body sentences from offline_phrases that suit the kind of brief (an opening, an event, an
  apology...), each used once; a sentence with a slot ({business}, {time}, {place}) only when
  the reader found a whole phrase of that kind, and each phrase at most once; none that would
  contradict what the brief says (its own way to apply, a cause, a weekly offer...);
- a closing, or a call to action when the style asks for one.
Word counts land exactly on the target: optional words in the templates and a lead of 0 to 5
words ("Quick update:") take up the last few words. Every choice comes from a random.Random
seeded by a hash of brief, style and variant: the same request always gets the same draft, and
regenerating (a new variant) gets another, with another closing. What the user asked to leave
out is taken out of the brief's words before anything is built from them. The session's history
and the previous draft are not used.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from domain.errors import GenerationError
from domain.feedback import ContentRequest
from domain.generation import GenerationRequest
from domain.ports import ContentGenerator
from domain.posts import Generated
from domain.style import MAX_WORDS, Formality, Style
from domain.text_metrics import count_words, formality_of, is_emoji
from infrastructure.generation import offline_phrases as phrases
from infrastructure.generation.offline_phrases import STOPWORDS, Kind, Tone
from infrastructure.generation.offline_reading import (
    COMMON_STARTS,
    MONTHS,
    STARTERS,
    VERBS,
    WEEKDAYS,
    Reading,
    Sentence,
    core,
    read,
    word_list,
)

MODEL = "offline-v2"
_MAX_RUN = 3  # capitalised words joined into one keyword ("Main Street")
_MAX_KEYWORD = 30  # characters; longer tokens (unspaced scripts, URLs) make poor keywords
_MAX_RESTATED = MAX_WORDS // 2  # of the brief, so even the longest post stays readable
_KEYWORD_SCAN = 120  # words of a long brief searched for keywords: its opening matters most
_MAX_BANGS = 500  # more "!" than this means the yardstick changed under us
_MIN_SENTENCE = 3  # words: a shorter opening sentence gets a lead ("Quick update: closed Monday.")
_SYMBOLS = frozenset("&+@=/%–")  # tokens of a brief kept though they are not words: "Bloom & Co"
_INVISIBLE = frozenset("\ufe0e\ufe0f\u200d\u20e3")  # emoji presentation and joining marks
# First words of a brief that opens itself, or that read on after a lead in lower case.
_OPENERS = word_list(
    """
    hey hi hello hiya dear ok okay oops psst attention calling good big breaking guess please
    important update reminder announcement news heads-up we're we've we'll you're it's there's
    here's let's that's what's sorry thanks thank congrats congratulations welcome happy
    """
)
# Hashtags ending a brief are labels, not words of its sentences: two or more in a row, or
# one after the last sentence ("...in June. #yoga"); "visit our #bakery" keeps its word.
_TRAILING_TAGS = re.compile(r"(?:(?<=[.!?])(\s+#\w+)+|(\s+#\w+){2,})\W*$")
_BANG_AT_END = re.compile(r"!+(?=\s|$)")
_DASH = re.compile(r"\s+[-–—]+\s+")
_RANGE_DASH = re.compile(
    r"(?<=\w)\s+[-–—]+\s+(?=\d|(mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep"
    r"|oct|nov|dec)[a-z]*\b)",
    re.IGNORECASE,
)
_EMOJI_MARK = "\u2063"  # where an emoji stood, until we know if it ended a sentence
_EMOJI_AFTER_STOP = re.compile(r"(?<=[.!?,;:])[\s\u2063]*\u2063[\s\u2063]*")
_EMOJI_AT_END = re.compile(r"[\s\u2063]*\u2063[\s\u2063]*$")
_EMOJI_RUN = re.compile(r"[\s\u2063]*\u2063[\s\u2063]*")
_KEYWORD = re.compile(r"[^\W\d_][^\W_]*")
_OPTIONAL = re.compile(r"\[([^\[\]]+)\]")
_SLOT = re.compile(r"\{(business|time|place)\}")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+(?=[.,!?:;])")
_PLAIN = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, phrases.PLAIN), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
# Words that open a noun phrase like a determiner, for finding its head ("two baristas").
_COUNTS = word_list("two three four five six seven eight nine ten twelve twenty fifty hundred")
# Weekdays and months, short and long: tags only when the brief has nothing better.
_WHEN = WEEKDAYS | MONTHS | word_list("mon tue tues wed thu thur thurs fri sat sun march may")
# Words that are no topic of a post, though they pass for nouns: no hashtag is made of them.
_NO_TOPIC = word_list("happy dear top short live broken back use order sorry thanks thank due")
# Heads of noun phrases that say nothing about the post: no hashtag is made of them.
_VAGUE = word_list(
    "plus must lot bit way thing things time times day days part kind sort chance reason"
)
# A brief's formal wording, contracted when the post is casual (what people type anyway).
_CONTRACTED = {
    "we are": "we're",
    "you are": "you're",
    "it is": "it's",
    "that is": "that's",
    "do not": "don't",
    "cannot": "can't",
    "will not": "won't",
    "you will": "you'll",
}
_FORMAL = re.compile(r"\b(" + "|".join(_CONTRACTED) + r")\b", re.IGNORECASE)
_FALLBACK = read(phrases.FALLBACK_SUBJECT)
_CONTRADICTED_BY = {
    trait: re.compile(pattern, re.IGNORECASE) for trait, pattern in phrases.CONTRADICTED_BY.items()
}


class OfflineGenerator(ContentGenerator):
    """Deterministic drafts that match the style by construction."""

    model = MODEL

    def generate(self, request: GenerationRequest) -> Generated:
        content = _draft(request)
        prompt = " ".join((request.brief, *(turn.content for turn in request.history)))
        return Generated(
            content=content,
            generator="offline",
            model=MODEL,
            prompt_tokens=len(prompt.split()),
            completion_tokens=count_words(content),
        )


def _draft(request: GenerationRequest) -> str:
    style = request.style
    tone = phrases.TONES[style.formality]
    asked = [[c.phrase, c.include] for c in request.content]
    key = json.dumps([request.brief, style.to_dict(), *asked]).encode()  # ASCII-safe, always
    base = hashlib.sha256(key).digest()
    seed = hashlib.sha256(base + str(request.variant).encode()).digest()
    # The ending turns with the variant, so consecutive variants always read differently.
    turn = int.from_bytes(base[:4], "big") + request.variant
    omitted = tuple(c.phrase for c in request.content if not c.include)
    reading, keywords = _material(request.brief, style.formality, omitted)
    mentions = _mentions(request.content, style, reading)
    tags = _hashtags(keywords, style.hashtags)
    # Should the brief's own wording still tip the tone, leave it out of the opening.
    for brief in (reading, _FALLBACK):
        rng = random.Random(int.from_bytes(seed[:8], "big"))
        opening, rest = _compose(style, tone, brief, rng, turn, mentions)
        sentences = [*opening, *rest]
        if _settle_formality(sentences, style.formality, tags, len(opening)):
            emoji = _emoji(style.emoji, tone, brief.kind, rng)
            return _render(sentences, emoji, tags, len(opening))
    raise GenerationError("the offline generator could not match the requested formality")


def read_brief(brief: str, formality: Formality = Formality.NEUTRAL) -> Reading:
    """The brief as the generator reads it for a post of `formality` (for tests and samples)."""
    return _material(brief, formality, ())[0]


@lru_cache(maxsize=64)  # a session regenerates and restyles the same brief again and again
def _material(
    brief: str, formality: Formality, omitted: tuple[str, ...]
) -> tuple[Reading, tuple[str, ...]]:
    """What the brief says (without what the user asked to leave out), and its keywords."""
    words = _without(_clean(brief, formality), omitted)
    reading = read(words) if words else _FALLBACK
    own = _without(_clean(brief, Formality.CASUAL), omitted)  # tags in the brief's own words
    return reading, tuple(_without(_keywords(own, reading), omitted))


def _clean(brief: str, formality: Formality) -> list[str]:
    """The brief's words, without emoji, '#' or '!', and de-slanged unless the post is casual."""
    text = unicodedata.normalize("NFC", brief).replace("\u2019", "'")  # as formality_of reads it
    if not text.isascii():  # an emoji between words ends a sentence: "Sad news 💔 Café ..."
        text = "".join(_EMOJI_MARK if is_emoji(c) else c for c in text if c not in _INVISIBLE)
        text = _EMOJI_AFTER_STOP.sub(" ", text)
        text = _EMOJI_AT_END.sub("", text)
        text = _EMOJI_RUN.sub(". ", text)
    text = _TRAILING_TAGS.sub("", text)  # labels after the last sentence, not part of it
    text = _BANG_AT_END.sub(".", text.replace("#", " ")).replace("!", "")
    text = _RANGE_DASH.sub(" \x00 ", text)  # "24 Dec – 2 Jan" stays a range
    text = _DASH.sub(". ", text).replace("\x00", "–")  # "...leave — book him from Tuesday"
    if formality is not Formality.CASUAL:
        text = _PLAIN.sub(lambda m: _like(m.group(0), phrases.PLAIN[m.group(0).lower()]), text)
    else:  # "We are pleased" would pull a casual post towards formal: "We're pleased"
        text = _FORMAL.sub(lambda m: _like(m.group(0), _CONTRACTED[m.group(0).lower()]), text)
    words = (token for token in text.split() if _is_word(token) or token in _SYMBOLS)
    return list(islice(words, _MAX_RESTATED))


def _is_word(token: str) -> bool:
    """Whether the yardstick counts `token` as a word (domain.text_metrics.count_words)."""
    return any(c.isalnum() for c in token)


def _size(tokens: Sequence[str]) -> int:
    return sum(map(_is_word, tokens))


def _like(original: str, replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:] if original[:1].isupper() else replacement


def _without(words: Sequence[str], omitted: Sequence[str]) -> list[str]:
    """`words` (or keywords) without those carrying a word the user asked to leave out, and
    without the little words that led up to them ("with free parking" goes whole)."""
    split = [phrase.split() for phrase in omitted]
    left_out = {
        core
        for words in split
        for word in words
        if len(core := _core(word)) >= 3 and core not in phrases.STOPWORDS
    } | {"".join(map(_core, words)) for words in split if len(words) > 1}  # "#MainStreet"
    if not left_out:
        return list(words)
    kept: list[str] = []
    for word in words:
        if any(_core(part) in left_out for part in word.split()):
            while kept and _core(kept[-1]) in phrases.STOPWORDS and kept[-1][-1].isalnum():
                kept.pop()
            if kept and not word[-1].isalnum():  # keep the sentence's end
                kept[-1] = kept[-1].rstrip(",;:") + word[-1]
            continue
        kept.append(word)
    return kept


def _core(word: str) -> str:
    return core(word).casefold()


def _mentions(content: Sequence[ContentRequest], style: Style, brief: Reading) -> list[str]:
    """One sentence with the phrases the user asked to mention, in their words (cleaned as
    the brief is). In a short post it gives way to the brief's shortest grammatical form and
    a closing, and a phrase too long for the room ends before a little word ("free coffee",
    not "free coffee for the first")."""
    first = brief.sentences[0]
    kept = max(_size(first.words[: min((*first.cuts, len(first.words)))]), _MIN_SENTENCE)
    template = phrases.MENTIONS[style.formality]
    room = style.length - _SHORTEST_ENDING - kept - count_words(template.format(phrase=""))
    room = max(room, _MIN_SENTENCE)
    said: list[str] = []
    for asked in content:
        words = _clean(asked.phrase, style.formality) if asked.include else []
        if len(words) > room:
            words = words[:room]
            while len(words) > 1 and _core(words[-1]) in phrases.STOPWORDS:
                words.pop()
            ends = [i for i, word in enumerate(words) if i and _core(word) in phrases.STOPWORDS]
            words = words[: ends[0]] if ends else words
        if words:
            said.append(" ".join(words).rstrip(".,;:!?"))
            room -= len(words) + 1  # and "and"
    if not said:
        return []
    joined = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]
    return [template.format(phrase=joined)]


def _keywords(words: Sequence[str], reading: Reading) -> list[str]:
    """Names ("Main Street"), the business ("Yoga Studio"), the nouns ending "the/our/a ..."
    phrases, then weekdays and months.

    Other significant words only when those two give fewer than two: without a tagger,
    a word after a determiner is the best cheap guess at a noun, and verbs read badly in
    the templates ("we're excited about opens").
    """
    runs: list[list[str]] = []
    heads: list[str] = []
    rest: list[str] = []
    joinable = False  # the previous word is the end of a run, with no punctuation after it
    phrase: str | None = None  # after a determiner: its last significant word so far
    for i, token in enumerate(words[:_KEYWORD_SCAN]):
        bare = core(token)
        word = bare.lower() if i == 0 or words[i - 1][-1] in ".?:" else bare
        significant = _significant(bare)
        if not significant:
            heads += [phrase] if phrase else []
            lower = bare.casefold()
            keep = phrase == "" and lower in phrases.STOPWORDS  # "a second shop"
            opens = lower in phrases.DETERMINERS or lower in _COUNTS  # "two baristas"
            phrase = "" if opens or keep else None
        elif word[0].isupper() and not word.isupper():  # "WAY too many" is not a name
            if joinable and len(runs[-1]) < _MAX_RUN:
                runs[-1].append(word)
            else:
                runs.append([word])
            phrase = None
        elif phrase is not None:
            phrase = word
        else:
            rest.append(word)
        joinable = significant and word[0].isupper() and bare == token
        if bare != token and phrase:  # punctuation ends the phrase
            heads.append(phrase)
            phrase = None
    heads += [phrase] if phrase else []
    named = [" ".join(run) for run in runs]
    when = [name for name in named if name.casefold() in _WHEN]  # the weakest tags
    business = [w for w in (reading.business or "").split() if w.casefold() not in STOPWORDS]
    ours = {word.casefold() for word in business}  # "our yoga studio": #YogaStudio, no #Studio
    best = [
        *(n for n in named if n not in when and not {*n.casefold().split()} <= ours),
        *([" ".join(business)] if business else []),
        *(head for head in heads if head.casefold() not in ours | _VAGUE),
        *when,
    ]
    keywords: list[str] = []
    rest = [word for word in rest if not _verb_like(word)]  # "#Runs", "#Looking" say nothing
    for keyword in best if len(best) >= 2 else best + rest:
        if keyword.casefold() not in {k.casefold() for k in keywords}:
            keywords.append(keyword)
    return keywords


def _verb_like(word: str) -> bool:
    """Whether a word is likely no topic: a verb, an adverb or a word such as "happy"."""
    lower = word.casefold()
    return lower in VERBS or lower in _NO_TOPIC or lower.endswith(("ing", "ed", "ly"))


def _significant(word: str) -> bool:
    return (
        3 <= len(word) <= _MAX_KEYWORD
        and _KEYWORD.fullmatch(word) is not None
        and word.casefold() not in phrases.STOPWORDS
        and formality_of(word) is Formality.NEUTRAL
        and not _verb_like(word)  # "our pottery studio runs": "runs" is no topic
        and word.casefold() not in STARTERS  # "the car park behind ..." ends at "behind"
    )


def _hashtags(keywords: Sequence[str], count: int) -> list[str]:
    """`count` distinct CamelCase tags: the brief's keywords, then generic ones."""
    camel = ["".join(w[0].upper() + w[1:] for w in keyword.split()) for keyword in keywords]
    tags = {tag.casefold(): tag for tag in reversed([*camel, *phrases.FALLBACK_TAGS])}
    return [tag for tag in reversed(tags.values()) if re.fullmatch(r"\w+", tag)][:count]


@dataclass(frozen=True, slots=True)
class _Line:
    """A template with its slots filled: fixed words, and optional parts it may grow by."""

    chunks: tuple[tuple[str, bool], ...]  # (text, optional)
    size: int  # words without the optional parts

    @property
    def extras(self) -> list[tuple[int, int]]:
        """(chunk index, words) of each optional part."""
        return [
            (i, count_words(text)) for i, (text, optional) in enumerate(self.chunks) if optional
        ]

    def text(self, grown: Iterable[int] = ()) -> str:
        """The sentence with the optional chunks in `grown` included."""
        included = set(grown)
        parts = (t for i, (t, opt) in enumerate(self.chunks) if not opt or i in included)
        text = _SPACE_BEFORE_PUNCTUATION.sub("", " ".join(p.strip() for p in parts))
        return text[:1].upper() + text[1:]


@lru_cache(maxsize=4096)  # templates recur with the same phrases
def _line(template: str, business: str = "", time: str = "", place: str = "") -> _Line:
    slots = {"business": business, "time": time, "place": place}
    filled = _SLOT.sub(lambda m: slots[m.group(1)], template)
    chunks: list[tuple[str, bool]] = []
    at = 0
    for match in _OPTIONAL.finditer(filled):
        chunks += [(filled[at : match.start()], False), (match.group(1), True)]
        at = match.end()
    chunks.append((filled[at:], False))
    kept = tuple((text, optional) for text, optional in chunks if text.strip())
    return _Line(kept, count_words(" ".join(t for t, optional in kept if not optional)))


def _entries(table: dict[str, tuple[str, ...]], kind: Kind) -> list[str]:
    """The entries of `table` that suit `kind`, most specific group first."""
    return [entry for group in phrases.groups_of(kind) for entry in table.get(group, ())]


def _fits(entry: str, brief: Reading) -> bool:
    """Whether the sentence says nothing the brief contradicts (offline_phrases.CONTRADICTED_BY)."""
    text = entry.replace("[", "").replace("]", "")  # optional words count as said
    return not any(_CONTRADICTED_BY[trait].search(text) for trait in brief.traits)


_SHORTEST_ENDING = max(
    min(_line(entry).size for entry in _entries(ends, kind))
    for tone in phrases.TONES.values()
    for ends in (tone.calls, tone.closings)
    for kind in Kind
)


def _compose(
    style: Style,
    tone: Tone,
    brief: Reading,
    rng: random.Random,
    turn: int,
    mentions: Sequence[str] = (),
) -> tuple[list[str], list[str]]:
    """The opening (the restated brief), then what to mention, body and ending: together
    exactly `style.length` words."""
    length = style.length - sum(count_words(m) for m in mentions)
    first = _size(brief.sentences[0].words)
    lead_min = max(0, _MIN_SENTENCE - first)
    suited = _entries(tone.calls if style.cta else tone.closings, brief.kind)
    endings = sorted(
        {_line(entry) for entry in [e for e in suited if _fits(e, brief)] or suited},
        key=lambda line: line.chunks,
    )
    # The brief's first sentence matters more than a long ending: keep it whole if one fits.
    # The ending turns with the variant; should the words left over fit no sentence and no
    # lead, the next ending is tried.
    fitting = [end for end in endings if end.size <= length - lead_min - first]
    fitting = fitting or sorted(endings, key=lambda line: line.size)
    at = turn % len(fitting)
    # A brief that opens itself ("Hey everyone!", "New menu: ...") gets a lead only if no
    # ending lets the leftover words go elsewhere.
    for leads_allowed in (False, True):
        for ending in fitting[at:] + fitting[:at]:
            budget = min(length - ending.size - lead_min, _MAX_RESTATED)
            restated = _restate(brief.sentences, budget)
            rest = length - ending.size - sum(map(_size, restated))
            written = _fit(rest, ending, restated, tone, brief, rng, leads_allowed)
            if written is not None:
                lead, lines = written
                return _opening(lead, restated), [*mentions, *lines]
    raise GenerationError(f"the offline generator could not write {style.length} words")


def _fit(
    rest: int,
    ending: _Line,
    restated: Sequence[Sequence[str]],
    tone: Tone,
    brief: Reading,
    rng: random.Random,
    leads_allowed: bool = True,
) -> tuple[str, list[str]] | None:
    """A lead and the body and ending lines that take exactly `rest` words, if there are; a
    brief that opens itself gets no lead unless `leads_allowed`."""
    lead_min = max(0, _MIN_SENTENCE - _size(restated[0]))
    leads = _leads(tone, brief.kind)
    sizes = sorted(size for size in leads if size >= lead_min) + ([0] if lead_min == 0 else [])
    if _opens_itself(restated[0]) and 0 in sizes and not leads_allowed:
        sizes = [0]
    for preferred in [rng.choice(sizes), *sizes]:  # the leftover words go to a lead
        if preferred > rest:
            continue
        body = _body(rest - preferred, tone, brief, rng)
        left = rest - sum(line.size for line in body)
        lines = [*body, ending]
        for lead_size in sorted(sizes, key=lambda size: abs(size - preferred)):
            grown = _grow(lines, left - lead_size, rng)
            if grown is not None:
                lead = rng.choice(leads[lead_size]) if lead_size else ""
                return lead, [line.text(grown.get(i, ())) for i, line in enumerate(lines)]
    return None


def _opens_itself(first: Sequence[str]) -> bool:
    """Whether a brief's first sentence reads badly after a lead: it has an opener of its own
    ("Hey everyone!", "New spring menu: ..."), or starts with a word a lead would leave in
    capitals ("Update: Half price haircuts")."""
    word = first[0]
    lower = _core(word).casefold()
    own_lead = any(w.endswith(":") for w in first)  # "New spring menu: ..."
    return lower in _OPENERS or own_lead or (word[:1].isupper() and lower not in STOPWORDS)


def _leads(tone: Tone, kind: Kind) -> dict[int, list[str]]:
    """Leads by word count; a closure or an apology takes only its own ("FYI:" would jar)."""
    leads: dict[int, list[str]] = {}
    groups = phrases.groups_of(kind)
    for group in groups[:1] if kind.value in tone.leads else groups:
        for size, entries in tone.leads.get(group, {}).items():
            leads.setdefault(size, []).extend(entries)
    return leads


def _restate(sentences: Sequence[Sentence], budget: int) -> list[list[str]]:
    """The brief's sentences in at most `budget` words: whole ones, then one shortened where its
    grammar allows; a first sentence too long for any of its forms is cut with '...'."""
    chosen: list[list[str]] = []
    used = 0
    for sentence in sentences:
        words = list(sentence.words)
        if used + _size(words) <= budget:
            chosen.append(_ended(words))
            used += _size(words)
            continue
        cut = next((cut for cut in sentence.cuts if used + _size(words[:cut]) <= budget), None)
        if cut is not None:
            chosen.append(_ended(words[:cut]))
        break
    if chosen:
        return chosen
    first = sentences[0]
    words = list(first.words)
    # Cut where a phrase begins ("... a book signing | with Zoë Adler | at ..."), so that no
    # name, number or time is cut in half; at any word only when no such place fits.
    fitting = [cut for cut in range(1, len(words)) if _size(words[:cut]) <= max(budget, 1)]
    safe = [cut for cut in fitting if not _inside_a_name(words[cut - 1], words[cut])]
    breaks = [cut for cut in first.breaks if cut in fitting]
    words = words[: (breaks or safe or fitting or [1])[-1]]
    words[-1] = words[-1].rstrip(",;:-–—.?") + "..."
    return [words]


def _inside_a_name(before: str, after: str) -> bool:
    """Whether a cut between these words would split a name or a number from its unit."""
    return (before[:1].isupper() and after[:1].isupper()) or any(c.isdigit() for c in before)


def _ended(words: list[str]) -> list[str]:
    """The words as a sentence: ending in '.' or '?' (a cut sentence loses its ',')."""
    if not words[-1].endswith((".", "?", "...")):
        words[-1] = words[-1].rstrip(",;:-–—") + "."
    return words


def _opening(lead: str, restated: Sequence[Sequence[str]]) -> list[str]:
    """The restated sentences, the first after the lead."""
    first = list(restated[0])
    word = first[0]
    lower = _core(word).casefold()
    if lead and (lower in COMMON_STARTS or lower in _OPENERS) and word[1:].islower():
        first[0] = word.lower()  # "Quick update: our bakery opens..."
    elif not lead:
        first[0] = word[:1].upper() + word[1:]
    sentences = [" ".join(words) for words in [first, *restated[1:]]]
    sentences[1:] = [text[:1].upper() + text[1:] for text in sentences[1:]]  # "pre-order" too
    sentences[0] = f"{lead} {sentences[0]}" if lead else sentences[0]
    return sentences


def _body(budget: int, tone: Tone, brief: Reading, rng: random.Random) -> list[_Line]:
    """Body sentences of at most `budget` words (without optional parts), each once: the
    kind's own first (a short post is about its brief), then the general ones, shown in the
    phrasebook's order; slots filled with the brief's phrases, each phrase at most once."""
    unused = {"business": [brief.business] if brief.business else [], "time": list(brief.times)}
    unused["place"] = list(brief.places)
    own, *general = (
        [
            (rank, i, entry)
            for i, entry in enumerate(tone.body.get(group, ()))
            if _fits(entry, brief)
        ]
        for rank, group in enumerate(phrases.groups_of(brief.kind))
    )
    others = [candidate for group in general for candidate in group]
    candidates = rng.sample(own, len(own)) + rng.sample(others, len(others))
    picked: list[tuple[int, int, _Line]] = []
    for group_rank, i, entry in candidates:
        needed = set(_SLOT.findall(entry))
        if any(not unused[slot] for slot in needed):
            continue
        line = _line(entry, **{slot: unused[slot][0] for slot in needed})
        if line.size <= budget:
            picked.append((group_rank, i, line))
            budget -= line.size
            for slot in needed:
                unused[slot].pop(0)
    return [line for _, _, line in sorted(picked, key=lambda item: item[:2])]


def _grow(lines: Sequence[_Line], gap: int, rng: random.Random) -> dict[int, set[int]] | None:
    """Which optional parts of `lines` to include so that they add exactly `gap` words."""
    if gap < 0:
        return None
    parts = [(n, i, size) for n, line in enumerate(lines) for i, size in line.extras]
    rng.shuffle(parts)
    reach = [{0}]  # reach[k]: word counts the last k parts can add
    for _, _, size in reversed(parts):
        reach.append(reach[-1] | {total + size for total in reach[-1] if total + size <= gap})
    reach.reverse()
    if gap not in reach[0]:
        return None
    grown: dict[int, set[int]] = {}
    for k, (n, i, size) in enumerate(parts):
        take = gap - size in reach[k + 1] and (gap not in reach[k + 1] or rng.random() < 0.5)
        if take:
            grown.setdefault(n, set()).add(i)
            gap -= size
    return grown


def _settle_formality(
    sentences: list[str], formality: Formality, tags: Sequence[str], opening: int = 1
) -> bool:
    """Turn full stops into '!' while the text reads more formal than asked; True when it fits.

    Only a brief's own wording ("we are", "it is") can pull a casual or neutral draft towards
    formal, and '!' is the one casual marker that costs no words: our sentences take it
    first, the user's own (the first `opening`) only after.
    """
    order = [*range(opening, len(sentences)), *range(opening)]
    for bangs in range(_MAX_BANGS):
        found = formality_of(_render(sentences, [], tags, 1))
        if found is formality:
            return True
        if found is Formality.CASUAL or formality is Formality.FORMAL:
            return False
        i = order[bangs % len(order)]
        if not sentences[i].endswith("..."):  # a cut sentence keeps its ellipsis
            sentences[i] = sentences[i].rstrip(".") + "!"
    return False


def _emoji(count: int, tone: Tone, kind: Kind, rng: random.Random) -> list[str]:
    suited = list(dict.fromkeys(_entries(tone.emoji, kind)))
    shuffled = rng.sample(suited, len(suited))
    return [shuffled[i % len(shuffled)] for i in range(count)]


def _render(
    sentences: Sequence[str], emoji: Sequence[str], tags: Sequence[str], opening: int
) -> str:
    """Emoji spread over sentence ends from the last one back; paragraphs of up to three
    sentences (the restated brief, then the rest), the ending alone; tags on a last line."""
    decorated = list(sentences)
    for i, mark in enumerate(emoji):
        at = len(decorated) - 1 - i * len(decorated) // len(emoji)
        decorated[at] += (" " if decorated[at] == sentences[at] else "") + mark
    blocks = [*_threes(decorated[:opening]), *_threes(decorated[opening:-1]), decorated[-1:]]
    paragraphs = [" ".join(block) for block in blocks]
    if tags:
        paragraphs.append(" ".join(f"#{tag}" for tag in tags))
    return "\n\n".join(paragraphs)


def _threes(sentences: Sequence[str]) -> list[list[str]]:
    """Paragraphs of three sentences, none of one sentence after another."""
    chunks = [list(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
    if len(chunks) > 1 and len(chunks[-1]) == 1:
        last = chunks.pop()
        chunks[-1] += last
    return chunks
