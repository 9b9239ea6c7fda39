"""Reading a brief without a model: its sentences, business, times, places and kind.

The offline generator restates the brief in the user's own words and adds sentences from its
phrasebook. Those sentences may carry a phrase of the brief (a slot), and a slot must be
filled only with a whole phrase of the right kind, or the sentence stops being English
("preparing Tuesday", "expect good things from beach"). So this reader is built for precision
over recall: a phrase is taken only when simple word lists and word order make its kind
certain (a time adverbial ends in a weekday, month, date, clock time or a word such as
"tomorrow"; a place adverbial is a preposition and a noun phrase ending in a name or a place
noun; the business is the first sentence's subject when it ends in a business noun or a
name). Anything unsure is left to the slot-free sentences, which suit every brief.

The reader also marks where each sentence can be shortened without breaking its grammar:
before a trailing time or place adverbial, and at a comma. A short post drops those tails
whole instead of cutting the brief mid-phrase.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from infrastructure.generation.offline_phrases import DETERMINERS, STOPWORDS, Kind


def word_list(text: str) -> frozenset[str]:
    """A word list written as text, so it reads as one paragraph rather than a column."""
    return frozenset(text.split())


_EDGE = re.compile(r"^\W+|\W+$")
_CLOCK = re.compile(r"\d{1,2}([:.]\d{2})?\s*(am|pm|a\.m\.?|p\.m\.?)|\d{1,2}:\d{2}(h)?")
_DATE = re.compile(r"\d{1,2}/\d{1,2}(/\d{2,4})?|\d{4}-\d{2}-\d{2}")
_ORDINAL = re.compile(r"\d{1,2}(st|nd|rd|th)")
_NUMBER = re.compile(r"\d{1,4}")
_WORDLIKE = re.compile(r"[^\W\d_][^\W_]*(['’-][^\W\d_]+)*")

WEEKDAYS = frozenset(
    day + suffix
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    for suffix in ("", "s")
)
MONTHS = word_list(
    """
        january february april june july august september october november december jan
        feb apr jun jul aug sep sept oct nov dec
    """
)
_CAPITAL_MONTHS = frozenset({"march", "may"})  # months only when capitalised: "may" is a verb
_ALONE = frozenset({"today", "tonight", "tomorrow", "noon", "midday", "midnight"})
# Holidays are times after a quantifier or a preposition: "at Christmas", not "Merry Christmas".
_HOLIDAYS = frozenset({"christmas", "easter", "halloween", "thanksgiving", "hanukkah", "diwali"})
_HOLIDAY_LEFT = frozenset(
    {"at", "on", "over", "before", "after", "until", "by", "for", "this", "next"}
)
# Time words that need a weekday or a quantifier before them: "this weekend", "every morning".
_PERIODS = word_list(
    """
        week weeks weekend weekends month year morning mornings afternoon afternoons
        evening evenings night nights summer winter spring autumn season holidays
    """
)
_DURATIONS = word_list("minute minutes hour hours day days week weeks month months year years")
_NUMBER_WORDS = word_list(
    """
    a an one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty
    forty fifty hundred few several many
    """
)
_QUANTIFIERS = frozenset({"this", "next", "every", "each", "all", "last", "coming", "that"})
_TIME_LEFT = frozenset({"early", "late", "the", "first", "second", "third", "fourth"})
_TIME_PREPOSITIONS = frozenset(
    {"on", "at", "in", "from", "until", "till", "by", "before", "after", "during", "through"}
)
_TIME_JOINERS = frozenset(
    {"in", "at", "on", "from", "to", "until", "till", "and", "of", "between", "-", "–"}
)
_AMPM = frozenset({"am", "pm", "a.m.", "p.m."})
# A time adverbial reads as "when it happens" only after one of these or at a clause start;
# after "ends", "closes" or "until" it means something else, and slots would misstate it.
_SLOT_TIME_STARTS = frozenset({"on", "at", "in", "this", "next", "every", "each", "all"})
_NOT_WHEN = word_list(
    """
        ends end ending ended closes close closed closing until till by before after
        since through runs deadline was were last yesterday ago
    """
)

# Words a shortened sentence must not end on: "We open a second shop on."
_DANGLING = DETERMINERS | word_list(
    """
    a an and or but nor of to for with at on in from by as is are was were be been will would
    can could than that into about very so if not no its it we you they i
    """
)
# Words that begin a phrase: a sentence cut just before one leaves its phrases whole.
STARTERS = word_list(
    """
    a an and or but of to for with at on in from by as into about between near until till
    who which that where when while because so after before during since over across around
    through under behind inside outside opposite
    """
)
_PLACE_PREPOSITIONS = frozenset(
    {"on", "at", "in", "near", "inside", "outside", "behind", "opposite", "beside"}
)
PLACE_NOUNS = word_list(
    """
        street st road rd avenue ave lane square park beach hall centre center market
        library studio shop store cafe café office corner building floor garden gardens
        gym church school station harbour harbor pier plaza mall venue downtown town
        village city terrace courtyard rooftop bakery restaurant bar pub salon gallery
        museum theatre theater river riverside waterfront lake bridge green promenade
        boardwalk campus hotel kitchen branch location premises warehouse yard field
        stadium arena marina quay playground clinic brewery taproom barn farm forest
        woods trail hill port district neighbourhood neighborhood
    """
)
_NOT_PLACES = word_list(
    """
        online website site page instagram facebook tiktok youtube twitter whatsapp app
        menu stock store person mind time touch total addition fact case advance line
        bio stories comments english spanish french german italian polish japanese chinese
        portuguese dutch russian arabic ukrainian korean greek turkish hindi swedish
    """
)
BUSINESS_NOUNS = word_list(
    """
        bakery bakehouse studio shop store cafe café coffeehouse restaurant bistro diner
        pizzeria deli bar pub brewery taproom roastery salon barbershop barber spa gym
        club team crew staff kitchen library bookshop bookstore school academy clinic
        practice pharmacy florist boutique gallery market farm garage company business
        agency centre center hotel hostel nursery family dojo bakers baristas chefs
        owners workshop atelier kitchens co-op cooperative charity foundation
    """
)
# Words that show the subject has ended and the verb begins: "Our bakery opens ...".
VERBS = word_list(
    """
        is are was were will has have had can just now finally officially also opens
        open reopens starts start launches launch turns celebrates celebrate welcomes
        welcome hosts host offers offer presents returns return moves move closes close
        needs need invites invite introduces gets brings marks joins wins won got made
        makes goes went serves serve runs run takes adds add says wants apologises
        apologizes thanks stays remains reached hit hits bakes 's
    """
)


def _weights(text: str) -> dict[str, int]:
    """A word list with weights: "hiring:3 job" gives hiring 3 and job 1."""
    pairs = (item.partition(":") for item in text.split())
    return {word: int(weight or 1) for word, _, weight in pairs}


# What a brief is about, scored by the words it uses: a strong word (3) decides on its own, a
# weak one (1) only together with others. Ties go to the kind listed first.
KIND_WORDS: dict[Kind, dict[str, int]] = {
    Kind.APOLOGY: _weights(
        """
        apologise:3 apologize:3 apologises:3 apologizes:3 apologies:3 apology:3 mistake:3
        mix-up:3 messed:3 fault:3 oops:2 sorry:3
        """
    ),
    Kind.CLOSURE: _weights(
        """
        closed:3 closing:3 closure:3 closes:3 close:3 shut:3 shutting:3 goodbye:2 farewell:2
        inconvenience:2
        unavailable:2 cancelled:3 canceled:3 paused:2 sad:3
        """
    ),
    Kind.HIRING: _weights(
        """
        hiring:3 hire:3 wanted:3 vacancy:3 vacancies:3 job:3 jobs:3 apply:3 applications:3
        recruiting:3 seeks:3 seeking:3 position:2 positions:2 role:2 cv:3 looking:1 need:1
        needs:1 join:1 experience:1 pay:1
        """
    ),
    Kind.MILESTONE: _weights(
        """
        anniversary:3 milestone:3 birthday:2 celebrates:2 celebrating:2 turns:2 years:1 award:3
        retiring:3 retirement:3 retires:3 wins:3 won:3 winner:3 finalist:3 shortlisted:3 best:1
        awarded:3 named:2 raised:2 members:1 since:1 proud:1 thanks:1 thank:1
        """
    ),
    Kind.EVENT: _weights(
        """
        workshop:2 workshops:2 class:2 classes:2 event:3 party:3 festival:3 concert:3 meetup:3
        talk:2 tasting:2 fair:2 tournament:3 show:2 quiz:3 screening:3 exhibition:3 course:2
        webinar:3 session:2 sessions:2 night:1 gig:3 lessons:2 hosting:2 hosts:2 host:2 live:2
        jazz:2 music:2 signing:3 masterclass:3 performs:3 performance:3 run:1 race:2 gala:3
        tickets:2 story:1 meet:1 yoga:1 tonight:1 invite:1 club:2 meets:2 charity:3 fundraiser:3
        proceeds:3 clinic:2
        """
    ),
    Kind.OFFER: _weights(
        """
        off:3 discount:3 discounts:3 sale:3 deal:3 deals:3 coupon:3 code:2 half-price:3
        bogo:3 voucher:3 free:1 offer:2 price:1 prices:1 cheaper:2
        """
    ),
    Kind.OPENING: _weights(
        """
        opens:2 opening:2 doors:2 open:1 grand:2 second:1 shop:1 branch:2 location:2
        """
    ),
    Kind.PRODUCT: _weights(
        """
        launch:2 launches:2 launching:2 introducing:3 available:2 flavour:2 flavor:2 menu:2
        collection:2 range:2 release:2 releases:3 new:1 order:1 preorder:2 pre-order:2 back:1
        stock:3 stocks:3 restocked:3 sells:2 fresh:2 created:1 each:1 handmade:2 bakes:1
        """
    ),
    Kind.NEWS: _weights(
        """
        hours:3 timetable:2 website:2 packaging:2 parking:2 park:1 roadworks:3 update:2 now:1
        reopen:3 reopens:3 reopening:3 reopened:3 moved:3 moving:3 moves:2 leave:2
        earlier:2 later:2 weekdays:2
        partnering:2 installed:2 switched:2 rise:1
        """
    ),
}
_PERCENT = re.compile(r"\d%|%")
_PRICE = re.compile(r"^[$€£]\d|\d[$€£]$")
_BIG_ORDINAL = re.compile(r"\d[\d,]*\d(st|nd|rd|th)$")  # "100th", "50,000th": a milestone
_REOPENING = frozenset({"reopen", "reopens", "reopening", "reopened"})
_ADDRESS = re.compile(r"https?://|www\.|\.(com|org|net|co|uk|de|fr|it|pl|io|example)\b|/")
_PHONE = re.compile(r"\d[\d ]{6,}\d")
_CONTACT = word_list("cv email e-mail call phone ring dm apply ask")
_CAUSES = word_list(
    """
    because due broke broken burst illness ill sick short storm weather flood power outage
    repairs repair roadworks
    """
)
_FIXED = word_list("fixed corrected resolved restored sorted again")
_RECURRING = word_list("every each weekly daily monthly always")
_DEADLINES = frozenset({"voting", "votes", "entries", "applications", "deadline", "registration"})


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the brief: its words, and where it may end early ("cuts")."""

    words: tuple[str, ...]
    cuts: tuple[int, ...]  # word counts of the grammatical shorter versions, longest first
    breaks: tuple[int, ...]  # where a phrase begins: a cut there ("...") leaves phrases whole


