"""What small-business owners type under a draft, and the reading each reaction must give.

Data only: tests/unit/test_feedback_phrases.py reads it. Each phrase is written so that the
reader's rules settle its reading; a phrase two careful people could read differently does not
belong here. Signals are compared as sets: action names (`shorter`), settings as `key=value`
(`length=45`: an upper limit aims a little under it, a lower limit a little over, as in
`_SETTING_RULES`), and content requests `mention:<phrase>` / `omit:<phrase>` with the phrase as
typed (its case kept, trailing "please"/"too"/"as well"/"also"/"thanks" and quotes dropped).
"""

from __future__ import annotations

from dataclasses import dataclass

TONE = "tone"
LENGTH = "length"
EMOJI = "emoji"
HASHTAGS = "hashtags"
CALL_TO_ACTION = "call to action"
CONTENT = "content"
MIXED = "mixed"
NEGATED = "negated"
NOT_UNDERSTOOD = "not understood"

CONTENT_PREFIXES = ("mention:", "omit:")


@dataclass(frozen=True, slots=True)
class Phrase:
    category: str
    text: str
    signals: frozenset[str]

    @property
    def asks_for_content(self) -> bool:
        """True when the reading carries a phrase as typed, so its case is part of it."""
        return any(signal.startswith(CONTENT_PREFIXES) for signal in self.signals)


def _phrases(category: str, *rows: tuple[str, ...]) -> tuple[Phrase, ...]:
    """Rows are (text, *signals); a row of the text alone expects no signals."""
    return tuple(Phrase(category, text, frozenset(signals)) for text, *signals in rows)


_TONE = _phrases(
    TONE,
    # casual: asked for by name
    ("can you make it a bit more casual?", "casual"),
    ("make it more relaxed, it's for our regulars", "casual"),
    ("make it sound friendlier", "casual"),
    ("could it be more fun?", "casual"),
    ("more playful please", "casual"),
    ("a bit more laid-back", "casual"),
    ("make it more warm and welcoming", "casual"),
    ("make it more chill", "casual"),
    ("make it funnier", "casual"),
    ("lighter tone please", "casual"),
    # casual: less of the opposite
    ("less corporate please", "casual"),
    ("less stiff", "casual"),
    ("Less professional please", "casual"),
    ("less serious, it's a kids party", "casual"),
    ("a bit less robotic", "casual"),
    ("make it less dry", "casual"),
    # casual: a complaint about the formal side
    ("it's too formal for our crowd", "casual"),
    ("way too stiff", "casual"),
    ("too corporate", "casual"),
    ("reads too robotic", "casual"),
    ("too serious for a Friday post", "casual"),
    ("the tone is too dry", "casual"),
    ("too professional, we're a surf shop", "casual"),
    ("too businesslike", "casual"),
    ("it sounds like a robot wrote it", "casual"),
    ("sounds like a press release", "casual"),
    ("it sounds corporate", "casual"),
    ("loosen it up a bit", "casual"),
    # formal: asked for by name
    ("make it more professional", "formal"),
    ("more serious please, it's about the closure", "formal"),
    ("can it be more polished?", "formal"),
    ("a bit more businesslike please", "formal"),
    ("more formal please, it's for the council", "formal"),
    ("be more professional", "formal"),
    # formal: less of the opposite
    ("less chatty", "formal"),
    ("less playful please", "formal"),
    ("less jokey", "formal"),
    ("less silly, this is about a price change", "formal"),
    ("a bit less fun please, it's about the recall", "formal"),
    # formal: a complaint about the casual side
    ("too casual for an accountant", "formal"),
    ("way too chatty", "formal"),
    ("too playful for a funeral home", "formal"),
    ("too silly", "formal"),
    ("too informal", "formal"),
    ("a bit too jokey for this", "formal"),
    ("tone it down a bit", "formal"),
    ("this sounds unprofessional", "formal"),
)

_LENGTH = _phrases(
    LENGTH,
    ("Way too long for Facebook", "shorter"),
    ("trim it down a bit", "shorter"),
    ("can you make it shorter?", "shorter"),
    ("shorten it please", "shorter"),
    ("it's too long, nobody reads that much", "shorter"),
    ("cut it in half", "shorter"),
    ("it's a bit too wordy", "shorter"),
    ("punchier please", "shorter"),
    ("keep it brief", "shorter"),
    ("could be more concise", "shorter"),
    ("feels too short", "longer"),
    ("a bit more detail please", "longer"),
    ("can you make it longer?", "longer"),
    ("flesh it out a bit", "longer"),
    ("expand it a little", "longer"),
    ("make it a little longer", "longer"),
    ("keep it under 80 words", "length=72"),
    ("around 60 words", "length=60"),
    ("at least 150 words", "length=165"),
    ("max 40 words please", "length=36"),
    ("make it 70 words", "length=70"),
    ("fewer than 90 words", "length=81"),
    # a stated number wins over the action on the same dimension
    ("shorter, like 50 words", "length=50"),
    ("longer, at least 120 words", "length=132"),
)

