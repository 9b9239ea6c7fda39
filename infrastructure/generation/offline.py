"""A content generator that needs no network and no model: drafts from the brief and templates.

Why it exists: postmind must run, and be tested end to end, without an API key, and its drafts
must honour a style exactly so that style learning can be checked against the same yardstick
(domain.text_metrics) that judges every generator. The first sentence restates the brief
(cleaned, cut to fit), template sentences from offline_phrases carry its keywords, and exact-size
fillers make the body land on the target word count. Every choice comes from a random.Random
seeded by a hash of brief, style and variant: the same request always gets the same draft, and
regenerating (a new variant) gets another. Feedback and the previous draft are not used.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from itertools import cycle

from domain.errors import GenerationError
from domain.generation import GenerationRequest
from domain.ports import ContentGenerator
from domain.posts import Generated
from domain.style import Formality, Style
from domain.text_metrics import count_words, formality_of, is_emoji
from infrastructure.generation import offline_phrases as phrases
from infrastructure.generation.offline_phrases import Tone

MODEL = "offline-v1"
_MAX_RUN = 3  # capitalised words joined into one keyword ("Main Street")
_MAX_KEYWORD = 30  # characters; longer tokens (unspaced scripts, URLs) make poor keywords
_KEYWORD_SCAN = 120  # words of a long brief searched for keywords: its opening matters most
_MAX_BANGS = 500  # more "!" than this means the yardstick changed under us
_INVISIBLE = frozenset("\ufe0e\ufe0f\u200d\u20e3")  # emoji presentation and joining marks
_BANG_AT_END = re.compile(r"!+(?=\s|$)")
_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")
_KEYWORD = re.compile(r"[^\W\d_][^\W_]*")
_sentence_words = lru_cache(maxsize=4096)(count_words)  # templates recur with the same keywords
_PLAIN = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, phrases.PLAIN), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


class OfflineGenerator(ContentGenerator):
    """Deterministic drafts that match the style by construction."""

    def generate(self, request: GenerationRequest) -> Generated:
        content = _draft(request)
        prompt = " ".join((request.brief, *request.feedback))
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
    key = json.dumps([request.brief, style.to_dict()]).encode()  # ASCII-safe, even for surrogates
    base = hashlib.sha256(key).digest()
    seed = hashlib.sha256(base + str(request.variant).encode()).digest()
    # The lead turns with the variant, so consecutive variants always read differently.
    lead = tone.leads[(int.from_bytes(base[:4], "big") + request.variant) % len(tone.leads)]
    words = _clean(request.brief, style.formality)
    keywords = _keywords(words)
    tags = _hashtags(keywords, style.hashtags)
    # If the brief's own wording tips the tone, restate it through its keywords instead.
    for subject in (words, _summary(keywords)):
        rng = random.Random(int.from_bytes(seed[:8], "big"))
        subject = subject or phrases.FALLBACK_SUBJECT
        sentences = _sentences(style, tone, lead, subject, keywords, rng)
        if _settle_formality(sentences, style.formality, tags):
            return _render(sentences, _emoji(style.emoji, tone, rng), tags)
    raise GenerationError("the offline generator could not match the requested formality")


def _clean(brief: str, formality: Formality) -> list[str]:
    """The brief's words, without emoji, '#' or '!', and de-slanged unless the post is casual."""
    text = unicodedata.normalize("NFC", brief)
    if not text.isascii():
        text = "".join(" " if is_emoji(c) else c for c in text if c not in _INVISIBLE)
    text = _BANG_AT_END.sub(".", text.replace("#", " ")).replace("!", "")
    if formality is not Formality.CASUAL:
        text = _PLAIN.sub(lambda m: _like(m.group(0), phrases.PLAIN[m.group(0).lower()]), text)
    return [token for token in text.split() if any(c.isalnum() for c in token)]


def _like(original: str, replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:] if original[:1].isupper() else replacement


def _keywords(words: Sequence[str]) -> list[str]:
    """Significant words, runs of capitalised ones joined ("Main Street"), those runs first."""
    runs: list[list[str]] = []
    common: list[str] = []
    joinable = False
    for i, token in enumerate(words[:_KEYWORD_SCAN]):
        core = _EDGE_PUNCTUATION.sub("", token)
        starts_sentence = i == 0 or words[i - 1][-1] in ".?:"
        if not _significant(core):
            joinable = False
        elif core[0].isupper() and not starts_sentence:
            if joinable and len(runs[-1]) < _MAX_RUN:
                runs[-1].append(core)
            else:
                runs.append([core])
            joinable = core == token  # punctuation after a word ends the run
        else:
            common.append(core.lower() if starts_sentence else core)
            joinable = False
    seen: set[str] = set()
    keywords = []
    for keyword in [" ".join(run) for run in runs] + common:
        if keyword.casefold() not in seen:
            seen.add(keyword.casefold())
            keywords.append(keyword)
    return keywords


def _significant(core: str) -> bool:
    return (
        3 <= len(core) <= _MAX_KEYWORD
        and _KEYWORD.fullmatch(core) is not None
        and core.casefold() not in phrases.STOPWORDS
        and formality_of(core) is Formality.NEUTRAL
    )


def _summary(keywords: Sequence[str]) -> list[str]:
    if not keywords:
        return list(phrases.FALLBACK_SUBJECT)
    return ["news", "about", *", ".join(keywords[:3]).split()]


def _hashtags(keywords: Sequence[str], count: int) -> list[str]:
    """`count` distinct CamelCase tags: the brief's keywords, then generic ones."""
    camel = ["".join(w[0].upper() + w[1:] for w in keyword.split()) for keyword in keywords]
    tags: list[str] = []
    for tag in [*camel, *phrases.FALLBACK_TAGS]:
        if re.fullmatch(r"\w+", tag) and tag.casefold() not in {t.casefold() for t in tags}:
            tags.append(tag)
    return tags[:count]


def _sentences(
    style: Style,
    tone: Tone,
    lead: str,
    subject: Sequence[str],
    keywords: Sequence[str],
    rng: random.Random,
) -> list[str]:
    """Opening, body and closing, together exactly `style.length` words long."""
    closing = rng.choice(tone.calls if style.cta else tone.closings)
    room = style.length - count_words(lead) - count_words(closing)
    restated = _restate(subject, min(room, max(12, style.length // 2)))
    body = _fill(room - count_words(restated), tone, keywords, rng)
    return [f"{lead} {restated}", *body, closing]


def _restate(words: Sequence[str], budget: int) -> str:
    """The brief in at most `budget` words, cut at a sentence end when one is near."""
    chosen, cut = list(words[:budget]), len(words) > budget
    ends = [i + 1 for i, word in enumerate(chosen) if word.endswith((".", "?"))]
    if cut and ends and ends[-1] >= budget // 2:
        chosen, cut = chosen[: ends[-1]], False
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
