"""Feedback on a draft, and reading free text as style actions, settings and content.

No LLM is needed: a table of phrases people actually write under a draft maps to the same
actions as the buttons ("way too long" is `shorter`, "sounds like a robot" is `casual`),
phrases that name a value ("no emojis", "under 50 words", "three hashtags") become settings,
and requests about what the post says ("mention the free coffee", "don't mention the
price") become content requests for the next versions, in the user's own words. Text that
asks for nothing recognisable is kept as feedback and answered with a fresh wording in the
same style, saying so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from domain.actions import Action, apply_action
from domain.dimensions import estimates_of, style_from
from domain.learning import ACTION_KEYS, Observation, from_actions, from_settings
from domain.style import Style


class FeedbackKind(StrEnum):
    ACTION = "action"
    TEXT = "text"
    EDIT = "edit"
    RATING = "rating"
    APPROVE = "approve"
    REJECT = "reject"


@dataclass(frozen=True, slots=True)
class Feedback:
    user_id: int
    session_id: int
    post_id: int | None
    kind: FeedbackKind
    created_at: datetime
    signals: tuple[str, ...] = ()
    rating: int | None = None
    text: str | None = None
    id: int | None = None


_NONE_OF = (
    r"without|(?:remove|get rid of|lose|drop|skip) (?:all )?the|remove all|no more|zero"
    r"|none of the"
)

# Tone words: what people call a casual post and a formal one, and the complaints about each.
_CASUAL_WORDS = (
    r"casual|relaxed|friendly|friendlier|fun|funnier|more fun|playful|chill|chilled|laid[- ]back"
    r"|warm|warmer|lighter|light-hearted|lighthearted|conversational|human|upbeat|informal"
)
_FORMAL_WORDS = r"formal|professional|serious|businesslike|polished|official"
_STIFF = (
    r"formal|stiff|corporate|serious|professional|robotic|dry|businesslike|official|stuffy"
    r"|uptight"
)
_SILLY = (
    r"casual|chatty|playful|silly|informal|jokey|goofy|cheesy|slangy|fun|flippant|friendly"
    r"|relaxed"
)
_SO = r"too|so|very|overly|way too|a bit too|a little too|bit too"

# Rules in priority order. A match is blanked out of the text before the next rule runs,
# so complaints and negations ("too formal", "no more emojis", "don't add hashtags") are
# read before the bare words they contain ("formal", "more emojis", "add hashtags").
_RULES: tuple[tuple[str, Action], ...] = (
    # "not X enough" asks for more X: read before "not X" below
    (rf"not (?:very |really |quite )?(?:{_CASUAL_WORDS}) enough", Action.CASUAL),
    (rf"not (?:very |really |quite )?(?:{_FORMAL_WORDS}) enough", Action.FORMAL),
    (
        rf"(?:{_SO}) (?:{_STIFF})|less (?:{_STIFF})|not (?:so |that |as |too )?(?:{_STIFF})"
        rf"|(?:don't|do not) (?:be|sound) so (?:{_STIFF})"
        r"|(?:sounds?|reads?) (?:like (?:a |an )?(?:robot|machine|press release|bank|lawyer"
        r"|corporation|ai|brochure)|(?:very |too |a bit |so )?(?:corporate|robotic|stiff|stuffy))"
        r"|less like (?:a |an )?(?:robot|machine|press release|corporation|ai)"
        r"|loosen (?:it )?up|lighten (?:it )?up",
        Action.CASUAL,
    ),
    (
        rf"(?:{_SO}) (?:{_SILLY})|less (?:{_SILLY})|not (?:so |that |as |too )?(?:{_SILLY})"
        rf"|(?:don't|do not) (?:be|sound) so (?:{_SILLY})|tone it down"
        r"|(?:sounds?|reads?) (?:(?:a bit |too |so )?(?:unprofessional|childish|silly|cheesy))"
        r"|unprofessional",
        Action.FORMAL,
    ),
    (
        rf"(no more|don't add|do not add|fewer|less|no|too many|{_NONE_OF}) emojis?",
        Action.LESS_EMOJI,
    ),
    (
        rf"(no more|don't add|do not add|fewer|less|no|too many|{_NONE_OF}) hashtags?",
        Action.LESS_HASHTAGS,
    ),
    (
        r"(no|drop the|remove the|skip the|without( a)?|lose the) (cta|call to action)"
        r"|don't ask",
        Action.DROP_CTA,
    ),
    (r"not (?:quite |really )?(?:short|concise|brief|punchy|snappy) enough", Action.SHORTER),
    (r"not (?:quite |really )?(?:long|detailed) enough", Action.LONGER),
    (r"too short|longer|more details?|expand|elaborate|more text|flesh (it )?out", Action.LONGER),
    (
        r"too long|shorter|shorten|trim|cut it|less text|too wordy|less wordy|wordy"
        r"|more concise|concise|punchier|snappier|tighten (it )?up|fewer words"
        r"|(make|keep) it (brief|short)|briefer",
        Action.SHORTER,
    ),
    (_CASUAL_WORDS, Action.CASUAL),
    (_FORMAL_WORDS, Action.FORMAL),
    (r"more emojis?|(add|use|include) (an |a few |some )?emojis?", Action.MORE_EMOJI),
    (r"more hashtags?|(add|use|include) (a |a few |some )?hashtags?", Action.MORE_HASHTAGS),
    (
        r"(add|include) (a )?(cta|call to action)|ask (people|them|readers|for)"
        r"|invite (people|readers)|encourage (people|readers)|end with a question"
        r"|tell (people|them|readers|folks) to",
        Action.ADD_CTA,
    ),
)
_COMPILED = tuple((re.compile(rf"\b(?:{p})\b"), action) for p, action in _RULES)
# When both sides of a pair are asked for, the cautious side wins...
_CAUTIOUS = {
    frozenset({Action.MORE_EMOJI, Action.LESS_EMOJI}): Action.LESS_EMOJI,
    frozenset({Action.MORE_HASHTAGS, Action.LESS_HASHTAGS}): Action.LESS_HASHTAGS,
    frozenset({Action.ADD_CTA, Action.DROP_CTA}): Action.DROP_CTA,
}
# ...and for length and tone, the last word said ("shorter, actually no, longer").
_LAST_WINS = (
    frozenset({Action.SHORTER, Action.LONGER}),
    frozenset({Action.CASUAL, Action.FORMAL}),
)


def interpret_text(text: str) -> tuple[Action, ...]:
    """The style actions that free-text feedback asks for, in Action order (may be empty)."""
    rest = text.lower().replace("\u2019", "'")
    last_seen: dict[Action, int] = {}
    for pattern, action in _COMPILED:
        for match in pattern.finditer(rest):
            last_seen[action] = max(last_seen.get(action, -1), match.start())
        rest = pattern.sub(lambda m: " " * len(m.group()), rest)
    for pair, winner in _CAUTIOUS.items():
        if pair <= last_seen.keys():
            (loser,) = pair - {winner}
            del last_seen[loser]
    for pair in _LAST_WINS:
        if pair <= last_seen.keys():
            del last_seen[min(pair, key=last_seen.__getitem__)]
    return tuple(action for action in Action if action in last_seen)


_NUMBERS = {
    "zero": 0, "no": 0, "one": 1, "a single": 1, "two": 2, "a couple of": 2,
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_AMOUNT = r"(\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + ")"
MIN_STATED_WORDS = 10
_UNDER = r"under|less than|fewer than|at most|max(?:imum)?|no more than|below|within"
_OVER = r"at least|more than|over|minimum|min"
_SETTING_RULES: tuple[tuple[re.Pattern[str], str, float], ...] = (
    # (pattern with the amount as group "n", dimension, factor applied to the amount)
    (re.compile(rf"\b(?:{_UNDER}) (?P<n>{_AMOUNT}) words?\b"), "length", 0.9),
    (re.compile(rf"\b(?:{_OVER}) (?P<n>{_AMOUNT}) words?\b"), "length", 1.1),
    (re.compile(rf"\b(?P<n>{_AMOUNT}) words?\b"), "length", 1.0),
    (re.compile(rf"\b(?:just |only )?(?P<n>{_AMOUNT}) emojis?\b"), "emoji", 1.0),
    (re.compile(rf"\b(?:just |only )?(?P<n>{_AMOUNT}) hashtags?\b"), "hashtags", 1.0),
    (
        re.compile(rf"\b(?:{_NONE_OF}) (?P<n>)emojis?\b"),
        "emoji",
        0.0,
    ),
    (
        re.compile(rf"\b(?:{_NONE_OF}) (?P<n>)hashtags?\b"),
        "hashtags",
        0.0,
    ),
)


@dataclass(frozen=True, slots=True)
class ContentRequest:
    """Something the next versions must say (`include`) or leave out, in the user's words."""

    phrase: str
    include: bool = True

    @property
    def signal(self) -> str:
        return f"{MENTION if self.include else OMIT}{self.phrase}"


