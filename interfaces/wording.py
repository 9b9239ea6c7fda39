"""What postmind says that differs between its interfaces: the bot's texts and the
terminal's side by side, and how each phrases the core's errors (which carry facts and
name no interface's commands)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from domain.actions import STYLE_ACTIONS
from domain.errors import (
    BareNumberError,
    EmptyTextError,
    GenerationError,
    InvalidDurationError,
    InvalidSettingError,
    NoDatabaseError,
    PostmindError,
    RetentionTooShortError,
    SameDatabaseError,
    UnknownUserError,
)

# --- the bot ----------------------------------------------------------------------------------

BOT_WELCOME = (
    "Hi! I draft Facebook posts with you and remember how you like them.\n\n"
    "Send me a brief (what the post is about) and I will write a draft. React with the "
    'buttons, or tell me in your own words ("way too long", "more fun", "no hashtags", '
    '"mention the free coffee"), or reply to a draft with your own version. Approve when it '
    "is right."
)
BOT_HELP = (
    "Send a brief to get a draft. While a draft is open, anything you write is feedback: on "
    'the style ("too long", "less corporate") or on what it says ("mention the free coffee", '
    '"don\'t mention the price"); reply to a draft with your own version to teach me your '
    "style directly.\n\n"
    "/new [brief] - start over (with a brief: draft it at once)\n"
    "/stats - how it is going: approvals, satisfaction, most frequent feedback\n"
    "/sessions - your recent sessions\n"
    "/context - what your next draft will be written from\n"
    "/preferences - what I have learned about your style\n"
    "/set key value - state a preference (length 15-400, formality (or tone) "
    "casual|neutral|formal, emoji 0-10, hashtags 0-10, cta yes|no); it applies from the "
    "open draft's next version\n"
    "/reset_preferences - forget what I learned\n"
    "/export - all your data as a JSON file\n"
    "/forget - erase everything I store about you"
)
BOT_COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Say hello"),
    ("help", "How this works"),
    ("new", "Start a new post (optionally with its brief)"),
    ("stats", "Your approvals, satisfaction and feedback"),
    ("sessions", "Your recent sessions"),
    ("context", "What your next draft will be written from"),
    ("preferences", "What I have learned about your style"),
    ("set", "Set a preference: /set length 60"),
    ("reset_preferences", "Forget what I learned"),
    ("export", "Download all your data"),
    ("forget", "Erase everything about you"),
)
BOT_NOT_ALLOWED = "Sorry, this bot is private. Ask its owner to add your Telegram user id."
BOT_SOMETHING_WENT_WRONG = "Sorry, something went wrong on my side. Please try again in a moment."
BOT_UNDELIVERED = "Here is your latest draft: it did not reach you before."
BOT_STALE_BUTTON = "That button is not valid any more."
BOT_FORGET_QUESTION = (
    "This erases everything I store about you: sessions, messages, drafts, feedback and "
    "learned preferences. It cannot be undone. Erase it all?"
)

# --- the terminal ----------------------------------------------------------------------------

TERMINAL_ACTIONS_HINT = "React with text, or :approve  :reject  :regenerate  " + "  ".join(
    f":{a.value}" for a in STYLE_ACTIONS
)

TERMINAL_HELP = """\
Send a brief (what the post is about) and I will draft a Facebook post.
While a draft is open, any text is feedback: on the style ("too long", "more fun", "no hashtags")
or on what it says ("mention the free coffee", "don't mention the price").
Actions: :approve :reject :regenerate :shorter :longer :casual :formal
         :more_emoji :less_emoji :more_hashtags :less_hashtags :add_cta :drop_cta
Your own version: :edit <the whole post as you want it>, then :approve it.
After approving: :rate N (or just the number) to rate the post 1-5.
If a draft fails (the LLM is busy or down): :retry
Commands: /new [brief]  /stats  /sessions  /context  /preferences  /set <key> <value>
          /reset_preferences  /export  /forget  /help  /quit   (end of input also quits)
/set keys: length (15-400 words), formality or tone (casual|neutral|formal), emoji (0-10),
           hashtags (0-10), cta (yes|no); a value set applies from the open draft's next version"""


# --- errors, as each interface says them ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Wording:
    """How one interface tells a user what to do instead."""

    own_version: str  # how to send your own version of a draft
    set_preference: str  # the command that sets a preference, with {key} and {value}
    rate: str  # how to rate the approved post
    approve: str  # how to approve the open draft
    retry: str  # how to ask for a failed draft again


BOT = Wording(
    own_version="reply to the draft with your version of the post",
    set_preference="/set {key} {value}",
    rate="with the 1-5 buttons under the approved post",
    approve="with its Approve button",
    retry="Tap 🔁 Try again",
)
TERMINAL = Wording(
    own_version="send your version of the post after :edit",
    set_preference="/set {key} {value}",
    rate="with :rate N (1-5)",
    approve="with :approve",
    retry="Send :retry to try again",
)


def phrase(error: PostmindError, wording: Wording) -> str:
    """The error as one line for a user of the interface `wording` stands for."""
    match error:
        case EmptyTextError(what="own version"):
            return f"Your version is empty: {wording.own_version}."
        case GenerationError(again=None):
            return str(error)
        case GenerationError(again=again):
            return f"{error} {wording.retry}{again}."
        case UnknownUserError():
            return "Nothing is stored about you yet: send a brief to start."
        case BareNumberError(draft_open=True):
            return (
                f"Did you mean a rating? Approve the draft first ({wording.approve}), then rate"
                f" it {wording.rate}."
            )
        case BareNumberError():
            return (
                f"Did you mean a rating? Rate the approved post {wording.rate}. To start a"
                " post, send a brief of a few words."
            )
        case InvalidSettingError(key=key, value=value, expected=expected, example=example):
            command = wording.set_preference.format(key=key, value=example)
            return f"'{value}' is not a valid {key}: {expected}, e.g. {command}."
    return str(error)


def phrase_admin(error: PostmindError) -> str:
    """The error as one line for the admin command line (which names its options)."""
    forms = "12h, 30d, 2w (hours, days, weeks) or a number of days"
    match error:
        case NoDatabaseError(path=None):
            return "There is no database there: check --database-url."
        case NoDatabaseError(path=path, directory=True):
            return f"{path} is a directory, not a database file; check --database-url."
        case NoDatabaseError(path=path):
            return f"There is no database at {path}: no such file; check --database-url."
        case RetentionTooShortError(shortest=shortest) if shortest:
            least = f"{shortest / timedelta(hours=1):g}h"
            return (
                f"--older-than must be at least {least} for a real cleanup (with --dry-run, 0"
                f" previews everything); it takes {forms}."
            )
        case RetentionTooShortError():
            return f"--older-than cannot be negative; it takes {forms}."
        case InvalidDurationError(text=text, longest=longest):
            return f"--older-than takes {forms}, from 0 to {longest.days} days; not {text!r}."
        case SameDatabaseError():
            return "--from and --to name the same database."
        case UnknownUserError():
            return str(error)
    return phrase(error, TERMINAL)