@dataclass(frozen=True, slots=True)
class Reading:
    sentences: tuple[Sentence, ...]
    business: str | None  # "our yoga studio", "Café Lumière"
    times: tuple[str, ...]  # time adverbials fit for a slot: "every Tuesday in June"
    places: tuple[str, ...]  # place adverbials with their preposition: "on the beach"
    kind: Kind
    traits: frozenset[str] = frozenset()  # what some sentences would contradict: "contact"


def core(word: str) -> str:
    return _EDGE.sub("", word)


def read(words: Sequence[str]) -> Reading:
    """What the (cleaned) words of a brief say, as far as word lists and order tell."""
    sentences = _split(words)
    times: list[str] = []
    places: list[str] = []
    segmented: list[Sentence] = []
    for sentence in sentences:
        time_spans = _time_spans(sentence)
        place_spans = _place_spans(sentence, time_spans)
        for start, end in time_spans:
            if _slot_time(sentence, start, end):
                times.append(_phrase(sentence, start, end))
        places += [_phrase(sentence, start, end) for start, end in place_spans]
        spans = time_spans + place_spans
        segmented.append(
            Sentence(tuple(sentence), _cuts(sentence, spans), _breaks(sentence, spans))
        )
    return Reading(
        sentences=tuple(segmented),
        business=_business(sentences[0]) if sentences else None,
        times=_distinct(times),
        places=_distinct(places),
        kind=(kind := kind_of(words)),
        traits=traits_of(words, kind),
    )


