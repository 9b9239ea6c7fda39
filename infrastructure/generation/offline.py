"""A content generator that needs no network and no model: drafts from the brief and templates.

Why it exists: postmind must run, and be tested end to end, without an API key, and its drafts
must honour a style exactly so that style learning can be checked against the same yardstick
(domain.text_metrics) that judges every generator. The first sentence restates the brief
(cleaned, cut to fit), template sentences from offline_phrases carry its keywords, and exact-size
fillers make the body land on the target word count. Every choice comes from a random.Random
seeded by a hash of brief, style and variant: the same request always gets the same draft, and
regenerating (a new variant) gets another. What the user asked the version to mention is said
in a sentence of its own, in their words, right after the opening; what they asked to leave
out is taken out of the brief's words before anything is built from them. The session's
history and the previous draft are not used.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from itertools import cycle, islice

from domain.errors import GenerationError
from domain.feedback import ContentRequest
from domain.generation import GenerationRequest
from domain.ports import ContentGenerator
from domain.posts import Generated
from domain.style import MAX_WORDS, Formality, Style
from domain.text_metrics import count_words, formality_of, is_emoji
from infrastructure.generation import offline_phrases as phrases
from infrastructure.generation.offline_phrases import Tone

MODEL = "offline-v1"
_MAX_RUN = 3  # capitalised words joined into one keyword ("Main Street")
_MAX_KEYWORD = 30  # characters; longer tokens (unspaced scripts, URLs) make poor keywords
_MAX_RESTATED = MAX_WORDS // 2  # of the brief, so the post stays mostly ours at any length
_KEYWORD_SCAN = 120  # words of a long brief searched for keywords: its opening matters most
_MAX_BANGS = 500  # more "!" than this means the yardstick changed under us
_INVISIBLE = frozenset("\ufe0e\ufe0f\u200d\u20e3")  # emoji presentation and joining marks
_BANG_AT_END = re.compile(r"!+(?=\s|$)")
_DASH = re.compile(r"\s+[-–—]+\s+")
_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")
_KEYWORD = re.compile(r"[^\W\d_][^\W_]*")
# the most words the shortest closing of any tone takes (calls or not): kept free of mentions
_LONGEST_SHORT_CLOSING = max(
    min(count_words(end) for end in ends)
    for tone in phrases.TONES.values()
    for ends in (tone.calls, tone.closings)
)
_sentence_words = lru_cache(maxsize=4096)(count_words)  # templates recur with the same keywords
_PLAIN = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, phrases.PLAIN), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


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
    # The lead turns with the variant, so consecutive variants always read differently.
    lead = tone.leads[(int.from_bytes(base[:4], "big") + request.variant) % len(tone.leads)]
    words, keywords = _material(request.brief, style.formality)
    words, keywords = _without(words, request.content), _without(keywords, request.content)
    mentions = _mentions(request.content, style, lead)
    tags = _hashtags(keywords, style.hashtags)
    # Should the brief's own wording still tip the tone, leave it out of the opening.
    for subject in (words or phrases.FALLBACK_SUBJECT, phrases.FALLBACK_SUBJECT):
        rng = random.Random(int.from_bytes(seed[:8], "big"))
        sentences = _sentences(style, tone, lead, subject, keywords, rng, mentions)
        if _settle_formality(sentences, style.formality, tags):
            return _render(sentences, _emoji(style.emoji, tone, rng), tags)
    raise GenerationError("the offline generator could not match the requested formality")


@lru_cache(maxsize=64)  # a session regenerates and restyles the same brief again and again
def _material(brief: str, formality: Formality) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The brief's usable words and its keywords."""
    words = _clean(brief, formality)
    return tuple(words), tuple(_keywords(words))


def _clean(brief: str, formality: Formality) -> list[str]:
    """The brief's words, without emoji, '#' or '!', and de-slanged unless the post is casual."""
    text = unicodedata.normalize("NFC", brief).replace("\u2019", "'")  # as formality_of reads it
    if not text.isascii():
        text = "".join(" " if is_emoji(c) else c for c in text if c not in _INVISIBLE)
    text = _BANG_AT_END.sub(".", text.replace("#", " ")).replace("!", "")
    text = _DASH.sub(", ", text)  # the dash itself is dropped below: it is not a word
    if formality is not Formality.CASUAL:
        text = _PLAIN.sub(lambda m: _like(m.group(0), phrases.PLAIN[m.group(0).lower()]), text)
    words = (token for token in text.split() if any(c.isalnum() for c in token))
    return list(islice(words, _MAX_RESTATED))