MENTION, OMIT = "mention:", "omit:"  # how content requests are stored among the signals


@dataclass(frozen=True, slots=True)
class FeedbackReading:
    """What a piece of free text asks for: style actions, values it names outright, and
    what the post should say or leave out."""

    actions: tuple[Action, ...] = ()
    settings: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    content: tuple[ContentRequest, ...] = ()

    @property
    def signals(self) -> tuple[str, ...]:
        """As stored with the feedback: action names, `key=value` settings, then content
        requests (`mention:...`, `omit:...`)."""
        named = tuple(f"{key}={value:g}" for key, value in sorted(self.settings.items()))
        asked = tuple(request.signal for request in self.content)
        return tuple(a.value for a in self.actions) + named + asked

    @property
    def understood(self) -> bool:
        return bool(self.actions or self.settings or self.content)

    def applied_to(self, asked: Style, seen: Style | None = None) -> Style:
        """The style of the next version: the actions' moves, then the named values.

        A dimension an action moves is moved from what the user saw (`seen`, the draft's
        measured style; "shorter" on 84 words means fewer than 84); the others keep the
        style the draft was asked for, so a model's slip is not carried into the next one.
        """
        moved = seen or asked
        for action in self.actions:
            moved = apply_action(moved, action)
        touched = {ACTION_KEYS[a] for a in self.actions if a in ACTION_KEYS}
        from_seen = {key: value for key, value in estimates_of(moved).items() if key in touched}
        return style_from({**estimates_of(asked), **from_seen, **self.settings})

    def observations(self, seen: Style) -> list[Observation]:
        """What this feedback on a draft the user saw in style `seen` (measured) teaches."""
        return from_actions(seen, self.actions) + from_settings(self.settings)


