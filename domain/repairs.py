"""Direct repairs of a draft: its emoji and hashtag counts made exact in place.

An LLM follows "exactly 2 hashtags and 1 emoji" only roughly, and asking it again costs a
round trip that may miss again. Hashtags are labels on their own last line and emoji are
decoration, so both can be fixed without the writer as long as the fix cannot harm the
text: repair only moves, drops and appends them. Every cut is checked with the yardstick
(domain.text_metrics): the body's words, the call to action and the tone must measure the
same after it, else another emoji goes or the cut keeps its spaces. A draft that already
fits is returned as it is, so a second repair changes nothing. (Tags glued together,
"#BakeSale#Community", read as one tag and one word; once separated they are two tags, so
such a draft loses that "word": the fit is judged after the repair, so nothing is hidden.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from domain.style import Formality, Style
from domain.text_metrics import (
    HASHTAG,  # the yardstick's own pattern: repairs and measures must never disagree
    body_of,
    count_emoji,
    count_hashtags,
    ends_with_cta,
    formality_of,
    is_emoji,
)

_PALETTE = "✨🎉😊👉📣🙌💡⭐🌟👍"  # one code point each, counted 1 each by the yardstick
_FALLBACK_TAGS = (  # noqa: SIM905  (20: enough for 10 if the draft keeps 9 of them)
    "News Community Local SmallBusiness ShopLocal Update Events Team Today Announcement "
    "Weekend Family Friends Support Welcome Together Neighbors Hometown Season Inspiration"
).split()
_STOPWORDS = frozenset(
    "a about after all also an and announce any are as "  # noqa: SIM905
    "at be because been before but by can come could create do for from get had has have "
    "he her here his how i if in into is it its just let like make me mention more my new "
    "no not now of on or our out over please post say share she so some tell that the "
    "their them then there these they this those to up us very was we were what when "
    "where which while who will with would write you your".split()
)
# what belongs to the emoji before it: presentation selectors, keycap, skin tones, flag tags
_MODIFIER = "[\ufe0e\ufe0f\u20e3\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]"
_MODIFIERS = re.compile(f"{_MODIFIER}*")
_EMOJI_PARTS = re.compile(f"{_MODIFIER}|\u200d")
_ZWJ = "\u200d"
_LETTERS = "".join(map(chr, range(0x1F1E6, 0x1F200)))  # regional indicators: two make a flag
_GLUE = ".,;:!?…)]}%"  # punctuation that belongs against the word before it
_BRIEF_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_MAX_RUN = 3  # capitalised words joined into one tag ("Main Street")
_MAX_TAG = 30  # characters; longer words (URLs, unspaced scripts) make poor tags
_MAX_CHECKS = 100  # measures of candidate cuts per draft, so a hostile draft stays cheap

Signature = tuple[tuple[str, ...], bool, Formality, int]


def repair(text: str, style: Style, brief: str) -> str:
    """`text` with exactly `style.emoji` emoji and `style.hashtags` hashtags, the hashtags
    on their own last line; its words, call to action and tone measure as before."""
    if _fits(text, style):
        return text
    body, found = _take_hashtags(text)
    body = _drop_emoji(body, " ".join(found), style.emoji)
    body, exposed = _take_hashtags(body)  # "#🎉party" had no safe cut: a tag is a tag
    line = " ".join(_choose_tags(found + exposed, style.hashtags, brief))
    body = _tidy_lines(body)
    missing = style.emoji - count_emoji(body)
    if missing > 0:
        fresh = [e for e in _PALETTE if e not in body] + list(_PALETTE)
        added = "".join(fresh[:missing])
        body = f"{body} {added}" if body else added
    head, _, last = text.rstrip().rpartition("\n")  # a blank line before the tags stays
    blank = count_hashtags(last) > 0 and head.rstrip(" \t").endswith("\n")
    return _assemble(body, line, "\n\n" if blank else "\n")


def _fits(text: str, style: Style) -> bool:
    """The counts are exact, and the hashtags, if any, alone on the last line."""
    if count_emoji(text) != style.emoji or count_hashtags(text) != style.hashtags:
        return False
    head, _, last = text.rpartition("\n")
    tags_last = all(HASHTAG.fullmatch(token) for token in last.split())
    return style.hashtags == 0 or (count_hashtags(head) == 0 and tags_last)


def _assemble(body: str, line: str, gap: str = "\n") -> str:
    return f"{body}{gap}{line}" if body and line else body or line


def _signature(text: str) -> Signature:
    """What no repair may change: the words (emoji and glued punctuation aside), the call
    to action, the tone and the number of hashtags."""
    tokens = (t for t in body_of(text).split() if any(c.isalnum() for c in t))
    words = tuple((t if t.isascii() else _bare(t)).rstrip(_GLUE) for t in tokens)
    return words, ends_with_cta(text), formality_of(text), count_hashtags(text)


def _bare(token: str) -> str:
    return _EMOJI_PARTS.sub("", "".join(c for c in token if not is_emoji(c)))


def _cut(text: str, start: int, end: int, join: str) -> str:
    """`text` without text[start:end], its spaces tidied: no double spaces, no space before
    punctuation, no empty line; `join` goes between two characters that touched it."""
    left, right = text[:start], text[end:]
    tail = left[len(left.rstrip()) :]  # spaces up to the line break, which stays
    lean_left = left[: len(left) - len(tail) + tail.rfind("\n") + 1]
    head = right[: len(right) - len(right.lstrip())]
    lean_right = right[head.find("\n") :] if "\n" in head else right[len(head) :]
    line_start = not lean_left or lean_left.endswith("\n")
    line_end = not lean_right or lean_right.startswith("\n")
    if line_start and line_end:  # the line is empty now: drop it
        return lean_left[:-1] + lean_right if lean_left else lean_right[1:]
    if line_start or line_end or lean_right[0] in _GLUE:
        return lean_left + lean_right
    spaced = lean_left != left or lean_right != right
    return lean_left + (" " if spaced else join) + lean_right


def _take_hashtags(text: str) -> tuple[str, list[str]]:
    """The text without its hashtags, and the hashtags in order of appearance."""
    body, found, want = text, list[str](), None
    while match := HASHTAG.search(body):
        want, (start, end) = want or _signature(text), match.span()
        found.append(match.group())
        tidy, plain = _cut(body, start, end, " "), f"{body[:start]} {body[end:]}"
        tidy_fits = (
            len(found) <= _MAX_CHECKS and _signature(_assemble(tidy, " ".join(found))) == want
        )
        body = tidy if tidy_fits else plain  # plain is what body_of measures: always safe
    return body, found


def _choose_tags(found: list[str], count: int, brief: str) -> list[str]:
    """The first `count` tags found, duplicates (case aside) going first, topped up from
    the brief; a tag holding an emoji ("#❶") is dropped, it would count as one."""
    tags = [tag for tag in found if not count_emoji(tag)]
    if len(tags) > count:
        folded = [tag.casefold() for tag in tags]
        tags = [tag for i, tag in enumerate(tags) if folded[i] not in folded[:i]][:count]
    for tag in _candidates(brief):
        if len(tags) >= count:
            break
        if tag.casefold() not in {t.casefold() for t in tags}:
            tags.append(tag)
    return tags


def _candidates(brief: str) -> Iterator[str]:
    """Tags from the brief's capitalised runs, then its longest words, then generic ones."""
    runs: list[tuple[bool, list[str]]] = []  # (opens a sentence, words)
    rest: list[str] = []
    previous, in_run = 0, False
    for match in _BRIEF_WORD.finditer(brief):
        word = match.group().replace("'", "").replace("’", "")
        gap = brief[previous : match.start()]
        opens = previous == 0 or "\n" in gap or gap.rstrip()[-1:] in {*".!?:"}
        previous = match.end()
        if word.casefold() in _STOPWORDS or not word[0].isupper():
            in_run = False
            rest += [word] if word.casefold() not in _STOPWORDS and len(word) >= 3 else []
        elif in_run and gap == " " and len(runs[-1][1]) < _MAX_RUN:
            runs[-1][1].append(word)
        else:
            runs.append((opens, [word]))
            in_run = True
    rest += [run[0] for opens, run in runs if opens and len(run) == 1]  # "Bake a cake"
    words = ["".join(map(_capital, run)) for opens, run in runs if not opens or len(run) > 1]
    words += sorted(map(_capital, rest), key=len, reverse=True)
    yield from (f"#{w}" for w in [*words, *_FALLBACK_TAGS] if _usable(w))