def _like(original: str, replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:] if original[:1].isupper() else replacement


def _without(words: Sequence[str], content: Sequence[ContentRequest]) -> tuple[str, ...]:
    """`words` (or keywords) without those carrying a word the user asked to leave out, and
    without the little words that led up to them ("with free parking" goes whole)."""
    omitted = [asked.phrase.split() for asked in content if not asked.include]
    left_out = {
        core
        for words in omitted
        for word in words
        if len(core := _core(word)) >= 3 and core not in phrases.STOPWORDS
    } | {"".join(map(_core, words)) for words in omitted if len(words) > 1}  # "#MainStreet"
    if not left_out:
        return tuple(words)
    kept: list[str] = []
    for word in words:
        if any(_core(part) in left_out for part in word.split()):
            while kept and _core(kept[-1]) in phrases.STOPWORDS and kept[-1][-1].isalnum():
                kept.pop()
            if kept and not word[-1].isalnum():  # keep the sentence's end
                kept[-1] = kept[-1].rstrip(",;:") + word[-1]
            continue
        kept.append(word)
    return tuple(kept)


def _core(word: str) -> str:
    return _EDGE_PUNCTUATION.sub("", word).casefold()


def _mentions(content: Sequence[ContentRequest], style: Style, lead: str) -> list[str]:
    """One sentence with the phrases the user asked to mention, in their words (cleaned as
    the brief is), cut so that the opening and a closing still fit the length."""
    room = style.length - count_words(lead) - _LONGEST_SHORT_CLOSING - 1
    template = phrases.MENTIONS[style.formality]
    room -= count_words(template.format(phrase=""))
    said: list[str] = []
    for asked in content:
        words = _clean(asked.phrase, style.formality) if asked.include else []
        if len(words) > room:  # cut, but not after a little word ("coffee for")
            words = words[: max(room, 0)]
            while len(words) > 1 and _core(words[-1]) in phrases.STOPWORDS:
                words.pop()
        if words:
            said.append(" ".join(words).rstrip(".,;:!?"))
            room -= len(words) + 1  # and "and"
    if not said:
        return []
    joined = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]
    return [template.format(phrase=joined)]


def _keywords(words: Sequence[str]) -> list[str]:
    """Capitalised runs ("Main Street"), then the nouns ending "the/our/a ..." phrases.

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
        core = _EDGE_PUNCTUATION.sub("", token)
        word = core.lower() if i == 0 or words[i - 1][-1] in ".?:" else core
        significant = _significant(core)
        if not significant:
            heads += [phrase] if phrase else []
            lower = core.casefold()
            keep = phrase == "" and lower in phrases.STOPWORDS  # "a second shop"
            phrase = "" if lower in phrases.DETERMINERS or keep else None
        elif word[0].isupper():
            if joinable and len(runs[-1]) < _MAX_RUN:
                runs[-1].append(word)
            else:
                runs.append([word])
            phrase = None
        elif phrase is not None:
            phrase = word
        else:
            rest.append(word)
        joinable = significant and word[0].isupper() and core == token
        if core != token and phrase:  # punctuation ends the phrase
            heads.append(phrase)
            phrase = None
    best = [" ".join(run) for run in runs] + heads + ([phrase] if phrase else [])
    keywords: list[str] = []
    for keyword in best if len(best) >= 2 else best + rest:
        if keyword.casefold() not in {k.casefold() for k in keywords}:
            keywords.append(keyword)
    return keywords


def _significant(core: str) -> bool:
    return (
        3 <= len(core) <= _MAX_KEYWORD
        and _KEYWORD.fullmatch(core) is not None
        and core.casefold() not in phrases.STOPWORDS
        and formality_of(core) is Formality.NEUTRAL
    )


def _hashtags(keywords: Sequence[str], count: int) -> list[str]:
    """`count` distinct CamelCase tags: the brief's keywords, then generic ones."""
    camel = ["".join(w[0].upper() + w[1:] for w in keyword.split()) for keyword in keywords]
    tags = {tag.casefold(): tag for tag in reversed([*camel, *phrases.FALLBACK_TAGS])}
    return [tag for tag in reversed(tags.values()) if re.fullmatch(r"\w+", tag)][:count]