def traits_of(words: Sequence[str], kind: Kind) -> frozenset[str]:
    """What the brief says that some sentences would contradict (offline_phrases.
    CONTRADICTED_BY): its own way to get in touch, the cause of a problem, a fix already made,
    a recurring time, a place still open, products in the plural."""
    cores = [core(word).casefold() for word in words]
    found = set(cores)
    text = " ".join(cores)
    traits = {
        "contact": any("@" in w or _ADDRESS.search(w) for w in words)
        or bool(found & _CONTACT)
        or bool(_PHONE.search(" ".join(words))),
        "cause": bool(found & _CAUSES),
        "fixed": bool(found & _FIXED),
        "recurring": bool(found & _RECURRING)
        or any(w in WEEKDAYS and w.endswith("s") for w in found),
        "still open": "still open" in text or bool(found & {"normal", "usual"} and "open" in found),
        "plural": kind is Kind.PRODUCT and bool({"are", "were"} & set(cores[:6])),
    }
    return frozenset(name for name, present in traits.items() if present)


def kind_of(words: Sequence[str]) -> Kind:
    cores = [core(word).casefold() for word in words]
    scores = {
        kind: sum(weights.get(word, 0) for word in set(cores))
        for kind, weights in KIND_WORDS.items()
    }
    scores[Kind.OFFER] += 3 * any(_PERCENT.search(w) for w in words)
    scores[Kind.OFFER] += any(_PRICE.search(w.strip(".,;:!?()")) for w in words)  # "£3.20,"
    scores[Kind.MILESTONE] += 3 * any(_BIG_ORDINAL.search(w) for w in cores)
    timetable = any(a in {"opening", "new"} and b == "hours" for a, b in pairwise(cores))
    deadline = _DEADLINES & set(cores)  # "voting closes on 30 June"
    if _REOPENING & set(cores) or timetable or deadline:  # "we reopen", "new hours: Sun closed"
        scores[Kind.CLOSURE] = 0
    sombre = max(scores[Kind.CLOSURE], scores[Kind.APOLOGY])
    if sombre >= 3:  # a closure or an apology is what the post is about, whatever else it says
        return Kind.CLOSURE if scores[Kind.CLOSURE] == sombre else Kind.APOLOGY
    best = max(scores.values())
    return next((kind for kind in KIND_WORDS if best and scores[kind] == best), Kind.NEWS)