_EMOJI = _phrases(
    EMOJI,
    ("more emojis please", "more_emoji"),
    ("use some emojis, it's a party", "more_emoji"),
    ("a few more emojis", "more_emoji"),
    ("add an emoji or two", "more_emoji"),
    ("fewer emojis please", "less_emoji"),
    ("fewer emoji", "less_emoji"),
    ("way too many emojis", "less_emoji"),
    ("too many emojis, it looks like a teenager wrote it", "less_emoji"),
    ("can you lose the emojis", "emoji=0"),
    ("no emojis at all", "emoji=0"),
    ("get rid of the emoji", "emoji=0"),
    ("without emojis this time", "emoji=0"),
    ("zero emojis please", "emoji=0"),
    ("remove all the emojis", "emoji=0"),
    ("only one emoji at the end", "emoji=1"),
    ("add a couple of emojis", "emoji=2"),
    ("two emojis is plenty", "emoji=2"),
    ("3 emojis max", "emoji=3"),
)

_HASHTAGS = _phrases(
    HASHTAGS,
    ("add a few hashtags", "more_hashtags"),
    ("more hashtags please", "more_hashtags"),
    ("use some hashtags", "more_hashtags"),
    ("add a hashtag for the town", "more_hashtags"),
    ("fewer hashtags please", "less_hashtags"),
    ("less hashtags", "less_hashtags"),
    ("way too many hashtags", "less_hashtags"),
    ("too many hashtags, it looks spammy", "less_hashtags"),
    ("no hashtags at all", "hashtags=0"),
    ("get rid of the hashtags", "hashtags=0"),
    ("remove the hashtags please", "hashtags=0"),
    ("zero hashtags", "hashtags=0"),
    ("post it without hashtags", "hashtags=0"),
    ("lose the hashtags, nobody uses them", "hashtags=0"),
    ("just two hashtags", "hashtags=2"),
    ("add a couple of hashtags", "hashtags=2"),
    ("three hashtags is enough", "hashtags=3"),
    ("5 hashtags max", "hashtags=5"),
)

_CALL_TO_ACTION = _phrases(
    CALL_TO_ACTION,
    ("add a call to action at the end", "add_cta"),
    ("add a CTA to visit the shop", "add_cta"),
    ("ask people to come by", "add_cta"),
    ("ask people to call us", "add_cta"),
    ("ask them to book a table", "add_cta"),
    ("ask readers to tag a friend", "add_cta"),
    ("ask for comments at the end", "add_cta"),
    ("invite people to the opening", "add_cta"),
    ("encourage readers to share", "add_cta"),
    ("end with a question for our followers", "add_cta"),
    ("no call to action please", "drop_cta"),
    ("drop the call to action", "drop_cta"),
    ("remove the CTA", "drop_cta"),
    ("lose the call to action, it's pushy", "drop_cta"),
    ("without a call to action", "drop_cta"),
)

_CONTENT = _phrases(
    CONTENT,
    # mention: the phrase as typed, case kept
    ("mention the free coffee", "mention:the free coffee"),
    ("Also mention the Saturday market", "mention:the Saturday market"),
    ("mention Dave's birthday", "mention:Dave's birthday"),
    ("mention the 20% discount", "mention:the 20% discount"),
    ("mention the tea and scones", "mention:the tea and scones"),
    ("mention the farmers market on Sunday!", "mention:the farmers market on Sunday"),
    ("include our opening hours", "mention:our opening hours"),
    ("include the phone number", "mention:the phone number"),
    ("Include the link to our shop", "mention:the link to our shop"),
    ("add that we're closed on Monday", "mention:we're closed on Monday"),
    ("say that parking is free", "mention:parking is free"),
    ("say it's free for kids", "mention:it's free for kids"),
    ("tell them the new menu starts Friday", "mention:the new menu starts Friday"),
    ("tell them booking is essential", "mention:booking is essential"),
    ("don't forget the gluten-free options", "mention:the gluten-free options"),
    ("don't forget to mention the raffle", "mention:the raffle"),
    ("talk about the new espresso machine", "mention:the new espresso machine"),
    ("add something about the loyalty card", "mention:the loyalty card"),
    # mention: trailing politeness and quotes are not part of the phrase
    ("mention the Christmas opening hours please", "mention:the Christmas opening hours"),
    ("mention the raffle pls", "mention:the raffle"),
    ("include the price too", "mention:the price"),
    ("mention the live music as well", "mention:the live music"),
    ("mention the quiz night also", "mention:the quiz night"),
    ("include the booking link thanks", "mention:the booking link"),
    ('say "all welcome"', "mention:all welcome"),
    ('mention "Buy one get one free"', "mention:Buy one get one free"),
    # omit
    ("don't mention the price", "omit:the price"),
    ("don't mention COVID", "omit:COVID"),
    ("do not mention the old location", "omit:the old location"),
    ("Do not mention the competition down the road", "omit:the competition down the road"),
    ("please don't mention the prices, they change weekly", "omit:the prices"),
    ("leave out the parking", "omit:the parking"),
    ("leave out the staff names", "omit:the staff names"),
    ("leave out the parking fees; they're going up", "omit:the parking fees"),
    ("remove the part about the raffle", "omit:the raffle"),
    ("remove the part about free Wi-Fi", "omit:free Wi-Fi"),
    ("drop the bit about the weather", "omit:the weather"),
    ("drop the bit about the owner's dog", "omit:the owner's dog"),
    ("no mention of the renovation", "omit:the renovation"),
    ("skip the history of the building", "omit:the history of the building"),
)