def _sentences(
    style: Style,
    tone: Tone,
    lead: str,
    subject: Sequence[str],
    keywords: Sequence[str],
    rng: random.Random,
    mentions: Sequence[str] = (),
) -> list[str]:
    """Opening, what to mention, body and closing, together exactly `style.length` words."""
    length = style.length - sum(count_words(m) for m in mentions)
    wanted = min(len(subject), max(12, length // 2), _MAX_RESTATED)  # words of the brief
    endings = tone.calls if style.cta else tone.closings
    spare = length - count_words(lead) - wanted
    fitting = [end for end in endings if count_words(end) <= spare]
    closing = rng.choice(fitting or [min(endings, key=count_words)])  # short posts keep the brief
    room = length - count_words(lead) - count_words(closing)
    restated = _restate(subject, min(room, wanted))
    body = _fill(room - count_words(restated), tone, keywords, rng)
    return [f"{lead} {restated}", *mentions, *body, closing]


def _restate(words: Sequence[str], budget: int) -> str:
    """The brief in at most `budget` words, cut at a sentence end when one is near."""
    chosen, cut = list(words[:budget]), len(words) > budget
    ends = [i + 1 for i, word in enumerate(chosen) if word.endswith((".", "?"))]
    if cut and ends and ends[-1] >= budget // 2:
        chosen, cut = chosen[: ends[-1]], False
    while cut and len(chosen) > 1 and chosen[-1].casefold() in phrases.STOPWORDS:
        chosen.pop()  # "a second shop on..." reads worse than "a second shop..."
    if chosen[0].casefold() in phrases.STOPWORDS and chosen[0][1:].islower():
        chosen[0] = chosen[0].lower()
    text = " ".join(chosen).rstrip(",;:-–—")
    if cut:
        return text + "..."
    return text if text.endswith((".", "?")) else text + "."


def _fill(budget: int, tone: Tone, keywords: Sequence[str], rng: random.Random) -> list[str]:
    """Template sentences, then exact-size shorts, adding up to exactly `budget` words."""
    topics = cycle(keywords or [phrases.FALLBACK_TOPIC])
    body: list[str] = []
    pool: list[str] = []
    misses = 0
    while budget and misses < len(tone.sentences):
        pool = pool or rng.sample(tone.sentences, len(tone.sentences))
        sentence = pool.pop().replace("{kw}", next(topics))
        size = _sentence_words(sentence)
        if size <= budget:
            body.append(sentence)
            budget, misses = budget - size, 0
        else:
            misses += 1
    while budget:
        size = min(budget, max(tone.shorts))
        body.append(rng.choice(tone.shorts[size]))
        budget -= size
    return body


def _settle_formality(sentences: list[str], formality: Formality, tags: Sequence[str]) -> bool:
    """Turn full stops into '!' while the text reads more formal than asked; True when it fits.

    Only a brief's own wording ("we are", "it is") can pull a casual or neutral draft towards
    formal, and '!' is the one casual marker that costs no words.
    """
    for bangs in range(_MAX_BANGS):
        found = formality_of(_render(sentences, [], tags))
        if found is formality:
            return True
        if found is Formality.CASUAL or formality is Formality.FORMAL:
            return False
        i = bangs % len(sentences)
        sentences[i] = sentences[i].rstrip(".") + "!"
    return False


def _emoji(count: int, tone: Tone, rng: random.Random) -> list[str]:
    shuffled = rng.sample(tone.emoji, len(tone.emoji))
    return [shuffled[i % len(shuffled)] for i in range(count)]


def _render(sentences: Sequence[str], emoji: Sequence[str], tags: Sequence[str]) -> str:
    """Emoji spread over sentence ends from the last one back, paragraphs, tags on a last line."""
    decorated = list(sentences)
    for i, mark in enumerate(emoji):
        at = len(decorated) - 1 - i * len(decorated) // len(emoji)
        decorated[at] += (" " if decorated[at] == sentences[at] else "") + mark
    middle = decorated[1:-1]
    chunks = [middle[i : i + 3] for i in range(0, len(middle), 3)]
    if len(chunks) > 1 and len(chunks[-1]) == 1:
        last = chunks.pop()
        chunks[-1] += last
    blocks = [decorated[:1], *chunks, decorated[-1:]]
    paragraphs = [" ".join(block) for block in blocks]
    if tags:
        paragraphs.append(" ".join(f"#{tag}" for tag in tags))
    return "\n\n".join(paragraphs)