def _split(words: Sequence[str]) -> list[list[str]]:
    """Sentences, with fragments of one or two words joined to a neighbour."""
    sentences: list[list[str]] = [[]]
    for word in words:
        sentences[-1].append(word)
        if word.endswith((".", "?")) and not _ABBREVIATION.fullmatch(word):
            sentences.append([])
    sentences = [s for s in sentences if s]
    joined: list[list[str]] = []
    for sentence in sentences:
        if joined and len(sentence) < 3:  # "We open Monday. Free coffee." -> "... - free coffee."
            previous = joined[-1]
            end = previous[-1][-1] if previous[-1][-1] in ".?" else "."
            previous[-1] = previous[-1].rstrip(".?")
            joined[-1] = [*previous, "—", _lower_first(sentence)[0], *sentence[1:]]
            if joined[-1][-1][-1] not in ".?":
                joined[-1][-1] += end
        elif joined and len(joined[-1]) < 3 and len(joined) == 1:  # "Big news. We open ..."
            first = joined[-1]
            first[-1] = first[-1].rstrip(".?") + ":"
            joined[-1] = [*first, _lower_first(sentence)[0], *sentence[1:]]
        else:
            joined.append(list(sentence))
    return joined


# Words that begin sentences and are no names, so they may go lower case after ":" or "—".
COMMON_STARTS = STOPWORDS | word_list(
    """
    we're we've we'll you're it's there's here's let's that's what's free come book back see
    join get try order call ask find pre-order open closed new fresh kids everyone entry
    tickets prices everything please thanks thank sorry today tonight tomorrow only just
    closed closing hot meet half buy live summer winter spring autumn big last final save
    quiz lunch dinner breakfast brunch coffee cake bread sale sales lifeguards staff help
    """
)
_ABBREVIATION = re.compile(r"(?i)(st|rd|ave|dr|mr|mrs|ms|no|vs|etc|e\.g|i\.e|a\.m|p\.m)\.")