def reading_of(signals: tuple[str, ...]) -> FeedbackReading:
    """The reading stored feedback's signals stand for (the inverse of `.signals`)."""
    actions: list[Action] = []
    settings: dict[str, float] = {}
    content: list[ContentRequest] = []
    for signal in signals:
        key, equals, value = signal.partition("=")
        if signal.startswith((MENTION, OMIT)):  # first: a phrase may hold a "="
            include = signal.startswith(MENTION)
            content.append(ContentRequest(signal.partition(":")[2], include))
        elif equals:
            settings[key] = float(value)
        elif signal in Action.__members__.values():
            actions.append(Action(signal))
    return FeedbackReading(tuple(actions), MappingProxyType(settings), tuple(content))


def read_feedback(text: str) -> FeedbackReading:
    """Content requests, actions and settings in free text. Content is read first and
    blanked out, so its words ("mention that we're a friendly team") are not read as
    style; a setting wins over an action on the same dimension."""
    content, rest = _content(text.replace("\u2019", "'"))
    settings = _settings(rest.lower())
    actions = tuple(a for a in interpret_text(rest) if ACTION_KEYS.get(a) not in settings)
    return FeedbackReading(actions, MappingProxyType(settings), content)


def merged(
    asked: tuple[ContentRequest, ...], new: Iterable[ContentRequest]
) -> tuple[ContentRequest, ...]:
    """`asked` with the `new` requests after it, oldest first: a new request about a phrase
    already asked about (in any case) replaces the old one."""
    by_phrase = {request.phrase.casefold(): request for request in asked}
    for request in new:
        key = request.phrase.casefold()
        by_phrase.pop(key, None)  # re-asked: it moves to the end
        by_phrase[key] = request
    return tuple(by_phrase.values())