_MIXED = _phrases(
    MIXED,
    ("make it shorter and more relaxed, no hashtags", "shorter", "casual", "hashtags=0"),
    ("too formal and way too long", "shorter", "casual"),
    ("too casual and too long", "shorter", "formal"),
    ("more professional and fewer emojis", "formal", "less_emoji"),
    ("too long, too many hashtags", "shorter", "less_hashtags"),
    ("less chatty, no emojis and add a call to action", "formal", "add_cta", "emoji=0"),
    ("more fun, more emojis", "casual", "more_emoji"),
    ("under 60 words and three hashtags", "length=54", "hashtags=3"),
    ("a bit longer, more emojis and end with a question", "longer", "more_emoji", "add_cta"),
    ("less stiff and add some hashtags", "casual", "more_hashtags"),
    ("shorter, friendlier, and ask people to come by", "shorter", "casual", "add_cta"),
    ("more formal and drop the CTA", "formal", "drop_cta"),
    ("no emojis, no hashtags, and under 40 words", "length=36", "emoji=0", "hashtags=0"),
    ("it sounds like a press release, make it shorter", "shorter", "casual"),
    # a content phrase ends where a style request begins, and not at an "and" inside it
    ("mention the free parking and make it shorter", "mention:the free parking", "shorter"),
    ("include the address and add a few hashtags", "mention:the address", "more_hashtags"),
    ("don't mention the price, and keep it brief", "omit:the price", "shorter"),
    ("say it's free and make it more playful", "mention:it's free", "casual"),
    ("leave out the parking but add a call to action", "omit:the parking", "add_cta"),
    ("tell them we open at 8 and lose the emojis", "mention:we open at 8", "emoji=0"),
    ("add that we're hiring and remove the hashtags", "mention:we're hiring", "hashtags=0"),
    ("mention the tea and cake and make it funnier", "mention:the tea and cake", "casual"),
    ("flesh it out and mention the new opening hours", "longer", "mention:the new opening hours"),
    ("include the hours, skip the history", "mention:the hours", "omit:the history"),
)

_NEGATED = _phrases(
    NEGATED,
    # "not X enough" asks for more X
    ("it's not professional enough", "formal"),
    ("not fun enough", "casual"),
    ("still not friendly enough", "casual"),
    ("not long enough", "longer"),
    ("not short enough, cut more", "shorter"),
    ("not so formal this time", "casual"),
    ("don't be so formal", "casual"),
    ("nothing too formal, it's a pub", "casual"),
    ("not so casual please", "formal"),
    ("don't be so casual", "formal"),
    ("no more emojis this time", "emoji=0"),
    ("no emoji whatsoever", "emoji=0"),
    ("don't add emojis to this one", "less_emoji"),
    ("no more hashtags, they're pointless", "hashtags=0"),
    ("do not add hashtags", "less_hashtags"),
    ("don't ask them to buy anything", "drop_cta"),
    ("no CTA please", "drop_cta"),
    ("don't mention the sale", "omit:the sale"),
    ("do not mention our old name", "omit:our old name"),
    ("no mention of the delay", "omit:the delay"),
    ("don't forget the early bird offer", "mention:the early bird offer"),
)

_NOT_UNDERSTOOD = _phrases(
    NOT_UNDERSTOOD,
    ("hmm",),
    ("meh",),
    ("ok",),
    ("perfect",),
    ("great job",),
    ("not sure",),
    ("spot on",),
    ("try again",),
    ("almost there",),
    ("Not bad at all",),
    ("looks good to me",),
    ("thank you so much",),
    ("love this one",),
    ("it's fine I guess",),
    ("can you do better?",),
    ("I like it but something's off",),
    ("not quite what I had in mind",),
    ("my customers will like this",),
)

PHRASES: tuple[Phrase, ...] = (
    _TONE
    + _LENGTH
    + _EMOJI
    + _HASHTAGS
    + _CALL_TO_ACTION
    + _CONTENT
    + _MIXED
    + _NEGATED
    + _NOT_UNDERSTOOD
)