def _capital(word: str) -> str:
    head = word[0].upper()
    return (head if len(head) == 1 else word[0]) + word[1:]  # "ß" would become "SS"


def _usable(word: str) -> bool:
    """A tag the yardstick counts as one hashtag, with no emoji and no tone of its own."""
    return (
        len(word) <= _MAX_TAG
        and all(c.isalnum() for c in word)
        and HASHTAG.fullmatch(f"#{word}") is not None
        and count_emoji(word) == 0
        and formality_of(word.lower()) is Formality.NEUTRAL
    )


def _drop_emoji(body: str, line: str, target: int) -> str:
    """`body` with no more than `target` emoji, dropping the last one each time that can
    go without changing what the yardstick measures; a whole flag (two emoji) only when
    that leaves enough, as a missing emoji is added back at the end. Past _MAX_CHECKS
    measures (a hostile draft) the last emoji just goes, as best it can."""
    want, checks, extra = _signature(_assemble(body, line)), _MAX_CHECKS, count_emoji(body) - target
    while extra > 0:
        best: tuple[tuple[bool, bool, bool, int], int, str] | None = None
        for n, (gone, cut) in enumerate(islice(_emoji_cuts(body), None if checks > 0 else 3)):
            checks -= 1
            unsafe = checks < 0 or _signature(_assemble(cut, line)) != want
            rank = (unsafe, gone > extra, unsafe and count_hashtags(cut) > 0, n)
            best = (rank, gone, cut) if best is None or rank < best[0] else best
            if rank[:2] == (False, False):
                break
        if best is None:
            break
        _, gone, body = best
        extra -= gone
    return body


def _emoji_cuts(body: str) -> Iterator[tuple[int, str]]:
    """Ways to remove one emoji, last emoji first, with the emoji they remove: tidied, just
    deleted, left as a space. Its modifiers and a joiner go with it (a family keeps no
    dangling joiner), and the other half of a flag."""
    for i in (i for i in range(len(body) - 1, -1, -1) if is_emoji(body[i])):
        modifiers = _MODIFIERS.match(body, i + 1)
        start, end = i, modifiers.end() if modifiers else i + 1
        if body[start - 1 : start] == _ZWJ:
            start -= 1
        elif body[end : end + 1] == _ZWJ:
            end += 1
        if body[i] in _LETTERS:  # two letters make one flag: they go together
            offset = i - len(body[:i].rstrip(_LETTERS))
            if offset % 2 == 0 and i + 1 < len(body) and body[i + 1] in _LETTERS:
                continue  # the first half of the flag that ends at i + 1
            start -= offset % 2
        gone = count_emoji(body[start:end])
        yield gone, _cut(body, start, end, "")
        yield gone, body[:start] + body[end:]
        yield gone, f"{body[:start]} {body[end:]}"


def _tidy_lines(body: str) -> str:
    """No trailing spaces, no runs of empty lines, no empty first or last lines."""
    text = "\n".join(line.rstrip() for line in body.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")