# Content requests start a clause: at the start, after punctuation or a linking word.
_CLAUSE = (
    r"(?:^|(?<=[.!?;,:(])|\b(?:and|but|please|pls|also|plus|then|just|oh|so|do|actually|can you"
    r"|could you|would you|can we|could we|let's|maybe|now|you should|we should"
    r"|i'd like you to|i want you to)\b)\s*"
)
_OMIT = (
    r"(?:please )?(?:don't|do not|dont|no need to|never) (?:mention|include|talk about"
    r"|bring up|say anything about|say)"
    r"|(?:leave|take|cut|keep) (?:out|off)(?: the (?:part|bit|line|sentence) (?:about|on))?"
    r"|(?:remove|drop|cut|lose|delete) the (?:part|bit|line|sentence|stuff|mention)"
    r" (?:about|on|of|with)"
    r"|remove|get rid of|no mention of|without mentioning|stop mentioning"
    r"|skip the (?:part|bit) about|skip"
)
_MENTION = (
    r"(?:also |please |pls )?(?:mention(?: that)?|include|talk about|write about|bring up|point out"
    r"|highlight|note that|stress that|emphasi[sz]e(?: that)?|add that|add something about"
    r"|add a (?:line|bit|sentence|note|word) (?:about|on|saying)|say that"
    r"|say(?! more\b| less\b| it (?:shorter|longer)\b)"
    r"|tell (?:them|people|everyone|readers|folks|customers)(?: that| about)?"
    r"|(?:don't|do not) forget(?: to (?:mention|say|include)| about)?"
    r"|make sure (?:to mention|you mention|to say|you say|to include|it says)(?: that)?"
    r"|let (?:them|people|everyone|readers|folks|customers) know(?: that| about)?)"
)
_CONTENT = re.compile(
    rf"{_CLAUSE}(?:(?P<omit>{_OMIT})|(?P<mention>{_MENTION}))\s+(?!to\b)", re.IGNORECASE
)
_PHRASE_END = re.compile(r"[.!?;,](?=\s|$)|\n|\s(?:and|but)\s", re.IGNORECASE)
_TRAILING = re.compile(
    r"(?:\s+(?:please|pls|too|as well|also|in the post|somewhere|again|(?<!\bof )thanks"
    r"|thank you))+$",
    re.IGNORECASE,
)
_QUOTES = "\"'“”‘’«»"
# A "phrase" made only of these is a style request ("remove the emojis"), not content.
_STYLE_WORDS = frozenset(
    re.findall(
        r"\w+",
        "the a an any all some those these that this it them of emoji emojis emoticons smileys"
        " hashtag hashtags tags tag cta call calls to action question questions exclamation"
        " marks mark intro ending end words word few more less fewer line lines sentence"
        " sentences detail details first last final opening closing paragraph paragraphs",
    )
)


def _content(text: str) -> tuple[tuple[ContentRequest, ...], str]:
    """The content requests in `text`, and the text with them blanked out."""
    found: list[ContentRequest] = []
    rest = text
    position = 0
    while (match := _CONTENT.search(rest, position)) is not None:
        end = _phrase_end(rest, match.end())
        phrase = _TRAILING.sub("", rest[match.end() : end].strip()).strip(_QUOTES + " ")
        if not _is_content(phrase):
            position = match.end()  # a style request: the style rules will read it
            continue
        found.append(ContentRequest(phrase, include=match.group("mention") is not None))
        rest = rest[: match.start()] + " " * (end - match.start()) + rest[end:]
        position = end
    return tuple(found), rest


def _is_content(phrase: str) -> bool:
    """False for what only looks like content: style words ("remove the emojis"), values
    ("tell them it's 3 emojis max") or the draft itself ("say it in one word")."""
    words = phrase.casefold().split()
    if not words or set(words) <= _STYLE_WORDS or words[0] in _THE_DRAFT:
        return False
    return not _settings(phrase.casefold())


_THE_DRAFT = frozenset({"it", "this", "that", "them"})


def _phrase_end(text: str, start: int) -> int:
    """Where a content phrase starting at `start` ends: at the clause's punctuation, or at
    an "and"/"but" that goes on to ask for something else ("... and make it shorter",
    "... but leave out the price")."""
    for match in _PHRASE_END.finditer(text, start):
        if match.group().strip().lower() not in ("and", "but"):
            return match.start()
        after = text[match.end() :]
        clause = _PHRASE_END.split(after, maxsplit=1)[0]
        if interpret_text(clause) or _settings(clause.lower()) or _CONTENT.match(after):
            return match.start()
    return len(text)


def _settings(text: str) -> dict[str, float]:
    found: dict[str, float] = {}
    rest = text
    for pattern, key, factor in _SETTING_RULES:
        for match in pattern.finditer(rest):
            amount = match.group("n")
            number = 0 if factor == 0.0 or amount in ("no", "zero") else _amount(amount)
            if key == "length" and number < MIN_STATED_WORDS:
                continue  # "2 words of thanks" is about content, not length
            if key not in found:
                found[key] = float(round(number * factor)) if factor else 0.0
        rest = pattern.sub(lambda m: " " * len(m.group()), rest)
    if "no emoji" in text or "no emojis" in text:
        found.setdefault("emoji", 0.0)
    if "no hashtag" in text or "no hashtags" in text:
        found.setdefault("hashtags", 0.0)
    return found


def _amount(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word]