def _lower_first(words: Sequence[str]) -> list[str]:
    """The words with the first in lower case, when it is a common word and not a name."""
    first = words[0]
    if first[1:].islower() and core(first).casefold() in COMMON_STARTS:
        return [first[:1].lower() + first[1:], *words[1:]]
    return list(words)


def _kind_of_time(sentence: Sequence[str], i: int) -> bool:
    """Whether word i is the head of a time phrase on its own."""
    word = core(sentence[i])
    lower = word.casefold()
    before = core(sentence[i - 1]).casefold() if i else ""
    after = core(sentence[i + 1]).casefold() if i + 1 < len(sentence) else ""
    if lower in WEEKDAYS or lower in MONTHS:
        return True
    if lower in _ALONE:  # unless part of a name: "Midnight Stout"
        following = core(sentence[i + 1]) if i + 1 < len(sentence) else ""
        return not (i and word[:1].isupper() and following[:1].isupper())
    if lower in _HOLIDAYS or lower == "boxing":  # "at Christmas", "on Boxing Day"
        return before in _HOLIDAY_LEFT or after in {"day", "eve"}
    if lower in {"day", "eve"}:
        return before in _HOLIDAYS or before == "boxing"
    if lower in _CAPITAL_MONTHS:
        return word[:1].isupper() and (i > 0 or _NUMBER.fullmatch(after) is not None)
    if lower in _PERIODS:
        return (
            before in _QUANTIFIERS
            or before in WEEKDAYS
            or before in _ALONE
            or (
                before == "the" and i > 1 and core(sentence[i - 2]).casefold() in {"in", "at", "of"}
            )
        )
    if _CLOCK.fullmatch(lower) or _DATE.fullmatch(lower):
        return True
    if (_NUMBER.fullmatch(lower) or _ORDINAL.fullmatch(lower)) and sentence[i][:1].isdigit():
        months = MONTHS | _CAPITAL_MONTHS  # next to a number, "May" is a month
        ahead = [core(w).casefold() for w in sentence[i + 1 : i + 4]]
        ranged = len(ahead) == 3 and ahead[0] in {"to", "and", "-", "–"} and ahead[2] in months
        ordinal = bool(_ORDINAL.fullmatch(lower)) and before == "the"  # "on the 3rd"
        return after in months or before in months or after in _AMPM or ranged or ordinal
    if lower == "ago":  # "twenty years ago"
        return before in _DURATIONS
    if _NUMBER.fullmatch(lower) and before == "at" and int(lower) <= 24:  # "Thursday at 8"
        return after in {"", "and", "to", "until", "till", "-", "o'clock"} or _ends_clause(
            sentence[i]
        )
    return lower in _AMPM and bool(_NUMBER.fullmatch(before))


