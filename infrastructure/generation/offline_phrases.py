"""The offline generator's wording, one table per formality, kept apart from its logic.

Every phrase is written against the yardstick in domain.text_metrics: casual phrases carry
casual markers, formal ones formal markers, neutral ones neither; calls to action match its
CTA pattern and closings do not. Word counts matter (leads at most 5 words so a 15-word post
still has room for the brief; shorts are keyed by their exact count); the tests check the rest.
`{kw}` is replaced by one of the brief's keywords.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.style import Formality


@dataclass(frozen=True, slots=True)
class Tone:
    leads: tuple[str, ...]  # open the first sentence, before the restated brief
    sentences: tuple[str, ...]  # the body, filled in until the length is nearly reached
    shorts: dict[int, tuple[str, ...]]  # exact-size fillers for the last few words
    calls: tuple[str, ...]  # last sentence when a call to action is wanted
    closings: tuple[str, ...]  # last sentence otherwise
    emoji: tuple[str, ...]  # single code points, at least MAX_EMOJI of them


TONES: dict[Formality, Tone] = {
    Formality.CASUAL: Tone(
        leads=(
            "Hey folks, big news:", "Guess what, everyone:", "Hey there, here's the scoop:",
            "Okay folks, it's happening:", "Awesome news, friends:", "Folks, we've got news:",
        ),
        sentences=(
            "We're so excited about {kw}!", "Honestly, {kw} is gonna be awesome!",
            "You're gonna love what's coming with {kw}!",
            "It's been a long time coming, and {kw} is finally here!",
            "Can't stop smiling about {kw}!", "Trust us, {kw} is something you won't wanna miss!",
            "That's right, {kw} is really happening!", "We've put a lot of love into {kw}!",
            "Let's make {kw} one to remember!", "Super proud of the whole team!",
            "Thanks for all the love, folks!", "It's gonna be a good one!",
            "We've been counting down the days!", "You'll see why we're buzzing about {kw}!",
        ),
        shorts={
            1: ("Yay!", "Woohoo!"),
            2: ("So exciting!", "Big day!", "Let's go!"),
            3: ("Can't wait, folks!", "It's gonna rock!", "Stay tuned, folks!"),
        },
        calls=(
            "Drop by and say hi!", "Come by and see us soon!",
            "Tell us what you think in the comments!", "Share this with a friend who'd love it!",
            "Stop by and say hey!", "Tag a friend who's gotta see this!",
        ),
        closings=(
            "Can't wait for this one!", "Big things ahead, folks!", "That's all for now!",
            "We're so excited about this!", "It's gonna be great!",
        ),
        emoji=("🎉", "😊", "🚀", "✨", "🌟", "👏", "🙌", "🥳", "😍", "🔥", "💪", "🍰"),
    ),
    Formality.NEUTRAL: Tone(
        leads=(
            "News from us:", "Here is our latest update:", "A quick update:",
            "Some news for you:", "Good news today:", "An update from the team:",
        ),
        sentences=(
            "This is an important step for {kw}.", "Our team has been preparing {kw} for weeks.",
            "Everything about {kw} has been planned with care.", "Expect good things from {kw}.",
            "We look forward to {kw} with real excitement.",
            "There is a lot to like about {kw}.",
            "For a while now, {kw} has been on our minds.",
            "Details about {kw} will be posted here.",
            "Thank you for your support along the way.", "Our team is proud of this work.",
            "This has been a long time in the making.",
            "Small steps like {kw} matter to our community.",
            "We hope {kw} brings something good to your week.",
            "Many of you asked about {kw}, so here is the answer.",
        ),
        shorts={
            1: ("Exciting.", "Indeed."),
            2: ("Good news.", "Exciting times.", "Stay tuned."),
            3: ("More soon here.", "Watch this space.", "Thanks for reading."),
        },
        calls=(
            "Visit us to learn more.", "Let us know your thoughts in the comments.",
            "Follow our page for updates.", "Drop by and see us.",
            "Share this post with your friends.", "Contact us for more details.",
        ),
        closings=(
            "More details soon.", "Thanks for reading.", "Exciting times ahead.",
            "Stay tuned for more.", "We look forward to it.",
        ),
        emoji=("✨", "🌟", "📣", "💡", "☕", "📅", "👋", "🙂", "🍰", "🌿", "📍", "✅"),
    ),
    Formality.FORMAL: Tone(
        leads=(
            "We are pleased to announce:", "Kindly note the following:",
            "We are delighted to share:", "Please note the following news:",
            "We are pleased to report:", "We would like to announce:",
        ),
        sentences=(
            "We are pleased to share further details regarding {kw}.",
            "It is our privilege to present {kw}.",
            "Furthermore, {kw} reflects our commitment to quality.",
            "We are confident that {kw} will serve our community well.",
            "Please note that {kw} has been prepared with great care.",
            "We would like to thank everyone involved in {kw}.",
            "It is with great pride that we present {kw}.",
            "We sincerely appreciate your interest in {kw}.",
            "You will find that {kw} meets the highest standards.",
            "We are grateful for the trust of our patrons.",
            "It is an honour to serve this community.",
            "We remain sincerely committed to excellence.",
            "Kindly note that {kw} is now confirmed.",
            "We are delighted to announce progress on {kw}.",
        ),
        shorts={
            1: ("Certainly.", "Indeed."),
            2: ("Thank you.", "With gratitude."),
            3: ("Thank you kindly.", "With sincere thanks."),
        },
        calls=(
            "We cordially invite you to visit us.", "Kindly contact us for further details.",
            "Kindly share this announcement with your colleagues.",
            "We would be delighted if you would visit.",
            "Please do not hesitate to contact us.", "We invite you to join us.",
        ),
        closings=(
            "We are grateful for your continued support.", "It is an exciting time for us.",
            "We are delighted to mark this occasion.",
            "We remain sincerely grateful for your support.", "It is a privilege to serve you.",
        ),
        emoji=("📣", "📅", "✨", "🤝", "✅", "📌", "🌟", "💼", "📍", "🔔", "📝", "🙏"),
    ),
}

# Used when the brief offers no keyword of its own.
FALLBACK_TOPIC = "this news"
FALLBACK_SUBJECT = ("our", "latest", "news")
FALLBACK_TAGS = (
    "News", "Community", "Update", "Local", "Today", "Announcement", "Team", "Events",
    "Weekend", "Highlights", "SmallBusiness", "Neighbourhood", "ComingSoon", "Updates",
)

# Casual wording in a brief, rewritten when the post must not read casual.
PLAIN = {
    "guess what": "in short", "hey": "hello", "folks": "everyone", "awesome": "great",
    "super": "very", "gonna": "going to", "wanna": "want to", "y'all": "you all",
    "can't": "cannot", "won't": "will not", "we're": "we are", "you're": "you are",
    "it's": "it is", "don't": "do not", "we've": "we have", "you'll": "you will",
    "that's": "that is", "let's": "let us",
}

# Words that open a noun phrase: the significant word ending it is taken as a keyword.
DETERMINERS = frozenset(
    {"a", "an", "the", "our", "your", "this", "these", "those", "my", "their", "its", "every"}
)

# Words never used as keywords: too common, or parts of formality markers.
STOPWORDS = DETERMINERS | frozenset(
    {
        "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are",
        "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
        "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for",
        "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him",
        "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "let", "like", "may",
        "me", "might", "more", "most", "must", "my", "next", "no", "nor", "not", "now", "of", "off",
        "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "same", "she",
        "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there",
        "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "upon",
        "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom",
        "why", "will", "with", "would", "you", "your", "yours", "yet", "new", "get", "got", "one",
        "two", "three", "first", "second", "last", "soon", "today", "tomorrow", "week", "pleased",
        "delighted", "kindly", "note", "invite", "guess", "please", "open", "opens", "opening",
        "opened", "launch", "launches", "launching", "come", "comes", "coming", "start", "starts",
        "starting", "make", "makes", "take", "takes", "bring", "brings", "celebrate", "celebrates",
        "host", "hosts", "offer", "offers", "announce", "announces", "big", "great", "good", "best",
        "visit", "join", "share", "follow", "tell", "gets", "proud", "thrilled", "excited",
    }
)