def _time_spans(sentence: Sequence[str]) -> list[tuple[int, int]]:
    """Maximal time adverbials as [start, end) word ranges: "every Tuesday in June"."""
    heads = [_kind_of_time(sentence, i) for i in range(len(sentence))]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(sentence):
        if not heads[i]:
            i += 1
            continue
        start = i
        while start > 0 and _ends_clause(sentence[start - 1]) is False:
            left = core(sentence[start - 1]).casefold()
            ago = core(sentence[i]).casefold() == "ago" and (left in _DURATIONS or _counts(left))
            if left in _QUANTIFIERS or left in _TIME_LEFT or heads[start - 1] or ago:
                start -= 1
            else:
                break
        if (
            start > 0
            and not _ends_clause(sentence[start - 1])
            and core(sentence[start - 1]).casefold() in _TIME_PREPOSITIONS
        ):
            start -= 1
        end = i + 1
        while end < len(sentence) and not _ends_clause(sentence[end - 1]):
            if heads[end]:
                end += 1
                continue
            # a joiner or quantifier leading to another head within two words: "in June"
            ahead = next(
                (
                    j
                    for j in range(end, min(end + 3, len(sentence)))
                    if heads[j] and not any(_ends_clause(w) for w in sentence[end - 1 : j])
                ),
                None,
            )
            word = core(sentence[end]).casefold()
            if ahead is not None and (word in _TIME_JOINERS or word in _QUANTIFIERS):
                end = ahead + 1
            else:
                break
        spans.append((start, end))
        i = end
    return spans


def _counts(word: str) -> bool:
    """Whether the word is a number: "20", "twenty", "a" (as in "a year ago")."""
    return word.isdigit() or word in _NUMBER_WORDS


def _ends_clause(word: str) -> bool:
    return word[-1:] in ",.;:?" and not _CLOCK.fullmatch(word.casefold())


def _slot_time(sentence: Sequence[str], start: int, end: int) -> bool:
    """Whether the time phrase at [start, end) says when something happens, fit for any slot:
    not "on all winter" of "on all winter coats", not "all week" of "5€ all week", not "this
    Thursday 8pm" (a clock time right after a day reads badly in "ready this Thursday 8pm")."""
    first = core(sentence[start]).casefold()
    before = core(sentence[start - 1]).casefold() if start else ""
    if before in _NOT_WHEN or first in _NOT_WHEN:
        return False
    following = core(sentence[end]) if end < len(sentence) else ""
    attributive = not _ends_clause(sentence[end - 1]) and following[:1].islower()
    priced = start > 0 and any(c.isdigit() for c in sentence[start - 1])
    words = [core(w).casefold() for w in sentence[start:end]]
    bare_clock = any(
        _CLOCK.fullmatch(w) and words[i - 1] in WEEKDAYS | _PERIODS | _ALONE
        for i, w in enumerate(words)
        if i
    )
    if (attributive and following.casefold() not in STARTERS) or priced or bare_clock:
        return False
    return first in _SLOT_TIME_STARTS or first in _ALONE  # "See you 12 Oct" would jar


def _place_spans(
    sentence: Sequence[str], times: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Place adverbials: a preposition, then a noun phrase ending in a name or a place noun."""
    in_time = {i for start, end in times for i in range(start, end)}
    spans: list[tuple[int, int]] = []
    for i, word in enumerate(sentence[:-1]):
        if core(word).casefold() not in _PLACE_PREPOSITIONS or i in in_time or _ends_clause(word):
            continue
        end, best = i + 1, None
        while end < len(sentence) and end - i <= 7 and end not in in_time:
            token = core(sentence[end])
            lower = token.casefold()
            named = token[:1].isupper() and lower not in STOPWORDS
            if lower in _NOT_PLACES or lower in VERBS or not token:
                break
            if lower in STOPWORDS and lower not in DETERMINERS and lower not in {"of", "and"}:
                break
            if named or lower in PLACE_NOUNS or (lower in {"of", "and"} and best is None):
                best = end + 1 if (named or lower in PLACE_NOUNS) else best
            if _ends_clause(sentence[end]):
                break
            end += 1
        if best is not None:
            spans.append((i, best))
    return [span for span in spans if not any(s < span[0] < e for s, e in spans)]


def _business(sentence: Sequence[str]) -> str | None:
    """The first sentence's subject, when it ends in a business noun or a name."""
    if not sentence:
        return None
    first = core(sentence[0])
    for size in range(1, min(5, len(sentence))):
        verb = core(sentence[size]).casefold()
        if verb not in VERBS:
            continue
        phrase = [core(w) for w in sentence[:size]]
        if any(_ends_clause(w) for w in sentence[:size]) or not all(phrase):
            return None
        head = phrase[-1]
        determined = first.casefold() in {"our", "the", "my"}
        # Every sentence starts with a capital: a name needs two capitalised words of its own.
        named = size - determined >= 2 and all(w[:1].isupper() for w in phrase[determined:])
        if head.casefold() in STOPWORDS or head.casefold() in WEEKDAYS | MONTHS:
            return None
        if (determined and head.casefold() in BUSINESS_NOUNS) or named:
            if determined and first[1:].islower():
                phrase[0] = phrase[0].lower()
            return " ".join(phrase) if _WORDLIKE.fullmatch(head) else None
        return None
    return None


def _cuts(sentence: Sequence[str], spans: Sequence[tuple[int, int]]) -> tuple[int, ...]:
    """Word counts at which the sentence may stop: before trailing adverbials, at a comma."""
    # At a comma only before a new clause or phrase: "cakes, tarts and coffee" is a list.
    ends = {len(sentence)} | {
        i + 1
        for i, word in enumerate(sentence[:-1])
        if word.endswith((",", ";", ":")) and core(sentence[i + 1]).casefold() in STARTERS
    }
    cuts = ends - {len(sentence)}
    for start, end in sorted(spans, key=lambda span: span[1], reverse=True):
        if end in ends or end in cuts:  # "... a second shop | on Main Street | next Saturday."
            cuts.add(start)
    good = (
        cut
        for cut in cuts
        if 3 <= cut < len(sentence) and core(sentence[cut - 1]).casefold() not in _DANGLING
    )
    return tuple(sorted(good, reverse=True))


def _breaks(sentence: Sequence[str], spans: Sequence[tuple[int, int]]) -> tuple[int, ...]:
    """Where a phrase begins: a time or place adverbial, or a word such as "with" or "for",
    unless it sits inside an adverbial or a name ("Chef of the Year", "£199 instead of £299")."""
    inside = {i for start, end in spans for i in range(start + 1, end)}
    breaks = {start for start, _ in spans}
    breaks |= {i + 1 for i, word in enumerate(sentence[:-1]) if word.endswith((",", ";", ":"))}
    for i in range(1, len(sentence) - 1):
        word, after = core(sentence[i]).casefold(), core(sentence[i + 1])
        joined = word in {"of", "and", "&"} and (after[:1].isupper() or after[:1].isdigit())
        if word in STARTERS and i not in inside and not joined:
            breaks.add(i)
    starters = STARTERS | DETERMINERS
    return tuple(sorted(b for b in breaks if core(sentence[b - 1]).casefold() not in starters))


def _phrase(sentence: Sequence[str], start: int, end: int) -> str:
    words = list(sentence[start:end])
    words[-1] = words[-1].rstrip(",.;:?!")
    if start == 0:
        words = _lower_first(words)
    return " ".join(words)


def _distinct(phrases: Sequence[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for phrase in phrases:
        seen.setdefault(phrase.casefold(), phrase)
    return tuple(seen.values())
